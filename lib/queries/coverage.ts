// The coverage matrix as the API shows it: filtered rows with per-column cells and a summary.
import type { ApiCell, ApiColumnSummary, ApiRepositoryRow, ApiTagCoverage, CoverageResponseFull, RepositoryStatus } from "../api-types";
import { Interner } from "./intern";
import {
  ALL_COLUMNS,
  defaultDir,
  parseColumn,
  satisfies,
  groupOf,
  gapsOf,
  missingColumns,
  waivedOf,
  type GapRules,
  repositoryCell,
  repositoryMissing,
  sortRows,
  type GroupKey,
  type SiblingLike,
  type SortDir,
  type SortKey,
  type TagLike,
} from "../coverage";
import { sortNewestFirst } from "../registry/tag-policy";
import { loadMatrix, readRepositoryWithDigests, type MatrixRepository } from "./matrix";
import { loadRegressions, type RegressionEvent } from "./regressions";
import { loadRowLineage, withLineage } from "./lineage-rows";
import { repositoryStamp, type GapPolicy } from "./waivers";
import { readCoverageStamps, type CoverageStamps } from "./stamps";

export interface CoverageFilters {
  columns: string[];
  q?: string;
  /** Only repositories missing this column. */
  missing?: string;
  status?: RepositoryStatus;
  registry?: string;
  namespace?: string;
  repositoryId?: string;
  /** The request named no columns: show the default five plus any other column the required set names. */
  defaultColumns?: boolean;
  /** Only repositories with a regression (a tag lost platforms) at or after this ISO time. */
  regressedSince?: string;
  /** Include each platform's manifest digest (the repository page wants them; the grid does not). */
  digests?: boolean;
  /** Only repositories with a gap their base image lacks too ("blocked by base"). */
  blockedByBase?: boolean;
}

/** How to order and page the rows. Without `limit` every matching row is returned. */
export interface CoverageView {
  sort?: SortKey;
  dir?: SortDir;
  group?: GroupKey;
  offset?: number;
  /** Rows per page; 0 returns the summary alone (the overview wants only the figures). */
  limit?: number;
}

/** "library/ubuntu" -> "library"; "org/team/app" -> "org/team"; "app" -> "". */
export function namespaceOf(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? "" : name.slice(0, i);
}

/** `latest` first (it is the newest by definition), then versions newest first (semver-aware), then other names. */
function newestFirst<T extends { name: string }>(tags: T[]): T[] {
  const byName = new Map(tags.map((t) => [t.name, t]));
  const rest = sortNewestFirst(tags.map((t) => t.name).filter((n) => n !== "latest"));
  return [...(byName.has("latest") ? ["latest"] : []), ...rest].map((n) => byName.get(n)!);
}

// Every repository has a row of cells (lean rows, ~27 MB at 10,000 with an object per cell), and
// nearly all of them repeat a few dozen values: cells, whole rows of cells, gap lists and
// namespaces are shared and frozen (./intern.ts). Rows that add to a cell copy it (lineage-rows.ts).
const cellsInterned = new Interner<ApiCell>();
const cellRows = new Interner<Record<string, ApiCell>>();
const missingLists = new Interner<string[]>();
const namespaces = new Interner<string>();

// A row of cells is keyed by its cells' numbers, not their text: with notes that name tags, a
// real organization's cells vary more than a seeded one's, and keys of five cells' JSON would cost
// more than the rows they share.
const cellNumbers = new WeakMap<ApiCell, number>();
let nextCellNumber = 0;

function sharedCells(cells: ApiCell[], columns: string[]): Record<string, ApiCell> {
  const shared = cells.map((c) => cellsInterned.get(JSON.stringify(c), () => c));
  const numbers = shared.map((c) => {
    let n = cellNumbers.get(c);
    if (n === undefined) cellNumbers.set(c, (n = nextCellNumber++));
    return n;
  });
  return cellRows.get(`${columns.join(",")}\u0001${numbers.join(",")}`, () => Object.fromEntries(columns.map((c, i) => [c, shared[i]])));
}

/**
 * A repository judged under the columns and rules: its cells and gaps, and per tag (newest first)
 * the columns it lacks. The row has no tags: filters, counts and sorting never look at them, so
 * the API's tag objects are built only for the rows an answer returns (`toRow`).
 */
function judge(r: MatrixRepository, columns: string[], rules: GapRules): { row: ApiRepositoryRow; ordered: MatrixRepository["tags"]; lacking: string[][] } {
  const ordered = newestFirst(r.tags);
  const tagLikes: TagLike[] = [];
  const lacking: string[][] = [];
  const gaps: string[][] = [];
  for (const t of ordered) {
    const scanned = t.digest !== null;
    // The matrix's platform objects as they are: the rules only test `configMismatch` for truth.
    tagLikes.push({ tag: t.name, platforms: t.platforms, error: t.errorCode && !scanned ? { code: t.errorCode, message: t.errorMessage ?? t.errorCode } : null, scanned });
    // What the tag lacks, split into gaps (required, not waived) and waived; informational columns are neither.
    const lack = scanned ? missingColumns(t.platforms, columns) : [];
    lacking.push(lack);
    if (scanned) gaps.push(gapsOf(lack, rules));
  }
  const repoError = r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? r.errorCode } : null;
  if (r.status === "error" && repoError && tagLikes.every((t) => !t.scanned)) {
    for (const t of tagLikes) t.error ??= repoError;
    if (tagLikes.length === 0) tagLikes.push({ tag: "", platforms: [], scanned: false, error: repoError });
  }
  const siblings: SiblingLike[] = r.siblings;
  const missing = repositoryMissing(gaps, columns);
  const namespace = namespaceOf(r.name);
  const row: ApiRepositoryRow = {
    id: r.id,
    reference: r.reference,
    registry: r.registry,
    namespace: namespaces.get(namespace, () => namespace),
    status: r.status,
    lastScannedAt: r.lastScannedAt,
    missing: missingLists.get(missing.join(","), () => missing),
    tags: [],
    cells: sharedCells(columns.map((c) => repositoryCell(tagLikes, c, siblings, rules)), columns),
  };
  if (repoError) row.error = repoError;
  return { row, ordered, lacking };
}

function toRow(r: MatrixRepository, columns: string[], digests: boolean, rules: GapRules): ApiRepositoryRow {
  const { row, ordered, lacking } = judge(r, columns, rules);
  row.tags = ordered.map((t, i) => {
    const out: ApiTagCoverage = {
      tag: t.name,
      digest: t.digest,
      mediaType: t.mediaType,
      checkedAt: t.checkedAt,
      changedAt: t.changedAt,
      // The matrix's platforms carry no digests and are shared, frozen (./intern.ts): the answer
      // holds them as they are. A repository read with digests keeps them only when asked.
      platforms: (digests || t.platforms.every((p) => p.digest === undefined) ? t.platforms : t.platforms.map(({ digest: _digest, ...p }) => p)) as ApiTagCoverage["platforms"],
      missing: gapsOf(lacking[i], rules),
    };
    const waived = waivedOf(lacking[i], rules);
    if (waived.length) out.waived = waived;
    if (t.errorCode) out.error = { code: t.errorCode, message: t.errorMessage ?? t.errorCode };
    if (t.skipped > 0) out.skipped = t.skipped;
    return out;
  });
  return row;
}

/**
 * The newest regression whose lost columns the tag (or, once the tag is gone, the repository)
 * still misses: a marker for a loss that was fixed since would cry wolf.
 */
function openRegression(row: ApiRepositoryRow, events: RegressionEvent[] | undefined, columns: string[]): ApiRepositoryRow["regression"] {
  for (const e of events ?? []) {
    const lost = columns.filter((c) => {
      const col = parseColumn(c);
      return e.removed.some((key) => {
        const [os, architecture] = key.split("/");
        return satisfies(col, { os, architecture });
      });
    });
    const tag = row.tags.find((t) => t.tag === e.tag);
    const stillMissing = tag ? (tag.digest ? tag.missing : []) : row.missing;
    const open = lost.filter((c) => stillMissing.includes(c));
    if (open.length) return { at: e.at, tag: e.tag, lost: open };
  }
  return undefined;
}

// Rows computed for a matrix snapshot, per column set: a reload of the matrix drops them with it.
// Full rows (with their tags) are kept only for rows an answer returned; every repository has a
// lean row (no tags) for filtering, counting and sorting. At 10,000 repositories full rows for
// all of them held ~57 MB.
// On globalThis, as the matrix is: Next bundles the page and the API route apart, and module-level
// caches would hold every lean row once per bundle (the first search after the first page paid
// ~1 s at 10,000 preparing them again).
const cg = globalThis as unknown as {
  archgridRowCache?: WeakMap<MatrixRepository, Map<string, ApiRepositoryRow>>;
  archgridLeanCache?: WeakMap<MatrixRepository, Map<string, Lean>>;
  archgridPrepared?: WeakMap<MatrixRepository[], Prepared[]>;
};
const rowCache = (cg.archgridRowCache ??= new WeakMap());
const leanCache = (cg.archgridLeanCache ??= new WeakMap());

type Lean = { r: MatrixRepository; row: ApiRepositoryRow; scanned: boolean };

// The repository's waivers and the required set are part of every key: a row computed under
// other rules (or before a waiver expired) is never served.
function keyOf(r: MatrixRepository, columns: string, policy: GapPolicy): string {
  return `${columns}|${repositoryStamp(policy, r.id)}`;
}

function remember<T>(cache: WeakMap<MatrixRepository, Map<string, T>>, r: MatrixRepository, key: string, make: () => T): T {
  let perRepo = cache.get(r);
  if (!perRepo) cache.set(r, (perRepo = new Map()));
  let value = perRepo.get(key);
  if (value === undefined) {
    if (perRepo.size > 16) perRepo.clear(); // old rule sets are never asked again
    perRepo.set(key, (value = make()));
  }
  return value;
}

function rulesOf(r: MatrixRepository, policy: GapPolicy): GapRules {
  return { required: policy.required, waivers: policy.waivers.get(r.id) ?? [], now: policy.now };
}

function cachedRow(r: MatrixRepository, columns: string[], digests: boolean, policy: GapPolicy): ApiRepositoryRow {
  return remember(rowCache, r, `${keyOf(r, columns.join(","), policy)}|${digests}`, () => toRow(r, columns, digests, rulesOf(r, policy)));
}

function leanRow(r: MatrixRepository, columns: string[], joined: string, policy: GapPolicy): Lean {
  return remember(leanCache, r, keyOf(r, joined, policy), () => ({ r, row: judge(r, columns, rulesOf(r, policy)).row, scanned: r.tags.some((t) => t.digest !== null) }));
}

/**
 * Every repository's lean row, in matrix order, per matrix snapshot, column set and rules: a
 * request then filters and counts without building a key per repository. Kept per snapshot
 * (the array of the matrix), so a write drops it; unchanged repositories keep their lean rows.
 */
type Prepared = { key: string; entries: Lean[]; ranks?: Map<MatrixRepository, number> };
const preparedCache = (cg.archgridPrepared ??= new WeakMap());

function prepare(repositories: MatrixRepository[], columns: string[], policy: GapPolicy): Prepared {
  const joined = columns.join(",");
  const key = `${joined}|${policy.stamp}`;
  let list = preparedCache.get(repositories);
  if (!list) preparedCache.set(repositories, (list = []));
  let p = list.find((x) => x.key === key);
  if (!p) {
    if (list.length > 4) list.shift();
    list.push((p = { key, entries: repositories.map((r) => leanRow(r, columns, joined, policy)) }));
  }
  return p;
}

/**
 * Position of each repository in the grid's name order (sortRows with `name`), computed once per
 * snapshot; repositories that order as equal share a rank, so a stable sort on ranks gives exactly
 * sortRows' order, without 10,000 × log collator comparisons per request.
 */
function ranksOf(p: Prepared, columns: string[]): Map<MatrixRepository, number> {
  if (p.ranks) return p.ranks;
  // A write re-reads a repository into a new object but rarely changes which references exist:
  // the last ranks, by reference, serve again while they cover exactly the same set.
  const last = g.archgridNameRanks;
  if (last && last.size === p.entries.length && p.entries.every((e) => last.has(e.r.reference))) {
    return (p.ranks = new Map(p.entries.map((e) => [e.r, last.get(e.r.reference)!])));
  }
  const byRow = new Map(p.entries.map((e) => [e.row, e.r]));
  const ordered = sortRows(p.entries.map((e) => e.row), { sort: "name", dir: "asc", group: "none", columns });
  const ranks = new Map<MatrixRepository, number>();
  const byReference = new Map<string, number>();
  let rank = 0;
  ordered.forEach((row, i) => {
    if (i > 0 && !sameName(ordered[i - 1], row)) rank++;
    ranks.set(byRow.get(row)!, rank);
    byReference.set(row.reference, rank);
  });
  g.archgridNameRanks = byReference;
  return (p.ranks = ranks);
}

const g = globalThis as unknown as { archgridNameRanks?: Map<string, number> };

// sortRows' name order is a collator's; two references that collate as equal keep their input
// order there, and must share a rank here.
let collator: Intl.Collator | undefined;
function sameName(a: ApiRepositoryRow, b: ApiRepositoryRow): boolean {
  return (collator ??= new Intl.Collator("en", { numeric: true, sensitivity: "variant" })).compare(a.reference, b.reference) === 0;
}

type Match = { lean: Lean; row: ApiRepositoryRow; full?: ApiRepositoryRow };

/**
 * The matrix, filtered; rows sorted by reference unless `view` orders them. The summary (and the
 * groups) always describe every matching row, the page only `limit` of them.
 */
export async function loadCoverage(filters: CoverageFilters, view: CoverageView = {}, stamps?: CoverageStamps): Promise<CoverageResponseFull> {
  // `stamps`: what GET /api/coverage already read for its cache key (one statement), not read again.
  const { fingerprint, policy } = stamps ?? (await readCoverageStamps());
  // A required column is never left out of an answer that did not choose its columns.
  const columns = filters.defaultColumns ? ALL_COLUMNS.filter((c) => filters.columns.includes(c) || policy.required.includes(c)) : filters.columns;
  const matrix = await loadMatrix(fingerprint);
  const q = filters.q?.toLowerCase();
  const digests = filters.digests ?? false;
  // The repository page wants each platform's manifest digest, which the matrix does not keep: that
  // one repository is read again with them (as it is stored now, so never older than the matrix).
  const one = filters.repositoryId ? (digests ? ((await readRepositoryWithDigests(filters.repositoryId)) ?? undefined) : matrix.byId.get(filters.repositoryId)) : undefined;
  const prepared = filters.repositoryId ? undefined : prepare(matrix.repositories, columns, policy);
  const source: Lean[] = prepared ? prepared.entries : one ? [leanRow(one, columns, columns.join(","), policy)] : [];
  const regressions = await loadRegressions(matrix.fingerprint);
  const lineage = await loadRowLineage();
  const since = filters.regressedSince;
  // The full row as an answer shows it: tags, bases, blocked gaps, upgrade hints.
  const fullOf = (r: MatrixRepository) => withLineage(cachedRow(r, columns, digests, policy), lineage.get(r.id), columns);
  const matches: Match[] = [];
  for (const lean of source) {
    const r = lean.r;
    const events = regressions.get(r.id);
    if (since && !events?.some((e) => e.at >= since)) continue;
    if (filters.status && r.status !== filters.status) continue;
    if (filters.registry && r.registry !== filters.registry) continue;
    if (q && !r.reference.includes(q)) continue;
    if (filters.namespace && namespaceOf(r.name) !== filters.namespace) continue;
    // A base image can mark cells and gaps as blocked, and a regression needs the tags: those rows
    // are judged in full; the others by their lean row alone.
    let full = lineage.has(r.id) || events ? fullOf(r) : undefined;
    const row = full ?? lean.row;
    if (filters.missing && !row.missing.includes(filters.missing)) continue;
    if (filters.blockedByBase && !row.blockedByBase?.length) continue;
    // A copy, so the cached row stays as computed from the matrix alone.
    const regression = full && events ? openRegression(full, events, columns) : undefined;
    if (full && regression) full = { ...full, regression };
    matches.push({ lean, row: full ?? row, full });
  }
  const rows = matches.map((m) => m.row);
  const answer = (m: Match) => m.full ?? fullOf(m.lean.r);

  const scannedRows = matches.filter((m) => m.lean.scanned).map((m) => m.row);
  const summaryColumns: ApiColumnSummary[] = columns.map((key) => {
    let complete = 0;
    let partial = 0;
    let missing = 0;
    let unknown = 0;
    let waived = 0;
    for (const r of rows) {
      const state = r.cells[key]?.state;
      if (state === "present") complete++;
      else if (state === "partial") partial++;
      else if (state === "unknown") unknown++;
      else if (state === "waived") waived++;
      else missing++;
    }
    const pct = (n: number) => (scannedRows.length ? Math.round((n / scannedRows.length) * 1000) / 10 : 0);
    const required = policy.required.includes(key);
    return { key, present: complete + partial, missing, unknown, percent: pct(complete + partial), complete, partial, completePercent: pct(complete), waived, required };
  });
  const summary = summarize(rows, scannedRows, summaryColumns);
  const paged = view.sort !== undefined || view.group !== undefined || view.limit !== undefined || view.offset !== undefined;
  if (!paged) {
    return { architectures: columns, availableColumns: [...ALL_COLUMNS], required: policy.required, repositories: matches.map(answer), summary };
  }
  const sort = view.sort ?? "name";
  const dir = view.dir ?? defaultDir(sort);
  const group = view.group ?? "none";
  let ordered: Match[];
  if (sort === "name" && group === "none" && prepared) {
    const ranks = ranksOf(prepared, columns);
    const sign = dir === "desc" ? -1 : 1;
    ordered = [...matches].sort((a, b) => sign * (ranks.get(a.lean.r)! - ranks.get(b.lean.r)!));
  } else {
    const byRow = new Map(matches.map((m) => [m.row, m]));
    ordered = sortRows(rows, { sort, dir, group, columns }).map((row) => byRow.get(row)!);
  }
  const limit = view.limit ?? ordered.length;
  // A page past the end (rows disappeared since the link was made) shows the last page instead.
  let offset = Math.max(0, view.offset ?? 0);
  if (offset >= ordered.length) offset = limit > 0 ? Math.max(0, Math.floor((ordered.length - 1) / limit) * limit) : 0;
  const out: CoverageResponseFull = {
    architectures: columns,
    availableColumns: [...ALL_COLUMNS],
    required: policy.required,
    repositories: ordered.slice(offset, offset + limit).map(answer),
    summary,
    page: { offset, limit, total: ordered.length },
  };
  if (group !== "none") {
    const counts = new Map<string, number>();
    for (const m of ordered) {
      const g = groupOf(m.row, group);
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    out.groups = [...counts].map(([key, count]) => ({ key, count }));
  }
  return out;
}

function summarize(rows: ApiRepositoryRow[], scannedRows: ApiRepositoryRow[], columns: ApiColumnSummary[]): CoverageResponseFull["summary"] {
  return {
    repositories: rows.length,
    scanned: scannedRows.length,
    complete: scannedRows.filter((r) => r.missing.length === 0).length,
    columns,
  };
}
