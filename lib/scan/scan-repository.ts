// One repository's scan: list tags (when the policy needs it), pick tags, and for each tag spend
// one HEAD when nothing changed, HEAD + GET (+ config blobs for single images) when it did, and
// no HEAD at all when nothing reusable is stored (a cold scan runs at GET-loop pace).
import { RESOLUTION_RULES, RegistryError, findSiblings, platformKey, policyNeedsListing, selectTags, type RegistryClient } from "../registry";
import type { Reference } from "../registry/types";
import { missingColumns, parseColumn } from "../coverage";
import {
  getStoredTagHeads,
  removeTagsStatements,
  replaceSiblings,
  repositoryResultStatement,
  saveTagError,
  saveTagSnapshots,
  snapshotStatements,
  touchTagsStatements,
  type ScanTarget,
  type SnapshotWrite,
  type StoredTag,
  type StoredTagHead,
  withPlatformKeys,
} from "../queries";
import { configCacheWrites } from "../queries/config-cache";
import { hotRun, type Fragment } from "../queries/hot-sql";
import { resolveBaseOf, tagBase } from "./base-lineage";

/** Snapshots written per transaction (a repository's tags, up to this many at once). */
const SNAPSHOT_BATCH = 32;

export interface ScanContext {
  client: RegistryClient;
  /** Most tags tracked per repository. */
  maxTags: number;
  /** Tags of one repository resolved at once (the client also limits requests per registry). */
  tagConcurrency: number;
  /** Where arch-prefixed siblings are looked up ("docker.io" in production). */
  siblingRegistry: string;
  /** Columns a tag is checked against when looking for siblings. */
  columns: readonly string[];
  isCancelled: () => boolean;
  /**
   * Statements committed in the repository's closing transaction, built from its result (the
   * engine's job status and scan counters): the repository's last snapshots, its unchanged tags,
   * its status and its job's progress then land together, in one transaction. May be called more
   * than once (a retry without the last batch after it failed): only the committed call counts.
   */
  closing?: (result: RepositoryScanResult) => Fragment[];
}

export interface RepositoryScanResult {
  ok: boolean;
  tagsTotal: number;
  tagsDone: number;
  unchanged: number;
  changed: number;
  failedTags: number;
  error?: { code: string; message: string };
}

export function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof RegistryError) return { code: e.code, message: e.message };
  // Library text (Prisma, SQLite, Node) is stored and shown by /api/coverage: keep it in the log only.
  console.error("archgrid: internal error while scanning:", e);
  return { code: "internal-error", message: "archgrid hit an unexpected error while scanning this repository; see the server log" };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

function newestStored(stored: ReadonlyMap<string, StoredTag>, except: string): string[] | undefined {
  let best: StoredTag | undefined;
  for (const t of stored.values()) {
    if (t.name === except || t.digest === null) continue;
    if (!best || t.createdAt > best.createdAt) best = t;
  }
  return best?.platformKeys;
}

export async function scanRepository(target: ScanTarget, ctx: ScanContext): Promise<RepositoryScanResult> {
  const ref: Reference = { registry: target.registry, repository: target.name };
  const result: RepositoryScanResult = { ok: true, tagsTotal: 0, tagsDone: 0, unchanged: 0, changed: 0, failedTags: 0 };

  let tags: string[];
  let available: string[] | null;
  try {
    available = policyNeedsListing(target.tagPolicy) ? await ctx.client.listTags(ref) : null;
    tags = selectTags(target.tagPolicy, available, ctx.maxTags);
  } catch (e) {
    return close(target, ctx, [], { ...result, ok: false, error: describeError(e) });
  }
  result.tagsTotal = tags.length;
  if (tags.length === 0) {
    return close(target, ctx, [], { ...result, ok: false, error: { code: "no-tags", message: `no tag of ${target.reference} matches its tag policy` } });
  }

  const stored: ReadonlyMap<string, StoredTagHead> = await getStoredTagHeads(target.id);
  // The stored platform keys, read once and only when a tag changed or is dropped (its event
  // needs them): an unchanged rescan reads none. The first changed tag starts the read before
  // anything of this repository is written, so every tag compares with the stored state.
  let withKeys: Promise<ReadonlyMap<string, StoredTag>> | undefined;
  const storedWithKeys = (): Promise<ReadonlyMap<string, StoredTag>> => {
    if (!withKeys) {
      withKeys = withPlatformKeys(stored);
      // Started before the tag's GET: if that GET fails, nobody may await it, and a failed read
      // must not become an unhandled rejection (the awaiters still get the error).
      withKeys.catch(() => undefined);
    }
    return withKeys;
  };
  const hadTags = [...stored.values()].some((t) => t.digest !== null);
  const unchanged: string[] = [];
  let firstError: { code: string; message: string } | undefined;
  // Resolved snapshots are written a batch at a time: one transaction of a few multi-row
  // statements (saveTagSnapshots) instead of one transaction per tag, which cost most of a cold
  // scan's CPU in Prisma. Each tag's rows and event still land together or not at all.
  const pending: SnapshotWrite[] = [];
  /** Nothing of a failed batch was stored: each of its tags keeps its previous snapshot, with the error beside it. */
  const batchFailed = async (batch: SnapshotWrite[], e: unknown): Promise<void> => {
    const error = describeError(e);
    firstError ??= error;
    result.changed -= batch.length;
    result.tagsDone -= batch.length;
    result.failedTags += batch.length;
    for (const w of batch) await saveTagError(target.id, w.name, error);
  };
  const flush = async (): Promise<void> => {
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    try {
      await saveTagSnapshots(target.id, batch);
    } catch (e) {
      await batchFailed(batch, e);
    }
  };

  await eachLimit(tags, ctx.tagConcurrency, async (tag) => {
    if (ctx.isCancelled()) return;
    try {
      const prevHead = stored.get(tag);
      // A pinned digest names content that cannot change: it is its own HEAD answer, so an
      // unchanged one costs no request and the first read only the GET (resolve checks the sha256).
      const pinned = target.tagPolicy.kind === "digest";
      // A HEAD only pays when its digest can spare the GET: a stored snapshot read under today's
      // rules. With nothing usable stored (a new tag, a stored error, older rules, configs not yet
      // verified) the GET is certain, and it answers the digest itself (fetchManifest checks
      // Docker-Content-Digest against the body, or hashes the body when the header is missing).
      const reusable =
        prevHead !== undefined && prevHead.digest !== null && !prevHead.errorCode && (!target.verifyConfigs || prevHead.configsVerified) && prevHead.resolutionRules >= RESOLUTION_RULES;
      const head = pinned ? { digest: tag } : reusable ? await ctx.client.headManifest(ref, tag) : null;
      // Unchanged = same digest, read under today's rules (an older reading may have dropped entries).
      if (reusable && head && prevHead.digest === head.digest) {
        unchanged.push(tag);
        result.unchanged++;
      } else {
        // One GET of the tag is atomic (body and digest come together); after a HEAD, resolve by
        // the digest it reported, so that a tag moving in between cannot mix two images.
        const keyed = storedWithKeys();
        const res = await ctx.client.resolve(ref, head ? head.digest : tag, { verifyConfigs: target.verifyConfigs });
        const known = await keyed;
        const prev = known.get(tag);
        pending.push({
          name: tag,
          snap: { digest: res.digest, mediaType: res.mediaType, platforms: res.platforms, configsVerified: target.verifyConfigs, skipped: res.skipped, resolutionRules: RESOLUTION_RULES, base: tagBase(res.base) },
          context: { previous: prev, previousNewest: newestStored(known, tag), flagNewTagRegressions: hadTags },
        });
        result.changed++;
        await resolveBaseOf(ctx.client, res.base);
        await lookForSiblings(ctx, target, ref, tag, res.platforms.map((p) => p.platform));
      }
      result.tagsDone++;
      if (pending.length >= SNAPSHOT_BATCH) await flush();
    } catch (e) {
      const error = describeError(e);
      firstError ??= error;
      result.failedTags++;
      await saveTagError(target.id, tag, error);
    }
  });

  // The closing transaction: the last batch of snapshots, the unchanged tags' checkedAt, tags no
  // longer tracked, the repository's status and the caller's statements (its job's progress).
  const end = async (batch: SnapshotWrite[]): Promise<RepositoryScanResult> => {
    const statements = [...snapshotStatements(target.id, batch).statements, ...touchTagsStatements(target.id, unchanged)];
    if (result.failedTags === tags.length && firstError) {
      // Distribution answers MANIFEST_UNKNOWN even when the whole repository is unknown; one tag
      // listing tells the two apart, and is spent only when every tag failed that way.
      if (firstError.code === "tag-not-found" && !policyNeedsListing(target.tagPolicy)) {
        try {
          await ctx.client.listTags(ref, { limit: 1 });
        } catch (e) {
          if (e instanceof RegistryError && e.code === "repository-not-found") firstError = describeError(e);
        }
      }
      return close(target, ctx, statements, { ...result, ok: false, error: firstError });
    }
    // Tags that are no longer selected are dropped only after a successful pass. A listed policy
    // tells a tag the registry deleted (not listed any more) from one the policy stopped selecting.
    if (!ctx.isCancelled()) {
      const listed = available ? new Set(available) : null;
      const selected = new Set(tags);
      const dropped = [...stored.values()].some((t) => !selected.has(t.name)) ? [...(await storedWithKeys()).values()].filter((t) => !selected.has(t.name)) : [];
      statements.push(...removeTagsStatements(target.id, dropped.map((tag) => ({ tag, reason: listed && !listed.has(tag.name) ? "deleted" : "policy" }))));
    }
    return close(target, ctx, statements, { ...result });
  };
  const last = pending.splice(0);
  try {
    return await end(last);
  } catch (e) {
    if (last.length === 0) throw e;
    // The last batch is the likeliest culprit: record its tags as failed and close without it.
    await batchFailed(last, e);
    return end([]);
  }
}

/** Commits a repository's closing statements, its status and the caller's `closing` ones in one transaction. */
async function close(target: ScanTarget, ctx: ScanContext, statements: Fragment[], result: RepositoryScanResult): Promise<RepositoryScanResult> {
  const status = result.ok ? { ok: true as const } : { ok: false as const, ...result.error! };
  // Image configs read since the last closing transaction (this repository's, and others' in
  // flight) are cached in the same commit rather than one autocommit each (config-cache.ts).
  const configs = configCacheWrites(ctx.client.configCache);
  await hotRun([...statements, repositoryResultStatement(target.id, status), ...(ctx.closing?.(result) ?? []), ...configs], true);
  return result;
}

/** Official-style images missing an architecture may publish it as `arm64v8/x`: record those. */
async function lookForSiblings(
  ctx: ScanContext,
  target: ScanTarget,
  ref: Reference,
  tag: string,
  platforms: Array<{ os: string; architecture: string; variant?: string }>,
): Promise<void> {
  if (target.registry !== ctx.siblingRegistry) return;
  const missing = missingColumns(platforms, ctx.columns);
  if (missing.length === 0) {
    await replaceSiblings(target.id, tag, []);
    return;
  }
  const keys = missing.map((c) => {
    const col = parseColumn(c);
    return platformKey({ os: col.os, architecture: col.architecture });
  });
  try {
    const found = await findSiblings(ctx.client, ref, tag, keys, ctx.siblingRegistry);
    await replaceSiblings(
      target.id,
      tag,
      found.map((s) => ({
        prefix: s.prefix,
        reference: s.reference,
        digest: s.digest,
        column: s.platform.os === "linux" ? s.platform.architecture : `${s.platform.os}/${s.platform.architecture}`,
      })),
    );
  } catch {
    // A failed sibling lookup must not fail the tag: the tag's own platforms are already stored.
  }
}
