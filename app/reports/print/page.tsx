import type { Metadata } from "next";
import { connection } from "next/server";
import { ReportActions } from "@/components/reports/report-actions";
import { buildGapReport } from "@/lib/export/report-model";
import { GapReportView } from "@/lib/export/report-view";
import { AppError } from "@/lib/errors";
import { loadReportData } from "@/lib/queries";
import { parseReportParams } from "@/lib/validations/report";
import "@/lib/export/report.css";

export const metadata: Metadata = { title: "Printable gap report" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The gap report as a page to print or save as PDF, taking the same query as
 * GET /api/reports/gaps (the grid's filters, `scope`, `since`): one summary page, then one page per
 * repository. The same component renders `archgrid report --format html`.
 */
export default async function PrintReportPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") sp.set(k, v);
  const now = new Date();
  let params;
  try {
    params = parseReportParams(sp, now);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">Printable gap report</h1>
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950/50 dark:text-rose-300">
          This link cannot make a report: {e.message}
        </p>
      </div>
    );
  }
  const { columns, rows, events } = await loadReportData(params.filters, params.since);
  const model = buildGapReport({ rows, filters: { ...params.filters, columns }, scope: params.scope, generatedAt: now.toISOString(), since: params.since, events });
  sp.delete("layout");
  sp.delete("format");
  return (
    <div>
      <ReportActions query={sp} scope={params.scope} />
      <GapReportView model={model} />
    </div>
  );
}
