import { route } from "@/lib/http";
import { loadCoverage } from "@/lib/queries";
import { parseCoverageFilters } from "@/lib/validations/coverage";
import { REPORT_CONTENT_TYPES, renderGapReport, type ReportFormat } from "@/lib/export";
import { ValidationError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const params = new URL(req.url).searchParams;
  const format = (params.get("format") ?? "csv") as ReportFormat;
  if (!(format in REPORT_CONTENT_TYPES)) throw new ValidationError('format must be "csv", "json" or "md"');
  params.delete("format");
  const filters = parseCoverageFilters(params);
  const coverage = await loadCoverage(filters);
  const now = new Date().toISOString();
  const text = renderGapReport(format, { columns: coverage.architectures, rows: coverage.repositories, generatedAt: now });
  return new Response(text, {
    headers: {
      "Content-Type": REPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="archgrid-gaps-${now.slice(0, 10)}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
});
