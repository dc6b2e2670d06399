// Query-string filters shared by /api/coverage, /api/reports/gaps and the grid's URL.
import { z } from "zod";
import { DEFAULT_COLUMNS, isKnownColumn } from "../coverage";
import { GROUP_KEYS, SORT_KEYS } from "../coverage/order";
import type { CoverageFilters, CoverageView } from "../queries";
import { ValidationError } from "../errors";

const FiltersSchema = z.object({
  columns: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  missing: z.string().max(40).optional(),
  status: z.enum(["pending", "ok", "error"]).optional(),
  registry: z.string().max(255).optional(),
  namespace: z.string().max(255).optional(),
  regressedSince: z.string().max(40).optional(),
  blockedByBase: z.enum(["1", "true", "0", "false"], { message: 'use 1 (only gaps blocked by a base image) or 0' }).optional(),
});

/** "2026-11-20" or a full ISO time -> ISO string; anything else is refused in words. */
function parseSince(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : NaN;
  if (Number.isNaN(t)) throw new ValidationError(`regressedSince: "${v}" is not a date (expected YYYY-MM-DD or an ISO time)`);
  return new Date(t).toISOString();
}

export function parseCoverageFilters(params: URLSearchParams): CoverageFilters {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ""));
  const parsed = FiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ValidationError(`${i.path.join(".")}: ${i.message}`);
  }
  const f = parsed.data;
  // `architectures` is accepted as an alias of `columns`.
  const colParam = f.columns ?? params.get("architectures") ?? undefined;
  const columns = colParam ? colParam.split(",").map((c) => c.trim()).filter(Boolean) : [...DEFAULT_COLUMNS];
  for (const c of columns) if (!isKnownColumn(c)) throw new ValidationError(`columns: unknown architecture column "${c}"`);
  if (f.missing && !isKnownColumn(f.missing)) throw new ValidationError(`missing: unknown architecture column "${f.missing}"`);
  return {
    columns: [...new Set(columns)],
    ...(colParam ? {} : { defaultColumns: true }),
    q: f.q,
    missing: f.missing,
    status: f.status,
    registry: f.registry,
    namespace: f.namespace,
    regressedSince: parseSince(f.regressedSince),
    ...(f.blockedByBase === "1" || f.blockedByBase === "true" ? { blockedByBase: true } : {}),
  };
}

const ViewSchema = z.object({
  sort: z.enum(SORT_KEYS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  group: z.enum(GROUP_KEYS).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(0).max(10_000).optional(),
});

/** `sort`, `dir`, `group`, `offset`, `limit`: how GET /api/coverage orders and pages its rows. */
export function parseCoverageView(params: URLSearchParams): CoverageView {
  const raw: Record<string, string> = {};
  for (const k of ["sort", "dir", "group", "offset", "limit"]) {
    const v = params.get(k);
    if (v !== null && v !== "") raw[k] = v;
  }
  const parsed = ViewSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ValidationError(`${i.path.join(".")}: ${i.message}`);
  }
  return parsed.data;
}
