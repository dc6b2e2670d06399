// Base-image lineage (issue 13 item 5): the base annotations stored per tag, and the resolved
// platforms of each base, one row per base shared by every tag naming it. Prisma model calls
// only (no dialect-specific SQL), so PostgreSQL runs it unchanged.
import { prisma } from "../db";

export interface StoredBaseImage {
  key: string;
  reference: string;
  /** Normalized platform keys ("linux/arm64"); null when the base could not be resolved. */
  platforms: string[] | null;
  error: { code: string; message: string } | null;
  resolvedAt: string;
}

/** The base annotations of one tag as stored (null fields when the tag names no base). */
export interface TagBaseAnnotations {
  name: string | null;
  digest: string | null;
  problem: string | null;
}

function toStored(r: { key: string; reference: string; platforms: string | null; errorCode: string | null; errorMessage: string | null; resolvedAt: Date }): StoredBaseImage {
  return {
    key: r.key,
    reference: r.reference,
    platforms: r.platforms === null ? null : (JSON.parse(r.platforms) as string[]),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? r.errorCode } : null,
    resolvedAt: r.resolvedAt.toISOString(),
  };
}

/**
 * Bases due for another read: failed ones older than `failedBefore`, name-keyed ones older than
 * `namedBefore` (digest-keyed successes never are). Oldest first, at most `limit`.
 */
export async function listStaleBaseImages(failedBefore: Date, namedBefore: Date, limit: number): Promise<StoredBaseImage[]> {
  const rows = await prisma.baseImage.findMany({
    where: { OR: [{ platforms: null, resolvedAt: { lt: failedBefore } }, { key: { startsWith: "name:" }, resolvedAt: { lt: namedBefore } }] },
    orderBy: { resolvedAt: "asc" },
    take: limit,
  });
  return rows.map(toStored);
}

/** Changes whenever a base is resolved again: GET /api/coverage's cache key includes it. */
export async function baseImagesStamp(): Promise<string> {
  const a = await prisma.baseImage.aggregate({ _count: { _all: true }, _max: { resolvedAt: true } });
  return `${a._count._all}:${a._max.resolvedAt?.toISOString() ?? ""}`;
}

export async function getBaseImage(key: string): Promise<StoredBaseImage | null> {
  const r = await prisma.baseImage.findUnique({ where: { key } });
  return r ? toStored(r) : null;
}

/** Stores (or replaces) what resolving a base found: its platforms, or why it failed. */
export async function saveBaseImage(key: string, value: { reference: string; platforms: string[] | null; error: { code: string; message: string } | null }): Promise<void> {
  const data = {
    reference: value.reference,
    platforms: value.platforms === null ? null : JSON.stringify(value.platforms),
    errorCode: value.error?.code ?? null,
    errorMessage: value.error?.message ?? null,
    resolvedAt: new Date(),
  };
  await prisma.baseImage.upsert({ where: { key }, create: { key, ...data }, update: data });
}

export interface TagLineage extends TagBaseAnnotations {
  /** The resolved base, when it has been looked up. */
  image: StoredBaseImage | null;
}

/** Cache key of a base: its digest when known (content-addressed), else its canonical name. */
export function baseKey(name: string | null, digest: string | null, canonicalName: string | null): string | null {
  if (digest) return digest;
  return canonicalName ? `name:${canonicalName}` : null;
}

/**
 * Every tag that names a base (or whose base annotations were unusable), by repository id and
 * tag name, with the base's resolved platforms. `canonical` turns an annotation's name into the
 * canonical reference used in cache keys (lib/registry parseReference, passed in to keep this
 * module free of registry code).
 */
export async function loadLineage(canonical: (name: string) => string | null): Promise<Map<string, Map<string, TagLineage>>> {
  // Plain SQL (ANSI, as matrix.ts reads the grid): it runs on every coverage answer the cache does
  // not hold. On 40,000 tags (400 naming a base) it took 4-13 ms at best on a loaded 2-core machine.
  const tags = await prisma.$queryRaw<Array<{ repositoryId: string; name: string; baseName: string | null; baseDigest: string | null; baseProblem: string | null }>>`
    SELECT "repositoryId", "name", "baseName", "baseDigest", "baseProblem" FROM "Tag" WHERE "baseName" IS NOT NULL OR "baseProblem" IS NOT NULL`;
  const out = new Map<string, Map<string, TagLineage>>();
  if (tags.length === 0) return out;
  const keys = new Set<string>();
  const keyed = tags.map((t) => {
    const key = baseKey(t.baseName, t.baseDigest, t.baseName ? canonical(t.baseName) : null);
    if (key) keys.add(key);
    return { t, key };
  });
  // Every base: the table holds one row per distinct base, far fewer than tags.
  const rows = await prisma.$queryRaw<Array<{ key: string; reference: string; platforms: string | null; errorCode: string | null; errorMessage: string | null; resolvedAt: Date | string | number }>>`
    SELECT "key", "reference", "platforms", "errorCode", "errorMessage", "resolvedAt" FROM "BaseImage"`;
  const images = new Map(rows.filter((r) => keys.has(r.key)).map((r) => [r.key, toStored({ ...r, resolvedAt: new Date(r.resolvedAt) })]));
  for (const { t, key } of keyed) {
    let perRepo = out.get(t.repositoryId);
    if (!perRepo) out.set(t.repositoryId, (perRepo = new Map()));
    perRepo.set(t.name, { name: t.baseName, digest: t.baseDigest, problem: t.baseProblem, image: key ? (images.get(key) ?? null) : null });
  }
  return out;
}
