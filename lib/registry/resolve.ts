// Platform resolution of a fetched manifest: index descriptors, image configs, schema1.
// Depends on a ManifestSource (types.ts), not on RegistryClient, so client -> resolve is the only
// direction between the two modules.
import { RegistryError } from "./errors";
import { type Descriptor, type Json, isAttestation, parseImageManifest, parseIndex, parseJsonObject, schema1Platform, validateMediaType } from "./manifest";
import { documentKind, isConfig, isImage, isIndex, isSchema1 } from "./media-types";
import { isUnknownPlatform, normalizePlatform, platformKey } from "./platform";
import type { FetchedManifest, ManifestSource, Platform, Reference, RequestTally, ResolvedPlatform } from "./types";

export interface ResolveOptions {
  verifyConfigs: boolean;
  /** What the user asked for ("team/app:1"), for messages. */
  label: string;
}

export interface Resolved {
  platforms: ResolvedPlatform[];
  skipped: number;
}

/** State shared by every level of one tag's resolution. */
interface Walk {
  source: ManifestSource;
  repo: Reference;
  opts: ResolveOptions;
  counter: RequestTally;
  /** Child manifests by digest: an index naming one child many times costs one GET. */
  fetched: Map<string, Promise<FetchedManifest>>;
  /** Config platforms by digest, for the same reason. */
  configs: Map<string, Promise<Platform>>;
  /** Nested indexes already expanded (their entries are counted and resolved once). */
  expanded: Set<string>;
  descriptors: number;
  /** Requests made or started for this tag; checked before each one, since many run at once. */
  spent: number;
  skipped: number;
  /** Platforms written on entries that were skipped as not-an-image: they must not vanish silently. */
  declaredSkipped: string[];
}

/**
 * The platforms a manifest stands for, and how many well-formed non-image entries were skipped.
 * Attestations, signatures and other artifacts never appear as platforms. Throws a RegistryError
 * naming the entry when any entry cannot be read, and when the document declares platforms yet
 * none of them resolves to an image ("ok with no platforms" would be a silent false "missing").
 */
export async function resolvePlatforms(source: ManifestSource, repo: Reference, m: FetchedManifest, counter: RequestTally, opts: ResolveOptions): Promise<Resolved> {
  const w: Walk = { source, repo, opts, counter, fetched: new Map(), configs: new Map(), expanded: new Set([m.digest]), descriptors: 0, spent: counter.requests, skipped: 0, declaredSkipped: [] };
  const what = `manifest "${opts.label}" from registry ${repo.registry}`;
  const obj = m.json ?? parseJsonObject(m.body, what);
  validateMediaType(obj, m.mediaType, what);
  if (isSchema1(m.mediaType)) {
    const raw = schema1Platform(obj, what);
    return { platforms: [{ platform: normalizePlatform(raw), raw, digest: m.digest, mediaType: m.mediaType, size: m.body.length }], skipped: 0 };
  }
  if (isImage(m.mediaType)) {
    const raw = await imagePlatform(w, obj, what, "top");
    return { platforms: [{ platform: normalizePlatform(raw!), raw: raw!, digest: m.digest, mediaType: m.mediaType, size: m.body.length }], skipped: 0 };
  }
  if (!isIndex(m.mediaType)) {
    throw new RegistryError("unsupported-media-type", `${what} has media type "${m.mediaType}", which is not a container image manifest`);
  }
  const platforms = dedupe(await indexPlatforms(w, obj, what, 0));
  if (platforms.length === 0 && w.declaredSkipped.length > 0) {
    const list = w.declaredSkipped.slice(0, 3).join("; ");
    throw new RegistryError(
      "unsupported-media-type",
      `${what} declares platforms but none of its entries is an image a runtime can pull: ${list}${w.declaredSkipped.length > 3 ? "; …" : ""}`,
    );
  }
  return { platforms, skipped: w.skipped };
}

async function indexPlatforms(w: Walk, obj: Json, what: string, depth: number): Promise<ResolvedPlatform[]> {
  const entries = parseIndex(obj, what);
  w.descriptors += entries.length;
  const max = w.source.maxDescriptorsPerTag;
  if (w.descriptors > max) {
    throw new RegistryError("too-large", `manifest "${w.opts.label}" from registry ${w.repo.registry} lists more than ${max.toLocaleString("en-US")} index entries (nested indexes included); archgrid reads at most ${max.toLocaleString("en-US")} per tag`);
  }
  // Most entries name their platform and need no request: those are answered without a promise
  // each (inside next-server every promise also pays AsyncLocalStorage's hooks; bench/FINDINGS.md,
  // "Promises per tag"). Only entries that fetch something are awaited.
  // An entry that throws becomes a rejection beside the others, so Promise.all still watches every
  // fetch already started (an unwatched rejection would take the process down).
  const lists = entries.map((d, i) => {
    try {
      return entryPlatforms(w, d, `${what}, entry ${i + 1} of ${entries.length} (${d.digest})`, depth);
    } catch (e) {
      return Promise.reject(e);
    }
  });
  let pending = false;
  for (const l of lists) if (!Array.isArray(l)) pending = true;
  return (pending ? await Promise.all(lists) : (lists as ResolvedPlatform[][])).flat();
}

/** An index entry's platforms: synchronously when the entry says them itself, else a promise (a child fetched). */
function entryPlatforms(w: Walk, d: Descriptor, where: string, depth: number): ResolvedPlatform[] | Promise<ResolvedPlatform[]> {
  const skip = (declared: boolean): ResolvedPlatform[] => {
    w.skipped++;
    if (declared && d.platform) w.declaredSkipped.push(`${where} is ${d.artifactType ? `an artifact (${d.artifactType})` : `"${d.mediaType}"`} for ${platformKey(d.platform)}`);
    return [];
  };
  if (isAttestation(d)) return skip(false);
  if (isIndex(d.mediaType)) {
    if (w.expanded.has(d.digest)) return []; // the same child index again: its platforms are already in
    w.expanded.add(d.digest);
    if (depth + 1 > w.source.nestedIndexDepth) {
      throw new RegistryError("invalid-response", `manifest "${w.opts.label}" from registry ${w.repo.registry} nests indexes more than ${w.source.nestedIndexDepth} levels deep`);
    }
    return childIndexPlatforms(w, d, where, depth);
  }
  // Signatures, SBOMs and custom types are not images: skipped (and counted).
  if (!(isImage(d.mediaType) || isSchema1(d.mediaType))) return skip(true);
  if (!d.platform || d.artifactType) return configEntryPlatforms(w, d, where, skip);
  const rp: ResolvedPlatform = { platform: normalizePlatform(d.platform), raw: d.platform, digest: d.digest, mediaType: d.mediaType, size: d.size };
  if (w.opts.verifyConfigs && isImage(d.mediaType)) return verifiedEntry(w, d, where, rp);
  return [rp];
}

async function childIndexPlatforms(w: Walk, d: Descriptor, where: string, depth: number): Promise<ResolvedPlatform[]> {
  const child = await fetchChild(w, d, where);
  return indexPlatforms(w, child.json ?? parseJsonObject(child.body, where), where, depth + 1);
}

/**
 * image-spec: platform is optional; then the image's own config says where it runs. An image
 * manifest marked with artifactType is judged by its config too: a runtime would pull it, and it
 * runs only if its config is an image config.
 */
async function configEntryPlatforms(w: Walk, d: Descriptor, where: string, skip: (declared: boolean) => ResolvedPlatform[]): Promise<ResolvedPlatform[]> {
  const child = await fetchChild(w, d, where);
  const obj = child.json ?? parseJsonObject(child.body, where);
  if (isSchema1(child.mediaType)) {
    const raw = schema1Platform(obj, where);
    return [{ platform: normalizePlatform(raw), raw, digest: d.digest, mediaType: d.mediaType, size: d.size }];
  }
  const cfg = await imagePlatform(w, obj, where, "entry");
  if (!cfg) return skip(Boolean(d.platform));
  const raw = d.platform ?? cfg;
  return [{ platform: normalizePlatform(raw), raw, digest: d.digest, mediaType: d.mediaType, size: d.size }];
}

/** With verifyConfigs the entry's config is read too, and a platform it contradicts is recorded. */
async function verifiedEntry(w: Walk, d: Descriptor, where: string, rp: ResolvedPlatform): Promise<ResolvedPlatform[]> {
  const child = await fetchChild(w, d, where);
  const cfgRaw = await imagePlatform(w, child.json ?? parseJsonObject(child.body, where), where, "verify");
  if (cfgRaw) {
    const cfg = normalizePlatform(cfgRaw);
    if (platformKey(cfg) !== platformKey(rp.platform)) rp.configMismatch = cfg;
  }
  return [rp];
}

/**
 * The platform in an image manifest's config blob. At the top (the tag is one image) a config
 * naming no platform is an error; under an index, an artifact or an attestation placeholder
 * (unknown/unknown) is skipped (undefined).
 */
async function imagePlatform(w: Walk, obj: Json, what: string, role: "top" | "entry" | "verify"): Promise<Platform | undefined> {
  const cfg = parseImageManifest(obj, what);
  if (!isConfig(cfg.mediaType)) {
    if (role !== "top") return undefined;
    throw new RegistryError("unsupported-media-type", `${what} is an OCI artifact (config type "${cfg.mediaType}"), not a container image`);
  }
  let pending = w.configs.get(cfg.digest);
  if (!pending) {
    spend(w);
    pending = w.source.configPlatform(w.repo, cfg.digest, w.counter);
    w.configs.set(cfg.digest, pending);
  }
  const raw = await pending;
  if (isUnknownPlatform(raw) && role !== "top") return undefined;
  if (!raw.os || !raw.architecture) {
    throw new RegistryError("invalid-response", `${what}: its image config ${cfg.digest} names no ${!raw.architecture ? "architecture" : "os"}, so no runtime would know where it runs`);
  }
  return raw;
}

/** GETs a child manifest once per digest, and checks it is the kind its descriptor says. */
function fetchChild(w: Walk, d: Descriptor, where: string): Promise<FetchedManifest> {
  let p = w.fetched.get(d.digest);
  if (!p) {
    spend(w);
    p = w.source.fetchManifest(w.repo, d.digest, w.counter).then((child) => {
      const want = documentKind(d.mediaType);
      const got = documentKind(child.mediaType);
      if (want && got && want !== got) {
        throw new RegistryError("invalid-response", `${where} is declared as "${d.mediaType}" but the registry serves it as "${child.mediaType}"; it is refused rather than read either way`);
      }
      // The child is judged by its descriptor's type, as containerd does (validateMediaType(p, desc.MediaType)).
      validateMediaType(child.json ?? parseJsonObject(child.body, where), d.mediaType, where);
      return child;
    });
    w.fetched.set(d.digest, p);
  }
  return p;
}

/** Counts a request against the per-tag cap before it is made. */
function spend(w: Walk): void {
  const max = w.source.maxRequestsPerTag;
  if (w.spent >= max) {
    throw new RegistryError("too-large", `manifest "${w.opts.label}" from registry ${w.repo.registry} needs more than ${max} registry requests to resolve; archgrid makes at most ${max} per tag`);
  }
  w.spent++;
}

/** One row per (manifest digest, platform, os.version): an index listing the same entry twice shows it once. */
function dedupe(list: ResolvedPlatform[]): ResolvedPlatform[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.digest ?? ""}|${platformKey(p.platform)}|${p.platform.osVersion ?? ""}|${p.raw.architecture}|${p.raw.variant ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
