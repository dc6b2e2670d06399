// The report's own query parameters, on top of the grid's filters (lib/validations/coverage.ts):
// shared by GET /api/reports/gaps and the printable page, so both read a link the same way.
import { ValidationError } from "../errors";
import type { ReportScope } from "../export/report-model";
import { REPORT_LAYOUTS, type ReportLayout } from "../export/report";
import { parseCoverageFilters } from "./coverage";
import type { CoverageFilters } from "../queries";

export const REPORT_SCOPES = ["gaps", "all"] as const;
/** "Changed since" defaults to the week before the report: a weekly forward covers it whole. */
export const DEFAULT_SINCE_DAYS = 7;

export interface ReportParams {
  filters: CoverageFilters;
  scope: ReportScope;
  layout: ReportLayout;
  since: string;
}

function parseSinceParam(v: string | null, now: Date): string {
  if (v === null || v === "") return new Date(now.getTime() - DEFAULT_SINCE_DAYS * 86_400_000).toISOString();
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : NaN;
  if (Number.isNaN(t)) throw new ValidationError(`since: "${v}" is not a date (expected YYYY-MM-DD or an ISO time, e.g. since=2026-11-24)`);
  if (t > now.getTime()) throw new ValidationError(`since: ${v} is in the future; nothing can have changed since then`);
  return new Date(t).toISOString();
}

function oneOf<T extends string>(name: string, v: string | null, allowed: readonly T[], fallback: T): T {
  if (v === null || v === "") return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new ValidationError(`${name} must be ${allowed.map((a) => `"${a}"`).join(" or ")}, not "${v.slice(0, 40)}"`);
  return v as T;
}

/** Reads `scope`, `layout`, `since` and the grid's filters; `format` (the route's business) is ignored. */
export function parseReportParams(params: URLSearchParams, now = new Date()): ReportParams {
  const rest = new URLSearchParams(params);
  for (const k of ["format", "scope", "layout", "since"]) rest.delete(k);
  return {
    filters: parseCoverageFilters(rest),
    scope: oneOf("scope", params.get("scope"), REPORT_SCOPES, "gaps"),
    layout: oneOf("layout", params.get("layout"), REPORT_LAYOUTS, "report"),
    since: parseSinceParam(params.get("since"), now),
  };
}
