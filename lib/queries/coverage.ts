// The coverage matrix as the API shows it: filtered rows with per-column cells and a summary.
import type { ApiColumnSummary, ApiRepositoryRow, ApiTagCoverage, CoverageResponseFull, RepositoryStatus } from "../api-types";
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
import { loadMatrix, type MatrixRepository } from "./matrix";
import { loadRegressions, type RegressionEvent } from "./regressions";
import { loadRowLineage, withLineage } from "./lineage-rows";
import { loadGapPolicy, repositoryStamp, type GapPolicy } from "./waivers";

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

function toRow(r: MatrixRepository, columns: string[], digests: boolean, rules: GapRules): ApiRepositoryRow {
  const tagLikes: TagLike[] = [];
  const tags: ApiTagCoverage[] = newestFirst(r.tags).map((t) => {
    const scanned = t.digest !== null;
    const platforms = digests ? t.platforms : t.platforms.map(({ digest: _digest, ...p }) => p);
    tagLikes.push({
      tag: t.name,
      platforms: t.platforms.map((p) => ({ ...p, configMismatch: p.configMismatch ?? null })),
      error: t.errorCode && !scanned ? { code: t.errorCode, message: t.errorMessage ?? t.errorCode } : null,
      scanned,
    });
    // What the tag lacks, split into gaps (required, not waived) and waived; informational columns are neither.
    const lacking = scanned ? missingColumns(t.platforms, columns) : [];
    const out: ApiTagCoverage = {
      tag: t.name,
      digest: t.digest,
      mediaType: t.mediaType,
      checkedAt: t.checkedAt,
      changedAt: t.changedAt,
      platforms,
      missing: gapsOf(lacking, rules),
    };
    const waived = waivedOf(lacking, rules);
    if (waived.length) out.waived = waived;
    if (t.errorCode) out.error = { code: t.errorCode, message: t.errorMessage ?? t.errorCode };
    if (t.skipped > 0) out.skipped = t.skipped;
    return out;
  });
  const repoError = r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? r.errorCode } : null;
  if (r.status === "error" && repoError && tagLikes.every((t) => !t.scanned)) {
    for (const t of tagLikes) t.error ??= repoError;
    if (tagLikes.length === 0) tagLikes.push({ tag: "", platforms: [], scanned: false, error: repoError });
  }
  const siblings: SiblingLike[] = r.siblings;
  const row: ApiRepositoryRow = {
    id: r.id,
    reference: r.reference,
    registry: r.registry,
    namespace: namespaceOf(r.name),
    status: r.status,
    lastScannedAt: r.lastScannedAt,
    missing: repositoryMissing(tags.filter((t) => t.digest !== null).map((t) => t.missing), columns),
    tags,
    cells: Object.fromEntries(columns.map((c) => [c, repositoryCell(tagLikes, c, siblings, rules)])),
  };
  if (repoError) row.error = repoError;
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
const rowCache = new WeakMap<MatrixRepository, Map<string, ApiRepositoryRow>>();

function cachedRow(r: MatrixRepository, columns: string[], digests: boolean, policy: GapPolicy): ApiRepositoryRow {
  // The repository's waivers and the required set are part of the key: a row computed under
  // other rules (or before a waiver expired) is never served.
  const key = `${columns.join(",")}|${digests}|${repositoryStamp(policy, r.id)}`;
  let perRepo = rowCache.get(r);
  if (!perRepo) rowCache.set(r, (perRepo = new Map()));
  let row = perRepo.get(key);
  if (!row) {
    if (perRepo.size > 16) perRepo.clear(); // old rule sets are never asked again
    perRepo.set(key, (row = toRow(r, columns, digests, { required: policy.required, waivers: policy.waivers.get(r.id) ?? [], now: policy.now })));
  }
  return row;
}

/**
 * The matrix, filtered; rows sorted by reference unless `view` orders them. The summary (and the
 * groups) always describe every matching row, the page only `limit` of them.
 */
export async function loadCoverage(filters: CoverageFilters, view: CoverageView = {}): Promise<CoverageResponseFull> {
  const policy = await loadGapPolicy();
  // A required column is never left out of an answer that did not choose its columns.
  const columns = filters.defaultColumns ? ALL_COLUMNS.filter((c) => filters.columns.includes(c) || policy.required.includes(c)) : filters.columns;
  const matrix = await loadMatrix();
  const q = filters.q?.toLowerCase();
  const source = filters.repositoryId ? [matrix.byId.get(filters.repositoryId)].filter((r): r is MatrixRepository => !!r) : matrix.repositories;
  const regressions = await loadRegressions(matrix.fingerprint);
  const lineage = await loadRowLineage();
  const since = filters.regressedSince;
  const rows: ApiRepositoryRow[] = [];
  for (const r of source) {
    const events = regressions.get(r.id);
    if (since && !events?.some((e) => e.at >= since)) continue;
    if (filters.status && r.status !== filters.status) continue;
    if (filters.registry && r.registry !== filters.registry) continue;
    if (q && !r.reference.includes(q)) continue;
    if (filters.namespace && namespaceOf(r.name) !== filters.namespace) continue;
    const row = withLineage(cachedRow(r, columns, filters.digests ?? false, policy), lineage.get(r.id), columns);
    if (filters.missing && !row.missing.includes(filters.missing)) continue;
    if (filters.blockedByBase && !row.blockedByBase?.length) continue;
    // A copy, so the cached row stays as computed from the matrix alone.
    const regression = events ? openRegression(row, events, columns) : undefined;
    rows.push(regression ? { ...row, regression } : row);
  }

  const scannedRows = rows.filter((r) => r.tags.some((t) => t.digest !== null));
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
  const paged = view.sort !== undefined || view.group !== undefined || view.limit !== undefined || view.offset !== undefined;
  if (!paged) {
    return { architectures: columns, availableColumns: [...ALL_COLUMNS], required: policy.required, repositories: rows, summary: summarize(rows, scannedRows, summaryColumns) };
  }
  const sort = view.sort ?? "name";
  const group = view.group ?? "none";
  const ordered = sortRows(rows, { sort, dir: view.dir ?? defaultDir(sort), group, columns });
  const limit = view.limit ?? ordered.length;
  // A page past the end (rows disappeared since the link was made) shows the last page instead.
  let offset = Math.max(0, view.offset ?? 0);
  if (offset >= ordered.length) offset = limit > 0 ? Math.max(0, Math.floor((ordered.length - 1) / limit) * limit) : 0;
  const out: CoverageResponseFull = {
    architectures: columns,
    availableColumns: [...ALL_COLUMNS],
    required: policy.required,
    repositories: ordered.slice(offset, offset + limit),
    summary: summarize(rows, scannedRows, summaryColumns),
    page: { offset, limit, total: ordered.length },
  };
  if (group !== "none") {
    const counts = new Map<string, number>();
    for (const r of ordered) {
      const g = groupOf(r, group);
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
