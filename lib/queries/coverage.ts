// The coverage matrix: repositories with their tags, platforms and siblings, turned into rows.
import { prisma } from "../db";
import type { ApiColumnSummary, ApiPlatform, ApiRepositoryRow, ApiTagCoverage, CoverageResponseFull, RepositoryStatus } from "../api-types";
import { ALL_COLUMNS, missingColumns, repositoryCell, repositoryMissing, type SiblingLike, type TagLike } from "../coverage";

export interface CoverageFilters {
  columns: string[];
  q?: string;
  /** Only repositories missing this column. */
  missing?: string;
  status?: RepositoryStatus;
  registry?: string;
  namespace?: string;
  repositoryId?: string;
}

type PlatformRow = {
  os: string;
  architecture: string;
  variant: string | null;
  osVersion: string | null;
  osFeatures: string | null;
  rawOs: string;
  rawArchitecture: string;
  rawVariant: string | null;
  digest: string | null;
  configPlatform: string | null;
};

function toApiPlatform(p: PlatformRow): ApiPlatform {
  const out: ApiPlatform = { os: p.os, architecture: p.architecture };
  if (p.variant) out.variant = p.variant;
  if (p.osVersion) out.osVersion = p.osVersion;
  if (p.osFeatures) out.osFeatures = JSON.parse(p.osFeatures) as string[];
  if (p.digest) out.digest = p.digest;
  if (p.rawOs !== p.os || p.rawArchitecture !== p.architecture || (p.rawVariant ?? null) !== (p.variant ?? null)) {
    out.raw = { os: p.rawOs, architecture: p.rawArchitecture, ...(p.rawVariant ? { variant: p.rawVariant } : {}) };
  }
  if (p.configPlatform) {
    const [os, architecture, variant] = p.configPlatform.split("/");
    out.configMismatch = { os, architecture, ...(variant ? { variant } : {}) };
  }
  return out;
}

/** "docker.io/library/ubuntu" -> "library"; "ghcr.io/org/team/app" -> "org/team"; "host/app" -> "". */
export function namespaceOf(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? "" : name.slice(0, i);
}

/** The whole matrix, filtered; rows sorted by reference. */
export async function loadCoverage(filters: CoverageFilters): Promise<CoverageResponseFull> {
  const columns = filters.columns;
  const repos = await prisma.repository.findMany({
    where: {
      ...(filters.repositoryId ? { id: filters.repositoryId } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.registry ? { registry: { host: filters.registry } } : {}),
      ...(filters.q ? { reference: { contains: filters.q.toLowerCase() } } : {}),
    },
    orderBy: { reference: "asc" },
    select: {
      id: true,
      name: true,
      reference: true,
      status: true,
      errorCode: true,
      errorMessage: true,
      lastScannedAt: true,
      registry: { select: { host: true } },
      siblings: { select: { tag: true, prefix: true, reference: true, digest: true, column: true } },
      tags: {
        orderBy: { name: "asc" },
        select: {
          name: true,
          digest: true,
          mediaType: true,
          checkedAt: true,
          changedAt: true,
          errorCode: true,
          errorMessage: true,
          platforms: {
            select: {
              os: true,
              architecture: true,
              variant: true,
              osVersion: true,
              osFeatures: true,
              rawOs: true,
              rawArchitecture: true,
              rawVariant: true,
              digest: true,
              configPlatform: true,
            },
          },
        },
      },
    },
  });

  const rows: ApiRepositoryRow[] = [];
  for (const r of repos) {
    const namespace = namespaceOf(r.name);
    if (filters.namespace !== undefined && filters.namespace !== "" && namespace !== filters.namespace) continue;
    const tagLikes: TagLike[] = [];
    const tags: ApiTagCoverage[] = r.tags.map((t) => {
      const platforms = t.platforms.map(toApiPlatform);
      const scanned = t.digest !== null;
      tagLikes.push({
        tag: t.name,
        platforms: platforms.map((p) => ({ ...p, configMismatch: p.configMismatch ?? null })),
        error: t.errorCode && !scanned ? { code: t.errorCode, message: t.errorMessage ?? t.errorCode } : null,
        scanned,
      });
      const out: ApiTagCoverage = {
        tag: t.name,
        digest: t.digest,
        mediaType: t.mediaType,
        checkedAt: t.checkedAt?.toISOString() ?? null,
        changedAt: t.changedAt?.toISOString() ?? null,
        platforms,
        missing: scanned ? missingColumns(platforms, columns) : [],
      };
      if (t.errorCode) out.error = { code: t.errorCode, message: t.errorMessage ?? t.errorCode };
      return out;
    });
    if (r.status === "error" && tagLikes.every((t) => !t.scanned)) {
      for (const t of tagLikes) t.error ??= { code: r.errorCode ?? "error", message: r.errorMessage ?? "scan failed" };
      if (tagLikes.length === 0) tagLikes.push({ tag: "", platforms: [], scanned: false, error: { code: r.errorCode ?? "error", message: r.errorMessage ?? "scan failed" } });
    }
    const siblings: SiblingLike[] = r.siblings.map((s) => ({ prefix: s.prefix, reference: s.reference, digest: s.digest, column: s.column }));
    const cells = Object.fromEntries(columns.map((c) => [c, repositoryCell(tagLikes, c, siblings)]));
    const missing = repositoryMissing(tags.filter((t) => t.digest !== null).map((t) => t.missing), columns);
    if (filters.missing && !missing.includes(filters.missing)) continue;
    const row: ApiRepositoryRow = {
      id: r.id,
      reference: r.reference,
      registry: r.registry.host,
      namespace,
      status: r.status as RepositoryStatus,
      lastScannedAt: r.lastScannedAt?.toISOString() ?? null,
      missing,
      tags,
      cells,
    };
    if (r.errorCode) row.error = { code: r.errorCode, message: r.errorMessage ?? r.errorCode };
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
