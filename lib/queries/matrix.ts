// The stored architecture matrix, read in four flat queries and kept in memory until the
// database changes. Reading 2,000 repositories × 4 tags through nested Prisma includes took
// over a second; flat rows joined in JS and a cheap change fingerprint keep the grid fast.
// The SQL is plain ANSI (quoted identifiers, no SQLite functions) so PostgreSQL runs it too.
import { Prisma } from "../generated/prisma/client";
import { prisma } from "../db";
import type { ApiPlatform, RepositoryStatus } from "../api-types";
import { Interner } from "./intern";

export interface MatrixTag {
  name: string;
  digest: string | null;
  mediaType: string | null;
  checkedAt: string | null;
  changedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Index entries skipped as not images (signatures, attestations, artifacts). */
  skipped: number;
  /**
   * Sorted by os, architecture, variant, os.version. Without digests (the matrix keeps none: only
   * the repository page shows them, readRepositoryWithDigests), the list and its objects are shared
   * and frozen (./intern.ts): never edit them.
   */
  platforms: readonly ApiPlatform[];
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

/** Where the last read stopped: the newest timestamps and the row counts it saw. */
interface Marks {
  // As the database returned them (text in SQLite, Date in PostgreSQL), so they can be bound
  // back as parameters of the same type.
  repositoryUpdated: string | Date | null;
  tagChecked: string | Date | null;
  siblingChecked: string | Date | null;
  counts: { r: number; t: number; p: number; s: number };
}


type Cached = {
  fingerprint: string;
  repositories: MatrixRepository[];
  byId: Map<string, MatrixRepository>;
  marks: Marks;
  /** When (by this process's clock) the read of `marks` began. */
  readAt: number;
  /** Incremental reads since the last full one, and when that was. */
  increments: number;
  fullAt: number;
};
const g = globalThis as unknown as { archgridMatrix?: Cached; archgridMatrixLoad?: Promise<Cached> };

const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

type FingerprintRow = { k: string; n: bigint | number; m: unknown; x: string | null };

/**
 * Changes whenever a repository, tag, platform set or sibling is written or deleted. The newest
 * platform id goes in its own column `x`: PostgreSQL refuses a UNION column that mixes timestamps
 * and text (SQLite did not mind). Every aggregate is its own scalar subquery: SQLite then answers
 * COUNT(*) from its b-tree count and MAX("id") from the primary key, where `COUNT(*), MAX(...)` in
 * one SELECT scanned every row (20 → 8 ms at 10,000 × 4 with 120,000 platform rows); it runs on
 * every coverage request.
 */
const fingerprintQuery = () => prisma.$queryRaw<FingerprintRow[]>`
    SELECT 'r' AS k, (SELECT COUNT(*) FROM "Repository") AS n, (SELECT MAX("updatedAt") FROM "Repository") AS m, NULL AS x
    UNION ALL SELECT 't', (SELECT COUNT(*) FROM "Tag"), (SELECT MAX("checkedAt") FROM "Tag"), NULL
    UNION ALL SELECT 'p', (SELECT COUNT(*) FROM "TagPlatform"), NULL, (SELECT MAX("id") FROM "TagPlatform")
    UNION ALL SELECT 's', (SELECT COUNT(*) FROM "SiblingImage"), (SELECT MAX("checkedAt") FROM "SiblingImage"), NULL`;

/**
 * The fingerprint's four rows plus the stamps GET /api/coverage keys its answers with, in one
 * statement: 'b' the resolved base images, 'w' the waivers, 'g' the settings row (its required
 * set verbatim). One round trip instead of four (each a network trip and a parse on PostgreSQL).
 */
export const stampsQuery = () => prisma.$queryRaw<FingerprintRow[]>`
    SELECT 'r' AS k, (SELECT COUNT(*) FROM "Repository") AS n, (SELECT MAX("updatedAt") FROM "Repository") AS m, NULL AS x
    UNION ALL SELECT 't', (SELECT COUNT(*) FROM "Tag"), (SELECT MAX("checkedAt") FROM "Tag"), NULL
    UNION ALL SELECT 'p', (SELECT COUNT(*) FROM "TagPlatform"), NULL, (SELECT MAX("id") FROM "TagPlatform")
    UNION ALL SELECT 's', (SELECT COUNT(*) FROM "SiblingImage"), (SELECT MAX("checkedAt") FROM "SiblingImage"), NULL
    UNION ALL SELECT 'b', (SELECT COUNT(*) FROM "BaseImage"), (SELECT MAX("resolvedAt") FROM "BaseImage"), NULL
    UNION ALL SELECT 'w', (SELECT COUNT(*) FROM "Waiver"), (SELECT MAX("updatedAt") FROM "Waiver"), NULL
    UNION ALL SELECT 'g', (SELECT COUNT(*) FROM "Setting"), (SELECT MAX("updatedAt") FROM "Setting"), (SELECT MAX("requiredColumns") FROM "Setting")`;

/** The matrix fingerprint of stampsQuery's rows (the other rows are left out: same string as fingerprintQuery's). */
export function fingerprintOf(rows: FingerprintRow[]): string {
  return parseFingerprint(rows.filter((r) => r.k === "r" || r.k === "t" || r.k === "p" || r.k === "s")).fingerprint;
}

export type StampRow = FingerprintRow;

function parseFingerprint(rows: FingerprintRow[]): { fingerprint: string; marks: Marks } {
  const by = new Map(rows.map((r) => [r.k, r]));
  const mark = (k: string): string | Date | null => {
    const m = by.get(k)?.m;
    return m === null || m === undefined ? null : m instanceof Date ? m : String(m);
  };
  const count = (k: string) => Number(by.get(k)?.n ?? 0);
  return {
    fingerprint: rows.map((r) => `${r.k}:${String(r.n)}:${String(r.m instanceof Date ? r.m.toISOString() : r.m)}:${String(r.x)}`).join("|"),
    marks: {
      repositoryUpdated: mark("r"),
      tagChecked: mark("t"),
      siblingChecked: mark("s"),
      counts: { r: count("r"), t: count("t"), p: count("p"), s: count("s") },
    },
  };
}

type RepoRow = { id: string; name: string; reference: string; host: string; status: string; errorCode: string | null; errorMessage: string | null; lastScannedAt: Date | null };
type TagRow = { id: string; repositoryId: string; name: string; digest: string | null; mediaType: string | null; checkedAt: Date | null; changedAt: Date | null; errorCode: string | null; errorMessage: string | null; skipped: number | bigint | null };
type PlatformRow = { tagId: string; os: string; architecture: string; variant: string | null; osVersion: string | null; osFeatures: string | null; rawOs: string; rawArchitecture: string; rawVariant: string | null; digest?: string | null; configPlatform: string | null };
type SiblingRow = { repositoryId: string; tag: string; prefix: string; reference: string; digest: string; column: string };

// Repositories per chunk of a full read. Reading 10,000 × 4 at once held ~120,000 platform rows
// three times over (adapter rows, Prisma's rows, the matrix) and grew the process by ~250 MB that
// V8 kept; a chunk's rows are garbage before the next chunk is read.
let CHUNK = 1_000;

/** Tests read a few repositories in several chunks. */
export function setMatrixChunkForTests(n: number): void {
  CHUNK = n;
}

/**
 * The whole matrix, a chunk of repositories (in reference order) per read transaction. The marks
 * are taken first: whatever is written while the chunks are read carries a later stamp (or moves
 * a count), so the next call sees another fingerprint and re-reads it (readChanged), exactly as it
 * would a write made after a one-transaction read.
 */
async function read(): Promise<Cached> {
  const readAt = Date.now();
  const fp = await fingerprintQuery();
  const repositories: MatrixRepository[] = [];
  const byId = new Map<string, MatrixRepository>();
  let after: string | null = null;
  for (;;) {
    const past: Prisma.Sql = after === null ? Prisma.empty : Prisma.sql`WHERE "reference" > ${after}`;
    const chunk: Prisma.Sql = Prisma.sql`SELECT "id" FROM "Repository" ${past} ORDER BY "reference" LIMIT ${Prisma.raw(String(CHUNK))}`;
    const [repos, tags, platforms, siblings]: [RepoRow[], TagRow[], PlatformRow[], SiblingRow[]] = await prisma.$transaction([
      prisma.$queryRaw<RepoRow[]>`
        SELECT r."id", r."name", r."reference", g."host", r."status", r."errorCode", r."errorMessage", r."lastScannedAt"
        FROM "Repository" r JOIN "Registry" g ON g."id" = r."registryId" WHERE r."id" IN (${chunk}) ORDER BY r."reference"`,
      prisma.$queryRaw<TagRow[]>`
        SELECT "id", "repositoryId", "name", "digest", "mediaType", "checkedAt", "changedAt", "errorCode", "errorMessage", "skipped" FROM "Tag"
        WHERE "repositoryId" IN (${chunk}) ORDER BY "name"`,
      prisma.$queryRaw<PlatformRow[]>`
        SELECT p."tagId", p."os", p."architecture", p."variant", p."osVersion", p."osFeatures", p."rawOs", p."rawArchitecture", p."rawVariant", p."configPlatform"
        FROM "TagPlatform" p JOIN "Tag" t ON t."id" = p."tagId" WHERE t."repositoryId" IN (${chunk})`,
      prisma.$queryRaw<SiblingRow[]>`
        SELECT "repositoryId", "tag", "prefix", "reference", "digest", "column" FROM "SiblingImage" WHERE "repositoryId" IN (${chunk})`,
    ]);
    const part = assemble(repos, tags, platforms, siblings);
    for (const repo of part.repositories) {
      repositories.push(repo);
      byId.set(repo.id, repo);
    }
    if (repos.length < CHUNK) break;
    after = repos[repos.length - 1].reference;
  }
  return { ...parseFingerprint(fp), readAt, repositories, byId, increments: 0, fullAt: Date.now() };
}

// A write stamped in the same millisecond as the newest row of the last read can follow that read
// only while that millisecond is recent. Later, the rows at the old mark are the ones it saw.
const HOT_MARK_MS = 5_000;

/**
 * Rows written since a mark, as a condition on `column`: at or after it while the mark was recent
 * at the last read (a same-millisecond write may have followed it), strictly after it otherwise.
 * With `>=` always, a bulk add or a seeded database, whose thousands of rows share one timestamp,
 * made every "incremental" read a full one. A commit that lands more than HOT_MARK_MS after its
 * stamp is missed here as one stamped earlier than the mark always was: the row counts catch
 * inserts and deletions, and the periodic full read catches the rest.
 */
function sinceMark(column: string, mark: string | Date, readAt: number): Prisma.Sql {
  const c = Prisma.raw(`"${column}"`);
  const at = mark instanceof Date ? mark.getTime() : Date.parse(mark);
  return readAt - at > HOT_MARK_MS ? Prisma.sql`${c} > ${mark}` : Prisma.sql`${c} >= ${mark}`;
}

/** The repositories with anything written since the marks of `prev`. */
function changedSince(prev: Cached, r: string | Date, t: string | Date, s: string | Date | null): Prisma.Sql {
  // No sibling rows at the last read: every sibling row is new.
  const siblings = s === null ? Prisma.empty : Prisma.sql` WHERE ${sinceMark("checkedAt", s, prev.readAt)}`;
  return Prisma.sql`SELECT "id" FROM "Repository" WHERE ${sinceMark("updatedAt", r, prev.readAt)}
    UNION SELECT "repositoryId" FROM "Tag" WHERE ${sinceMark("checkedAt", t, prev.readAt)}
    UNION SELECT "repositoryId" FROM "SiblingImage"${siblings}`;
}

/**
 * Re-reads only the repositories written since `prev` (a scan touches a few at a time), and
 * keeps every other repository's object, so rows computed from them stay cached too. Returns
 * null when the result cannot be trusted: the merged counts must equal the snapshot's counts
 * exactly, which catches deletions that leave no timestamp behind.
 */
async function readChanged(prev: Cached): Promise<Cached | null> {
  const { repositoryUpdated: r, tagChecked: t, siblingChecked: sb } = prev.marks;
  if (r === null || t === null) return null;
  const readAt = Date.now();
  // Thousands moved (a bulk add read while its stamp was recent, a scan of everything between two
  // reads): the chunked full read holds less at once than one transaction of all of them.
  const [{ n }] = await prisma.$queryRaw<Array<{ n: bigint | number }>>`SELECT COUNT(*) AS n FROM (${changedSince(prev, r, t, sb)}) c`;
  if (Number(n) > CHUNK) return null;
  const [fp, repos, tags, platforms, siblings] = await prisma.$transaction([
    fingerprintQuery(),
    prisma.$queryRaw<RepoRow[]>`
      SELECT r."id", r."name", r."reference", g."host", r."status", r."errorCode", r."errorMessage", r."lastScannedAt"
      FROM "Repository" r JOIN "Registry" g ON g."id" = r."registryId" WHERE r."id" IN (${changedSince(prev, r, t, sb)}) ORDER BY r."reference"`,
    prisma.$queryRaw<TagRow[]>`
      SELECT "id", "repositoryId", "name", "digest", "mediaType", "checkedAt", "changedAt", "errorCode", "errorMessage", "skipped" FROM "Tag"
      WHERE "repositoryId" IN (${changedSince(prev, r, t, sb)}) ORDER BY "name"`,
    prisma.$queryRaw<PlatformRow[]>`
      SELECT p."tagId", p."os", p."architecture", p."variant", p."osVersion", p."osFeatures", p."rawOs", p."rawArchitecture", p."rawVariant", p."configPlatform"
      FROM "TagPlatform" p JOIN "Tag" t ON t."id" = p."tagId" WHERE t."repositoryId" IN (${changedSince(prev, r, t, sb)})`,
    prisma.$queryRaw<SiblingRow[]>`
      SELECT "repositoryId", "tag", "prefix", "reference", "digest", "column" FROM "SiblingImage" WHERE "repositoryId" IN (${changedSince(prev, r, t, sb)})`,
  ]);
  const next = parseFingerprint(fp);
  const fresh = assemble(repos, tags, platforms, siblings);
  const byId = new Map(prev.byId);
  let added = false;
  for (const repo of fresh.repositories) {
    if (!byId.has(repo.id)) added = true;
    byId.set(repo.id, repo);
  }
  const repositories = added ? [...byId.values()].sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0)) : prev.repositories.map((x) => byId.get(x.id)!);
  let tagCount = 0;
  let platformCount = 0;
  let siblingCount = 0;
  for (const repo of repositories) {
    tagCount += repo.tags.length;
    siblingCount += repo.siblings.length;
    for (const tag of repo.tags) platformCount += tag.platforms.length;
  }
  const c = next.marks.counts;
  if (repositories.length !== c.r || tagCount !== c.t || platformCount !== c.p || siblingCount !== c.s) return null;
  return { ...next, readAt, repositories, byId, increments: prev.increments + 1, fullAt: prev.fullAt };
}

// One copy of each often-repeated value (os, architectures, variants, media types, tag names,
// hosts): the database hands back a new string per row, 120,000 "linux" at 10,000 repositories.
const interned = new Map<string, string>();
function intern<T extends string | null>(v: T): T {
  if (v === null) return v;
  const known = interned.get(v);
  if (known !== undefined) return known as T;
  if (interned.size > 50_000) interned.clear(); // tag names are unbounded in principle
  interned.set(v, v);
  return v;
}

// The platform objects and lists of tags, shared (./intern.ts): ~140,000 objects at 10,000 × 4
// are a few dozen distinct values.
const platformsInterned = new Interner<ApiPlatform>();
const listsInterned = new Interner<readonly ApiPlatform[]>();
const keyOfPlatform = new WeakMap<ApiPlatform, string>();

// Same key order as the API has always answered with (JSON compares by text).
function platformOf(p: PlatformRow, digest: string | null): ApiPlatform {
  const out: ApiPlatform = { os: intern(p.os), architecture: intern(p.architecture) };
  if (p.variant) out.variant = intern(p.variant);
  if (p.osVersion) out.osVersion = intern(p.osVersion);
  if (p.osFeatures) out.osFeatures = JSON.parse(p.osFeatures) as string[];
  if (digest) out.digest = digest;
  if (p.rawOs !== p.os || p.rawArchitecture !== p.architecture || (p.rawVariant ?? null) !== (p.variant ?? null)) {
    out.raw = { os: intern(p.rawOs), architecture: intern(p.rawArchitecture), ...(p.rawVariant ? { variant: intern(p.rawVariant) } : {}) };
  }
  if (p.configPlatform) {
    const [os, architecture, variant] = p.configPlatform.split("/");
    out.configMismatch = { os, architecture, ...(variant ? { variant } : {}) };
  }
  return out;
}

function sharedPlatform(p: PlatformRow): ApiPlatform {
  const key = [p.os, p.architecture, p.variant, p.osVersion, p.osFeatures, p.rawOs, p.rawArchitecture, p.rawVariant, p.configPlatform].join("\u0000");
  const shared = platformsInterned.get(key, () => platformOf(p, null));
  keyOfPlatform.set(shared, key);
  return shared;
}

const platformOrder = (a: ApiPlatform, b: ApiPlatform) =>
  a.os.localeCompare(b.os) || a.architecture.localeCompare(b.architecture) || (a.variant ?? "").localeCompare(b.variant ?? "") || (a.osVersion ?? "").localeCompare(b.osVersion ?? "");

/**
 * Rows of a set of repositories joined into matrix objects. Without `digests` (the matrix) the
 * platforms are shared frozen objects without their manifest digest; with it (one repository for
 * its page), objects of their own that carry it.
 */
function assemble(repos: RepoRow[], tags: TagRow[], platforms: PlatformRow[], siblings: SiblingRow[], digests = false): { repositories: MatrixRepository[]; byId: Map<string, MatrixRepository> } {
  const byId = new Map<string, MatrixRepository>();
  const repositories: MatrixRepository[] = repos.map((r) => {
    const repo: MatrixRepository = {
      id: r.id,
      name: r.name,
      reference: r.reference,
      registry: intern(r.host),
      status: intern(r.status) as RepositoryStatus,
      errorCode: intern(r.errorCode),
      errorMessage: r.errorMessage,
      lastScannedAt: iso(r.lastScannedAt),
      tags: [],
      siblings: [],
    };
    byId.set(r.id, repo);
    return repo;
  });
  const tagById = new Map<string, { tag: MatrixTag; platforms: ApiPlatform[] }>();
  for (const t of tags) {
    const tag: MatrixTag = {
      name: intern(t.name),
      digest: t.digest,
      mediaType: intern(t.mediaType),
      checkedAt: iso(t.checkedAt),
      changedAt: iso(t.changedAt),
      errorCode: intern(t.errorCode),
      errorMessage: t.errorMessage,
      skipped: Number(t.skipped ?? 0),
      platforms: [],
    };
    tagById.set(t.id, { tag, platforms: [] });
    byId.get(t.repositoryId)?.tags.push(tag);
  }
  for (const p of platforms) tagById.get(p.tagId)?.platforms.push(digests ? platformOf(p, p.digest ?? null) : sharedPlatform(p));
  for (const { tag, platforms: list } of tagById.values()) {
    list.sort(platformOrder);
    tag.platforms = digests ? list : listsInterned.get(list.map((x) => keyOfPlatform.get(x)).join("\u0001"), () => list);
  }
  for (const s of siblings) byId.get(s.repositoryId)?.siblings.push({ tag: s.tag, prefix: s.prefix, reference: s.reference, digest: s.digest, column: s.column });
  return { repositories, byId };
}

/**
 * One repository as the matrix holds it, read now, with each platform's manifest digest (the
 * repository page shows them; the matrix leaves them out: ~20 MB at 10,000 × 4). Null when it is
 * not stored.
 */
export async function readRepositoryWithDigests(id: string): Promise<MatrixRepository | null> {
  const [repos, tags, platforms, siblings] = await prisma.$transaction([
    prisma.$queryRaw<RepoRow[]>`
      SELECT r."id", r."name", r."reference", g."host", r."status", r."errorCode", r."errorMessage", r."lastScannedAt"
      FROM "Repository" r JOIN "Registry" g ON g."id" = r."registryId" WHERE r."id" = ${id}`,
    prisma.$queryRaw<TagRow[]>`
      SELECT "id", "repositoryId", "name", "digest", "mediaType", "checkedAt", "changedAt", "errorCode", "errorMessage", "skipped" FROM "Tag"
      WHERE "repositoryId" = ${id} ORDER BY "name"`,
    prisma.$queryRaw<PlatformRow[]>`
      SELECT p."tagId", p."os", p."architecture", p."variant", p."osVersion", p."osFeatures", p."rawOs", p."rawArchitecture", p."rawVariant", p."digest", p."configPlatform"
      FROM "TagPlatform" p JOIN "Tag" t ON t."id" = p."tagId" WHERE t."repositoryId" = ${id}`,
    prisma.$queryRaw<SiblingRow[]>`
      SELECT "repositoryId", "tag", "prefix", "reference", "digest", "column" FROM "SiblingImage" WHERE "repositoryId" = ${id}`,
  ]);
  return assemble(repos, tags, platforms, siblings, true).repositories[0] ?? null;
}

// A full read now and then bounds what a missed change could cost.
const MAX_INCREMENTS = 500;
const FULL_READ_EVERY_MS = 10 * 60_000;

/**
 * The whole matrix; re-read only when the fingerprint moved, and then only the repositories
 * written since (a full read when that cannot be trusted). Concurrent callers share one read.
 */
export async function loadMatrix(known?: string): Promise<Cached> {
  // `known`: the fingerprint the caller read in this request (stampsQuery), not read twice.
  const fingerprint = known ?? parseFingerprint(await fingerprintQuery()).fingerprint;
  const prev = g.archgridMatrix;
  if (prev?.fingerprint === fingerprint) return prev;
  let started = false;
  if (!g.archgridMatrixLoad) {
    started = true;
    const incremental = prev && prev.increments < MAX_INCREMENTS && Date.now() - prev.fullAt < FULL_READ_EVERY_MS;
    g.archgridMatrixLoad = (incremental ? readChanged(prev).then((m) => m ?? read()) : read())
      .then((m) => (g.archgridMatrix = m))
      .finally(() => (g.archgridMatrixLoad = undefined));
  }
  const m = await g.archgridMatrixLoad;
  // A read this call started began after its fingerprint was taken, so it is at least that new
  // (the fingerprint may have moved on during a scan). One that was already running may be
  // older: ask again.
  return started || m.fingerprint === fingerprint ? m : loadMatrix();
}
