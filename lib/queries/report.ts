// Everything a gap report reads: the filtered coverage rows and the change events since `since`.
import type { ApiRepositoryRow } from "../api-types";
import type { ReportEvent } from "../export/changes";
import { loadCoverage, type CoverageFilters } from "./coverage";
import { listEventsSince } from "./report-events";

export async function loadReportData(filters: CoverageFilters, since: string): Promise<{ columns: string[]; rows: ApiRepositoryRow[]; events: ReportEvent[] }> {
  const coverage = await loadCoverage(filters);
  return { columns: coverage.architectures, rows: coverage.repositories, events: await listEventsSince(since) };
}
