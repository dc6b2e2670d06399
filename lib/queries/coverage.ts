// The coverage matrix as the API shows it: filtered rows with per-column cells and a summary.
import type { ApiColumnSummary, ApiRepositoryRow, ApiTagCoverage, CoverageResponseFull, RepositoryStatus } from "../api-types";
import { ALL_COLUMNS, missingColumns, repositoryCell, repositoryMissing, type SiblingLike, type TagLike } from "../coverage";
import { loadMatrix, type MatrixRepository } from "./matrix";

export interface CoverageFilters {
  columns: string[];
  q?: string;
  /** Only repositories missing this column. */
  missing?: string;
  status?: RepositoryStatus;
  registry?: string;
  namespace?: string;
  repositoryId?: string;
  /** Include each platform's manifest digest (the repository page wants them; the grid does not). */
  digests?: boolean;
}

/** "library/ubuntu" -> "library"; "org/team/app" -> "org/team"; "app" -> "". */
export function namespaceOf(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? "" : name.slice(0, i);
}

function toRow(r: MatrixRepository, columns: string[], digests: boolean): ApiRepositoryRow {
  const tagLikes: TagLike[] = [];
  const tags: ApiTagCoverage[] = r.tags.map((t) => {
    const scanned = t.digest !== null;
    const platforms = digests ? t.platforms : t.platforms.map(({ digest: _digest, ...p }) => p);
    tagLikes.push({
      tag: t.name,
      platforms: t.platforms.map((p) => ({ ...p, configMismatch: p.configMismatch ?? null })),
      error: t.errorCode && !scanned ? { code: t.errorCode, message: t.errorMessage ?? t.errorCode } : null,
      scanned,
    });
    const out: ApiTagCoverage = {
      tag: t.name,
      digest: t.digest,
      mediaType: t.mediaType,
      checkedAt: t.checkedAt,
      changedAt: t.changedAt,
      platforms,
      missing: scanned ? missingColumns(t.platforms, columns) : [],
    };
    if (t.errorCode) out.error = { code: t.errorCode, message: t.errorMessage ?? t.errorCode };
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
    cells: Object.fromEntries(columns.map((c) => [c, repositoryCell(tagLikes, c, siblings)])),
  };
  if (repoError) row.error = repoError;
  return row;
}

// Rows computed for a matrix snapshot, per column set: a reload of the matrix drops them with it.
const rowCache = new WeakMap<MatrixRepository, Map<string, ApiRepositoryRow>>();

function cachedRow(r: MatrixRepository, columns: string[], digests: boolean): ApiRepositoryRow {
  const key = `${columns.join(",")}|${digests}`;
  let perRepo = rowCache.get(r);
  if (!perRepo) rowCache.set(r, (perRepo = new Map()));
  let row = perRepo.get(key);
  if (!row) perRepo.set(key, (row = toRow(r, columns, digests)));
  return row;
}

/** The matrix, filtered; rows sorted by reference. */
export async function loadCoverage(filters: CoverageFilters): Promise<CoverageResponseFull> {
  const columns = filters.columns;
  const matrix = await loadMatrix();
  const q = filters.q?.toLowerCase();
  const source = filters.repositoryId ? [matrix.byId.get(filters.repositoryId)].filter((r): r is MatrixRepository => !!r) : matrix.repositories;
  const rows: ApiRepositoryRow[] = [];
  for (const r of source) {
    if (filters.status && r.status !== filters.status) continue;
    if (filters.registry && r.registry !== filters.registry) continue;
    if (q && !r.reference.includes(q)) continue;
    if (filters.namespace && namespaceOf(r.name) !== filters.namespace) continue;
    const row = cachedRow(r, columns, filters.digests ?? false);
    if (filters.missing && !row.missing.includes(filters.missing)) continue;
    rows.push(row);
  }

  const scannedRows = rows.filter((r) => r.tags.some((t) => t.digest !== null));
  const summaryColumns: ApiColumnSummary[] = columns.map((key) => {
    let present = 0;
    let missing = 0;
    let unknown = 0;
    for (const r of rows) {
      const state = r.cells[key]?.state;
      if (state === "present" || state === "partial") present++;
      else if (state === "unknown") unknown++;
      else missing++;
    }
    return { key, present, missing, unknown, percent: scannedRows.length ? Math.round((present / scannedRows.length) * 1000) / 10 : 0 };
  });
  return {
    architectures: columns,
    availableColumns: [...ALL_COLUMNS],
    repositories: rows,
    summary: {
      repositories: rows.length,
      scanned: scannedRows.length,
      complete: scannedRows.filter((r) => r.missing.length === 0).length,
      columns: summaryColumns,
    },
  };
}
