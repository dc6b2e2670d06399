// The grid's view state and the coverage request it makes. Pure functions, no React: the grid
// page's server component uses them to prefetch exactly the answer the client will ask for.
import { EXTRA_COLUMNS, shownColumns } from "@/lib/coverage/columns";
import { GROUP_KEYS, SORT_KEYS, defaultDir, type GroupKey, type SortDir, type SortKey } from "@/lib/coverage/order";
import type { CoverageRequest } from "@/lib/query-keys";

export type { GroupKey, SortKey };

export interface GridParams {
  q: string;
  missing: string;
  status: string;
  registry: string;
  namespace: string;
  /** YYYY-MM-DD, or "" for no regression filter. */
  regressedSince: string;
  /** Only rows with a gap their base image lacks too. */
  blockedByBase: boolean;
  sort: SortKey;
  dir: SortDir;
  group: GroupKey;
  extra: string[];
  page: number;
}

// 50 rows: bench:ui measured parse, layout and hydration of the first page growing with its rows.
export const PAGE_SIZE = 50;

/** Reads the view from a URL's query; unknown values fall back to the defaults. */
export function parseGridParams(sp: URLSearchParams): GridParams {
  const sort = (SORT_KEYS as readonly string[]).includes(sp.get("sort") ?? "") ? (sp.get("sort") as SortKey) : "name";
  const group = (GROUP_KEYS as readonly string[]).includes(sp.get("group") ?? "") ? (sp.get("group") as GroupKey) : "none";
  const dir = sp.get("dir");
  const extra = (sp.get("extra") ?? "").split(",").filter((c) => (EXTRA_COLUMNS as readonly string[]).includes(c));
  const page = Number.parseInt(sp.get("page") ?? "1", 10);
  return {
    q: sp.get("q") ?? "",
    missing: sp.get("missing") ?? "",
    status: sp.get("status") ?? "",
    registry: sp.get("registry") ?? "",
    namespace: sp.get("namespace") ?? "",
    regressedSince: /^\d{4}-\d{2}-\d{2}$/.test(sp.get("regressedSince") ?? "") ? sp.get("regressedSince")! : "",
    blockedByBase: sp.get("blockedByBase") === "1",
    sort,
    dir: dir === "asc" || dir === "desc" ? dir : defaultDir(sort),
    group,
    extra,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string for a view; defaults are left out so links stay short. */
export function gridSearch(next: GridParams, keepDir: boolean): string {
  const out = new URLSearchParams();
  if (next.q) out.set("q", next.q);
  if (next.missing) out.set("missing", next.missing);
  if (next.status) out.set("status", next.status);
  if (next.registry) out.set("registry", next.registry);
  if (next.namespace) out.set("namespace", next.namespace);
  if (next.regressedSince) out.set("regressedSince", next.regressedSince);
  if (next.blockedByBase) out.set("blockedByBase", "1");
  if (next.sort !== "name") out.set("sort", next.sort);
  if (keepDir || next.dir !== defaultDir(next.sort)) out.set("dir", next.dir);
  if (next.group !== "none") out.set("group", next.group);
  if (next.extra.length) out.set("extra", next.extra.join(","));
  if (next.page > 1) out.set("page", String(next.page));
  return out.toString();
}

/**
 * The grid's columns, in the one canonical order: the five defaults, every column the
 * organization requires (Settings: a required windows/amd64 is shown without being switched on,
 * since a gap nobody can see is no use), and the extra columns switched on in the URL.
 */
export function gridColumns(params: Pick<GridParams, "extra">, required: readonly string[] = []): string[] {
  return shownColumns(required, params.extra);
}

/** Filters only: what the export links and the header percentages describe. */
export function gridFilters(params: GridParams, required: readonly string[] = []): CoverageRequest {
  return {
    columns: gridColumns(params, required),
    q: params.q.trim() || undefined,
    missing: params.missing || undefined,
    status: params.status || undefined,
    registry: params.registry || undefined,
    namespace: params.namespace || undefined,
    regressedSince: params.regressedSince || undefined,
    ...(params.blockedByBase ? { blockedByBase: true } : {}),
  };
}

/** The one page of rows the grid shows for a view. */
export function gridRequest(params: GridParams, required: readonly string[] = []): CoverageRequest {
  return {
    ...gridFilters(params, required),
    sort: params.sort,
    dir: params.dir,
    group: params.group === "none" ? undefined : params.group,
    offset: (params.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}
