// Which text a GET /api/reports/gaps answers: the forwardable report (default) or, with
// `layout=table`, the table-only layout scripts have read since the first release.
import { gapReportJson, renderGapReport, type GapReportInput, type ReportFormat } from "./gaps";
import type { GapReportModel } from "./report-model";
import { renderReportCsv, renderReportMarkdown } from "./report-text";

export const REPORT_LAYOUTS = ["report", "table"] as const;
export type ReportLayout = (typeof REPORT_LAYOUTS)[number];

export function renderReport(format: ReportFormat, layout: ReportLayout, model: GapReportModel, table: GapReportInput): string {
  if (format === "json") {
    // Additive: the original fields as they were (every matching repository), the report model under `report`.
    return JSON.stringify(layout === "table" ? gapReportJson(table) : { ...gapReportJson(table), report: model }, null, 2);
  }
  if (layout === "table") return renderGapReport(format, table);
  return format === "csv" ? renderReportCsv(model) : renderReportMarkdown(model);
}
