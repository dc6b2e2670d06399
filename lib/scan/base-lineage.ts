// Base-image lineage during a scan: store the tag's OCI base annotations and make sure the base's
// platforms are known. A base is resolved through the scan's own RegistryClient (same
// credentials, address policy, timeouts and per-tag request cap), once per digest ever (content
// cannot change), once per name every few hours, and once at a time however many tags share it.
// Nothing here can fail a tag: whatever goes wrong becomes a note on the base.
import { RegistryError, formatReference, parseReference, platformKey, type BaseAnnotations, type RegistryClient } from "../registry";
import { baseKey, getBaseImage, listStaleBaseImages, saveBaseImage } from "../queries/base-images";

/** A base named by tag is re-read after this long (the tag may have moved to other platforms). */
export const NAME_TTL_MS = 6 * 60 * 60_000;
/** A base that could not be resolved is tried again after this long. */
export const FAILURE_TTL_MS = 60 * 60_000;

// Resolutions in flight, by cache key: a hundred tags naming one base start one resolution. Not a
// cache (the database is): entries leave as soon as the resolution settles.
const inflight = new Map<string, Promise<void>>();

/** Counts base resolutions started in this process (tests and metrics read it). */
export const baseResolutions = { started: 0 };

/** The annotations as a tag stores them (with its snapshot: saveTagSnapshots). */
export function tagBase(base: BaseAnnotations | null | undefined) {
  return base ? { name: base.name, digest: base.digest, problem: base.problem } : null;
}

/**
 * Makes sure the base a tag names is resolved (once per digest, shared by every tag naming it;
 * by name again after NAME_TTL_MS). Never throws: a base that cannot be read is a note.
 */
export async function resolveBaseOf(client: RegistryClient, base: BaseAnnotations | null | undefined): Promise<void> {
  try {
    if (!base?.reference) return;
    const ref = base.reference;
    const key = baseKey(base.name, base.digest, formatReference({ registry: ref.registry, repository: ref.repository, tag: ref.tag }))!;
    const known = await getBaseImage(key);
    if (known && !stale(known, key)) return;
    let pending = inflight.get(key);
    if (!pending) {
      pending = resolveBase(client, key, base).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    await pending;
  } catch (e) {
    // Storage trouble must not fail the tag whose own snapshot is already saved.
    console.error("archgrid: could not record the base image of a tag:", e);
  }
}

/** Bases re-read per scan at most: a scan stays bounded however many bases went stale. */
export const MAX_REFRESH_PER_SCAN = 50;

/**
 * Tags whose digest did not change are not read again, so neither is their base: once per scan,
 * bases that failed (after FAILURE_TTL_MS) or were named by tag (after NAME_TTL_MS) are read again
 * here, oldest first. Never throws.
 */
export async function refreshStaleBases(client: RegistryClient): Promise<void> {
  try {
    const now = Date.now();
    const due = await listStaleBaseImages(new Date(now - FAILURE_TTL_MS), new Date(now - NAME_TTL_MS), MAX_REFRESH_PER_SCAN);
    for (const b of due) {
      if (inflight.has(b.key)) continue;
      let reference;
      try {
        reference = parseReference(b.reference);
      } catch {
        continue; // stored from a parsed reference, so this cannot happen; never worth a failure
      }
      const digest = b.key.startsWith("name:") ? null : b.key;
      const p = resolveBase(client, b.key, { name: b.reference, reference, digest, problem: null }).finally(() => inflight.delete(b.key));
      inflight.set(b.key, p);
      await p;
    }
  } catch (e) {
    console.error("archgrid: could not refresh base images:", e);
  }
}

function stale(known: { platforms: string[] | null; resolvedAt: string }, key: string): boolean {
  const age = Date.now() - Date.parse(known.resolvedAt);
  if (known.platforms === null) return age > FAILURE_TTL_MS;
  return !key.startsWith("sha") && age > NAME_TTL_MS;
}

async function resolveBase(client: RegistryClient, key: string, base: BaseAnnotations): Promise<void> {
  const ref = base.reference!;
  const repo = { registry: ref.registry, repository: ref.repository };
  // By digest when the annotation pins one (the exact image built on), else by the tag named.
  const target = base.digest ?? ref.tag ?? "latest";
  const shown = formatReference(base.digest ? { ...repo, digest: base.digest } : { ...repo, tag: target });
  baseResolutions.started++;
  try {
    const res = await client.resolve(repo, target);
    const keys = [...new Set(res.platforms.filter((p) => !p.configMismatch).map((p) => platformKey(p.platform)))].sort();
    await saveBaseImage(key, { reference: shown, platforms: keys, error: null });
  } catch (e) {
    const error =
      e instanceof RegistryError
        ? { code: e.code, message: e.message }
        : { code: "internal-error", message: "archgrid hit an unexpected error while reading this base image; see the server log" };
    if (!(e instanceof RegistryError)) console.error("archgrid: base image resolution failed:", e);
    await saveBaseImage(key, { reference: shown, platforms: null, error });
  }
}
