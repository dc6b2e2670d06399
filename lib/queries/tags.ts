// Tag snapshots: the latest platforms of each tag, written one tag per transaction, and the
// change events that record how a tag's platform set moved.
// These run once or more per scanned tag, so they run on the scan's hot path (hot-sql.ts: plain
// SQL on the connection, statements prepared once), and the writes come as statement lists
// that the scan commits in the repository's one closing transaction (scan-repository.ts). The
// SQL is portable (quoted identifiers, no SQLite functions).
import type { TagBaseAnnotations } from "./base-images";
import { prisma } from "../db";
import type { Platform, ResolvedPlatform } from "../registry/types";
import { newId } from "./ids";
import { empty, hotAll, hotRun, join, row, sql, type Fragment } from "./hot-sql";

/** A stored tag as a scan first needs it: enough to decide whether its stored snapshot can be reused. */
export interface StoredTagHead {
  id: string;
  name: string;
  digest: string | null;
  errorCode: string | null;
  configsVerified: boolean;
  /** The reading rules the snapshot was resolved under (RESOLUTION_RULES); 0 before they were recorded. */
  resolutionRules: number;
  createdAt: Date;
}

/** A stored tag with its platform keys: what a change event is computed from. */
export interface StoredTag extends StoredTagHead {
  platformKeys: string[];
}

function keyOf(p: { os: string; architecture: string; variant?: string | null }): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/**
 * Every tag stored for a repository, without platforms. A rescan that finds every digest
 * unchanged needs nothing more, so it reads no TagPlatform row (~3 per tag); withPlatformKeys
 * adds them when a tag changed or is dropped.
 */
export async function getStoredTagHeads(repositoryId: string): Promise<Map<string, StoredTagHead>> {
  const rows = await hotAll<{ id: string; name: string; digest: string | null; errorCode: string | null; configsVerified: boolean | number | bigint; resolutionRules: number | bigint | null; createdAt: Date | string }>(
    sql`SELECT "id", "name", "digest", "errorCode", "configsVerified", "resolutionRules", "createdAt" FROM "Tag" WHERE "repositoryId" = ${repositoryId}`,
  );
  const out = new Map<string, StoredTagHead>();
  for (const r of rows) {
    out.set(r.name, { id: r.id, name: r.name, digest: r.digest, errorCode: r.errorCode, configsVerified: Boolean(Number(r.configsVerified)), resolutionRules: Number(r.resolutionRules ?? 0), createdAt: new Date(r.createdAt) });
  }
  return out;
}

// Tag ids per IN list: far under both databases' bound-parameter limits.
const IDS_PER_SELECT = 500;

/** The same tags with their stored platform keys (sorted, distinct). */
export async function withPlatformKeys(heads: ReadonlyMap<string, StoredTagHead>): Promise<Map<string, StoredTag>> {
  const out = new Map<string, StoredTag>();
  const byId = new Map<string, StoredTag>();
  for (const [name, h] of heads) {
    const t: StoredTag = { ...h, platformKeys: [] };
    out.set(name, t);
    byId.set(h.id, t);
  }
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += IDS_PER_SELECT) {
    const rows = await hotAll<{ tagId: string; os: string; architecture: string; variant: string | null }>(
      sql`SELECT "tagId", "os", "architecture", "variant" FROM "TagPlatform" WHERE "tagId" IN (${join(ids.slice(i, i + IDS_PER_SELECT))})`,
    );
    for (const r of rows) {
      const t = byId.get(r.tagId);
      if (!t || !r.os || !r.architecture) continue;
      const key = keyOf(r);
      if (!t.platformKeys.includes(key)) t.platformKeys.push(key);
    }
  }
  for (const t of out.values()) t.platformKeys.sort();
  return out;
}

/** Every tag stored for a repository, with its platform keys. */
export async function getStoredTags(repositoryId: string): Promise<Map<string, StoredTag>> {
  return withPlatformKeys(await getStoredTagHeads(repositoryId));
}

/** The statement that touches unchanged tags: only their checkedAt moves (and a stale error is cleared). None for no tags. */
export function touchTagsStatements(repositoryId: string, names: string[], at = new Date()): Fragment[] {
  if (names.length === 0) return [];
  return [
    sql`UPDATE "Tag" SET "checkedAt" = ${at}, "errorCode" = NULL, "errorMessage" = NULL
    WHERE "repositoryId" = ${repositoryId} AND "name" IN (${join(names)})`,
  ];
}

/** An unchanged tag: only its checkedAt moves (and a stale error is cleared). */
export async function touchTags(repositoryId: string, names: string[], at = new Date()): Promise<void> {
  await hotRun(touchTagsStatements(repositoryId, names, at), false);
}

export interface TagSnapshot {
  digest: string;
  mediaType: string;
  platforms: ResolvedPlatform[];
  configsVerified: boolean;
  /** Well-formed index entries that are not images (ManifestResolution.skipped). */
  skipped?: number;
  /** RESOLUTION_RULES the snapshot was resolved under. */
  resolutionRules?: number;
  /** The document's OCI base annotations (lib/registry base-annotations), stored with the snapshot. */
  base?: TagBaseAnnotations | null;
}

function platformRow(p: ResolvedPlatform) {
  const raw: Platform = p.raw;
  return {
    os: p.platform.os,
    architecture: p.platform.architecture,
    variant: p.platform.variant ?? null,
    osVersion: p.platform.osVersion ?? null,
    osFeatures: p.platform.osFeatures?.length ? JSON.stringify(p.platform.osFeatures) : null,
    rawOs: raw.os,
    rawArchitecture: raw.architecture,
    rawVariant: raw.variant ?? null,
    digest: p.digest ?? null,
    mediaType: p.mediaType ?? null,
    size: p.size ?? null,
    configPlatform: p.configMismatch ? keyOf(p.configMismatch) : null,
  };
}

export interface SnapshotWrite {
  name: string;
  snap: TagSnapshot;
  context: { previous?: StoredTag; previousNewest?: string[]; flagNewTagRegressions: boolean };
}

/**
 * Writes a tag's new snapshot and, when its platform set changed, an event — all in one
 * transaction, so a failure leaves the previous snapshot whole.
 * `previousNewest` is the platform set of the repository's newest other tag, used to flag a new
 * tag that ships fewer platforms than the one before it.
 */
export async function saveTagSnapshot(
  repositoryId: string,
  name: string,
  snap: TagSnapshot,
  context: SnapshotWrite["context"],
): Promise<{ changed: boolean; event: boolean }> {
  const [r] = await saveTagSnapshots(repositoryId, [{ name, snap, context }]);
  return r;
}

// Rows per multi-row INSERT: TagPlatform has 14 columns, and 400 × 14 stays well under both
// SQLite's (32,766) and PostgreSQL's (65,535) bound-parameter limits.
const ROWS_PER_INSERT = 400;

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Several tags' snapshots of one repository in ONE transaction: every tag's rows and its event
 * land together or not at all, as with one tag (the previous snapshots stay whole on a failure).
 * A scan writes a repository's tags this way: multi-row statements instead of 3-5 round trips
 * through Prisma per tag, which were most of a cold scan's CPU (bench/FINDINGS.md).
 */
export async function saveTagSnapshots(repositoryId: string, writes: SnapshotWrite[]): Promise<Array<{ changed: boolean; event: boolean }>> {
  const { statements, results } = snapshotStatements(repositoryId, writes);
  await hotRun(statements, true);
  return results;
}

/**
 * The statements of saveTagSnapshots, for a caller that commits them in a larger transaction
 * (the scan's closing write of a repository): they must run in one transaction.
 */
export function snapshotStatements(repositoryId: string, writes: SnapshotWrite[]): { statements: Fragment[]; results: Array<{ changed: boolean; event: boolean }> } {
  if (writes.length === 0) return { statements: [], results: [] };
  const now = new Date();
  const statements: Fragment[] = [];
  const newTags: Fragment[] = [];
  const replacedPlatforms: string[] = [];
  const platformRows: Fragment[] = [];
  const events: Fragment[] = [];
  const results: Array<{ changed: boolean; event: boolean }> = [];
  for (const { name, snap, context } of writes) {
    const keys = [...new Set(snap.platforms.map((p) => keyOf(p.platform)))].sort();
    const prev = context.previous;
    const digestChanged = !prev || prev.digest !== snap.digest;
    let event: { kind: string; added: string[]; removed: string[]; regression: boolean } | null = null;
    if (!prev || prev.digest === null) {
      const lacking = context.previousNewest ? context.previousNewest.filter((k) => !keys.includes(k)) : [];
      event = { kind: "new-tag", added: keys, removed: lacking, regression: context.flagNewTagRegressions && lacking.length > 0 };
    } else if (digestChanged) {
      const added = keys.filter((k) => !prev.platformKeys.includes(k));
      const removed = prev.platformKeys.filter((k) => !keys.includes(k));
      if (added.length || removed.length) event = { kind: "changed", added, removed, regression: removed.length > 0 };
    }
    const tagId = prev?.id ?? newId();
    if (prev) {
      statements.push(sql`UPDATE "Tag" SET "digest" = ${snap.digest}, "mediaType" = ${snap.mediaType}, "configsVerified" = ${snap.configsVerified}, "skipped" = ${snap.skipped ?? 0}, "resolutionRules" = ${snap.resolutionRules ?? 0},
        "baseName" = ${snap.base?.name ?? null}, "baseDigest" = ${snap.base?.digest ?? null}, "baseProblem" = ${snap.base?.problem ?? null},
        "checkedAt" = ${now}, "errorCode" = NULL, "errorMessage" = NULL ${digestChanged ? sql`, "changedAt" = ${now}` : empty}
        WHERE "id" = ${tagId}`);
      replacedPlatforms.push(tagId);
    } else {
      newTags.push(row([tagId, repositoryId, name, snap.digest, snap.mediaType, snap.configsVerified, snap.skipped ?? 0, snap.resolutionRules ?? 0, snap.base?.name ?? null, snap.base?.digest ?? null, snap.base?.problem ?? null, now, now, now]));
    }
    for (const p of snap.platforms) {
      const r = platformRow(p);
      platformRows.push(row([newId(), tagId, r.os, r.architecture, r.variant, r.osVersion, r.osFeatures, r.rawOs, r.rawArchitecture, r.rawVariant, r.digest, r.mediaType, r.size, r.configPlatform]));
    }
    if (event) {
      events.push(row([newId(), repositoryId, name, event.kind, JSON.stringify(event.added), JSON.stringify(event.removed), prev?.digest ?? null, snap.digest, event.regression, now]));
    }
    results.push({ changed: digestChanged, event: event !== null });
  }
  for (const ids of chunks(replacedPlatforms, ROWS_PER_INSERT)) statements.push(sql`DELETE FROM "TagPlatform" WHERE "tagId" IN (${join(ids)})`);
  for (const rows of chunks(newTags, ROWS_PER_INSERT)) {
    statements.push(sql`INSERT INTO "Tag" ("id", "repositoryId", "name", "digest", "mediaType", "configsVerified", "skipped", "resolutionRules", "baseName", "baseDigest", "baseProblem", "checkedAt", "changedAt", "createdAt")
      VALUES ${join(rows)}`);
  }
  for (const rows of chunks(platformRows, ROWS_PER_INSERT)) {
    statements.push(sql`INSERT INTO "TagPlatform" ("id", "tagId", "os", "architecture", "variant", "osVersion", "osFeatures", "rawOs", "rawArchitecture", "rawVariant", "digest", "mediaType", "size", "configPlatform")
      VALUES ${join(rows)}`);
  }
  for (const rows of chunks(events, ROWS_PER_INSERT)) {
    statements.push(sql`INSERT INTO "ChangeEvent" ("id", "repositoryId", "tag", "kind", "added", "removed", "fromDigest", "toDigest", "regression", "at")
      VALUES ${join(rows)}`);
  }
  return { statements, results };
}

/** Records that a tag could not be scanned; its previous platforms stay as they were. */
export async function saveTagError(repositoryId: string, name: string, error: { code: string; message: string }): Promise<void> {
  const now = new Date();
  await prisma.tag.upsert({
    where: { repositoryId_name: { repositoryId, name } },
    create: { repositoryId, name, errorCode: error.code, errorMessage: error.message, checkedAt: now },
    update: { errorCode: error.code, errorMessage: error.message, checkedAt: now },
  });
}

export type RemovalReason = "policy" | "deleted";

/**
 * Drops tags that are no longer tracked (only after the tag list was read successfully) and
 * records a removed-tag event for each, with the platforms it had and why it went: the policy
 * stopped selecting it, or the registry deleted it. One transaction: never a tag gone without
 * its event.
 */
export async function removeTags(repositoryId: string, dropped: Array<{ tag: StoredTag; reason: RemovalReason }>): Promise<number> {
  const [removed] = await hotRun(removeTagsStatements(repositoryId, dropped), true);
  return removed ?? 0;
}

/** The statements of removeTags (none when nothing is dropped), to run in one transaction. */
export function removeTagsStatements(repositoryId: string, dropped: Array<{ tag: StoredTag; reason: RemovalReason }>): Fragment[] {
  if (dropped.length === 0) return [];
  const now = new Date();
  const events = dropped.map(({ tag, reason }) => row([newId(), repositoryId, tag.name, "removed-tag", "[]", JSON.stringify(tag.platformKeys), tag.digest, null, false, reason, now]));
  return [
    sql`DELETE FROM "Tag" WHERE "repositoryId" = ${repositoryId} AND "name" IN (${join(dropped.map((d) => d.tag.name))})`,
    sql`INSERT INTO "ChangeEvent" ("id", "repositoryId", "tag", "kind", "added", "removed", "fromDigest", "toDigest", "regression", "reason", "at")
      VALUES ${join(events)}`,
  ];
}
