// The stored architecture matrix, read in four flat queries and kept in memory until the
// database changes. Reading 2,000 repositories × 4 tags through nested Prisma includes took
// over a second; flat rows joined in JS and a cheap change fingerprint keep the grid fast.
// The SQL is plain ANSI (quoted identifiers, no SQLite functions) so PostgreSQL runs it too.
import { prisma } from "../db";
import type { ApiPlatform, RepositoryStatus } from "../api-types";

export interface MatrixTag {
  id: string;
  name: string;
  digest: string | null;
  mediaType: string | null;
  checkedAt: string | null;
  changedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  platforms: ApiPlatform[];
}

export interface MatrixRepository {
  id: string;
  name: string;
  reference: string;
  registry: string;
  status: RepositoryStatus;
  errorCode: string | null;
  errorMessage: string | null;
  lastScannedAt: string | null;
  tags: MatrixTag[];
  siblings: Array<{ tag: string; prefix: string; reference: string; digest: string; column: string }>;
}

type Cached = { fingerprint: string; repositories: MatrixRepository[]; byId: Map<string, MatrixRepository> };
const g = globalThis as unknown as { archgridMatrix?: Cached; archgridMatrixLoad?: Promise<Cached> };

const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Changes whenever a repository, tag, platform set or sibling is written or deleted. */
async function fingerprint(): Promise<string> {
  const rows = await prisma.$queryRaw<Array<{ k: string; n: bigint | number; m: unknown }>>`
    SELECT 'r' AS k, COUNT(*) AS n, MAX("updatedAt") AS m FROM "Repository"
    UNION ALL SELECT 't', COUNT(*), MAX("checkedAt") FROM "Tag"
    UNION ALL SELECT 'p', COUNT(*), MAX("id") FROM "TagPlatform"
    UNION ALL SELECT 's', COUNT(*), MAX("checkedAt") FROM "SiblingImage"`;
  return rows.map((r) => `${r.k}:${String(r.n)}:${String(r.m)}`).join("|");
}

async function read(fp: string): Promise<Cached> {
  // One read transaction: under WAL the four reads see the same snapshot even while a scan writes.
  const [repos, tags, platforms, siblings] = await prisma.$transaction([
    prisma.$queryRaw<Array<{ id: string; name: string; reference: string; host: string; status: string; errorCode: string | null; errorMessage: string | null; lastScannedAt: Date | null }>>`
      SELECT r."id", r."name", r."reference", g."host", r."status", r."errorCode", r."errorMessage", r."lastScannedAt"
      FROM "Repository" r JOIN "Registry" g ON g."id" = r."registryId" ORDER BY r."reference"`,
    prisma.$queryRaw<Array<{ id: string; repositoryId: string; name: string; digest: string | null; mediaType: string | null; checkedAt: Date | null; changedAt: Date | null; errorCode: string | null; errorMessage: string | null }>>`
      SELECT "id", "repositoryId", "name", "digest", "mediaType", "checkedAt", "changedAt", "errorCode", "errorMessage" FROM "Tag" ORDER BY "name"`,
    prisma.$queryRaw<Array<{ tagId: string; os: string; architecture: string; variant: string | null; osVersion: string | null; osFeatures: string | null; rawOs: string; rawArchitecture: string; rawVariant: string | null; digest: string | null; configPlatform: string | null }>>`
      SELECT "tagId", "os", "architecture", "variant", "osVersion", "osFeatures", "rawOs", "rawArchitecture", "rawVariant", "digest", "configPlatform" FROM "TagPlatform"`,
    prisma.$queryRaw<Array<{ repositoryId: string; tag: string; prefix: string; reference: string; digest: string; column: string }>>`
      SELECT "repositoryId", "tag", "prefix", "reference", "digest", "column" FROM "SiblingImage"`,
  ]);
  const byId = new Map<string, MatrixRepository>();
  const repositories: MatrixRepository[] = repos.map((r) => {
    const repo: MatrixRepository = {
      id: r.id,
      name: r.name,
      reference: r.reference,
      registry: r.host,
      status: r.status as RepositoryStatus,
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      lastScannedAt: iso(r.lastScannedAt),
      tags: [],
      siblings: [],
    };
    byId.set(r.id, repo);
    return repo;
  });
  const tagById = new Map<string, MatrixTag>();
  for (const t of tags) {
    const tag: MatrixTag = {
      id: t.id,
      name: t.name,
      digest: t.digest,
      mediaType: t.mediaType,
      checkedAt: iso(t.checkedAt),
      changedAt: iso(t.changedAt),
      errorCode: t.errorCode,
      errorMessage: t.errorMessage,
      platforms: [],
    };
    tagById.set(t.id, tag);
    byId.get(t.repositoryId)?.tags.push(tag);
  }
  for (const p of platforms) {
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
    tagById.get(p.tagId)?.platforms.push(out);
  }
  const order = (a: ApiPlatform, b: ApiPlatform) =>
    a.os.localeCompare(b.os) || a.architecture.localeCompare(b.architecture) || (a.variant ?? "").localeCompare(b.variant ?? "") || (a.osVersion ?? "").localeCompare(b.osVersion ?? "");
  for (const t of tagById.values()) t.platforms.sort(order);
  for (const s of siblings) byId.get(s.repositoryId)?.siblings.push({ tag: s.tag, prefix: s.prefix, reference: s.reference, digest: s.digest, column: s.column });
  return { fingerprint: fp, repositories, byId };
}

/** The whole matrix; re-read only when the fingerprint moved. Concurrent callers share one read. */
export async function loadMatrix(): Promise<Cached> {
  const fp = await fingerprint();
  if (g.archgridMatrix?.fingerprint === fp) return g.archgridMatrix;
  if (!g.archgridMatrixLoad) {
    g.archgridMatrixLoad = read(fp)
      .then((m) => (g.archgridMatrix = m))
      .finally(() => (g.archgridMatrixLoad = undefined));
  }
  const m = await g.archgridMatrixLoad;
  return m.fingerprint === fp ? m : loadMatrix();
}
