import { route } from "@/lib/http";
import { loadReportData } from "@/lib/queries";
import { parseReportParams } from "@/lib/validations/report";
import { REPORT_CONTENT_TYPES, buildGapReport, renderReport, type ReportFormat } from "@/lib/export";
import { ValidationError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const params = new URL(req.url).searchParams;
  const format = (params.get("format") ?? "csv") as ReportFormat;
  if (!(format in REPORT_CONTENT_TYPES)) throw new ValidationError('format must be "csv", "json" or "md"');
  const now = new Date();
  const { filters, scope, layout, since } = parseReportParams(params, now);
  const { columns, rows, events } = await loadReportData(filters, since);
  const generatedAt = now.toISOString();
  const model = buildGapReport({ rows, filters: { ...filters, columns }, scope, generatedAt, since, events });
  const text = renderReport(format, layout, model, { columns, rows, generatedAt });
  return new Response(text, {
    headers: {
      "Content-Type": REPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="archgrid-gaps-${generatedAt.slice(0, 10)}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
});
