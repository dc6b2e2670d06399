// Platform resolution of a fetched manifest: index descriptors, image configs, schema1.
import type { FetchedManifest, RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { type Descriptor, isAttestation, parseImageConfig, parseIndex, parseJsonObject, schema1Platform } from "./manifest";
import { isConfig, isImage, isIndex, isSchema1 } from "./media-types";
import { isUnknownPlatform, normalizePlatform, platformKey } from "./platform";
import type { RequestCounter } from "./transport";
import type { Platform, Reference, ResolvedPlatform } from "./types";

export interface ResolveState {
  counter: RequestCounter;
  depth: number;
  verifyConfigs: boolean;
  /** What the user asked for, for messages. */
  label: string;
}

/** The platforms a manifest stands for. Attestations and unknown/unknown never appear. */
export async function resolvePlatforms(client: RegistryClient, repo: Reference, m: FetchedManifest, st: ResolveState): Promise<ResolvedPlatform[]> {
  const what = `manifest ${m.digest} of "${st.label}" on registry ${repo.registry}`;
  const obj = parseJsonObject(m.body, what);
  if (isIndex(m.mediaType)) {
    const entries = parseIndex(obj, what).filter((d) => !isAttestation(d));
    const lists = await Promise.all(entries.map((d) => resolveEntry(client, repo, d, st)));
    return lists.flat();
  }
  if (isSchema1(m.mediaType)) {
    const raw = schema1Platform(obj, what);
    return [{ platform: normalizePlatform(raw), raw, digest: m.digest, mediaType: m.mediaType, size: m.body.length }];
  }
  if (isImage(m.mediaType)) {
    const raw = await imagePlatform(client, repo, obj, what, st);
    if (!raw) return [];
    return [{ platform: normalizePlatform(raw), raw, digest: m.digest, mediaType: m.mediaType, size: m.body.length }];
  }
  throw new RegistryError("unsupported-media-type", `${what} has media type "${m.mediaType}", which is not a container image manifest`);
}

/** Config platform of an image manifest; undefined for configs naming no platform (or unknown/unknown). */
async function imagePlatform(client: RegistryClient, repo: Reference, obj: Record<string, unknown>, what: string, st: ResolveState): Promise<Platform | undefined> {
  const cfg = parseImageConfig(obj, what);
  if (!isConfig(cfg.mediaType)) {
    throw new RegistryError("unsupported-media-type", `${what} is an OCI artifact (config type "${cfg.mediaType || "none"}"), not a container image`);
  }
  const raw = await client.configPlatform(repo, cfg.digest, st.counter);
  if (!raw.architecture || isUnknownPlatform(raw)) return undefined;
  return raw;
}

async function resolveEntry(client: RegistryClient, repo: Reference, d: Descriptor, st: ResolveState): Promise<ResolvedPlatform[]> {
  if (isIndex(d.mediaType)) return nested(client, repo, d, st);
  const manifestLike = isImage(d.mediaType) || isSchema1(d.mediaType) || d.mediaType === "";
  if (!manifestLike) return []; // artifacts (signatures, SBOMs) are not platforms
  if (!d.platform || !d.platform.architecture) return nested(client, repo, d, st);
  const rp: ResolvedPlatform = { platform: normalizePlatform(d.platform), raw: d.platform, digest: d.digest, mediaType: d.mediaType || undefined };
  if (d.size !== undefined) rp.size = d.size;
  if (st.verifyConfigs && (isImage(d.mediaType) || d.mediaType === "")) {
    const child = await client.fetchManifest(repo, d.digest, st.counter);
    if (isImage(child.mediaType)) {
      const cfgRaw = await imagePlatform(client, repo, parseJsonObject(child.body, `manifest ${d.digest}`), `manifest ${d.digest} of "${st.label}"`, st);
      if (cfgRaw) {
        const cfg = normalizePlatform(cfgRaw);
        if (platformKey(cfg) !== platformKey(rp.platform)) rp.configMismatch = cfg;
      }
    }
  }
  return [rp];
}

/** Follows a descriptor to its own manifest (nested index, or an entry without platform). */
async function nested(client: RegistryClient, repo: Reference, d: Descriptor, st: ResolveState): Promise<ResolvedPlatform[]> {
  if (st.depth + 1 > client.nestedIndexDepth) {
    throw new RegistryError("invalid-response", `"${st.label}" on registry ${repo.registry} nests indexes more than ${client.nestedIndexDepth} levels deep`);
  }
  const child = await client.fetchManifest(repo, d.digest, st.counter);
  return resolvePlatforms(client, repo, child, { ...st, depth: st.depth + 1 });
}
