// Resolving the images of a check (CLI and POST /api/checks): a thin layer over RegistryClient.resolve that dedupes
// references (the same image in twenty workloads is asked for once), honours digest pins, and,
// for `inspect`, counts the attestation entries that resolve() drops.
import {
  familiarReference,
  isIndex,
  isRegistryError,
  parseReference,
  platformKey,
  repositoryKey,
  type Reference,
  type RegistryClient,
  type ResolvedPlatform,
} from "../registry";

export interface ResolvedImage {
  ref: Reference;
  digest: string;
  mediaType: string;
  /** Normalized and raw; attestations never appear. */
  platforms: ResolvedPlatform[];
  /** Index entries that are BuildKit attestations (provenance, SBOM); undefined when not counted. */
  attestations?: number;
  /** The OCI base-image annotations of the document (org.opencontainers.image.base.*), when it has them. */
  base?: { name: string | null; digest: string | null };
}

export interface ImageError {
  code: string;
  message: string;
}

export type Outcome = { ok: true; image: ResolvedImage } | { ok: false; error: ImageError };

/** Identity of what will be fetched: a digest pin wins over the tag next to it. */
export function fetchKey(ref: Reference): string {
  return ref.digest ? `${repositoryKey(ref)}@${ref.digest}` : `${repositoryKey(ref)}:${ref.tag}`;
}

/** Distinct normalized platform keys of an image, in the registry's order. */
export function presentKeys(img: ResolvedImage): string[] {
  return [...new Set(img.platforms.map((p) => platformKey(p.platform)))];
}

/** The short form users know ("nginx:1.27", "ghcr.io/org/app@sha256:…"). */
export function shownName(ref: Reference): string {
  return familiarReference(ref);
}

/** parseReference, with the failure as an ImageError instead of a throw. */
export function tryParse(input: string): { ok: true; ref: Reference } | { ok: false; error: ImageError } {
  try {
    return { ok: true, ref: parseReference(input) };
  } catch (e) {
    return { ok: false, error: toImageError(e) };
  }
}

export function toImageError(e: unknown): ImageError {
  if (isRegistryError(e)) return { code: e.code, message: e.message };
  return { code: "internal-error", message: e instanceof Error ? e.message : String(e) };
}

/** BuildKit's marker, or the unknown/unknown placeholder (PROTOCOL.md "Attestations"). */
function isAttestationEntry(entry: unknown): boolean {
  if (!entry || typeof entry !== "object") return false;
  const e = entry as { annotations?: Record<string, unknown>; platform?: { os?: unknown; architecture?: unknown } };
  if (e.annotations && typeof e.annotations["vnd.docker.reference.type"] === "string") return true;
  return e.platform?.os === "unknown" && e.platform?.architecture === "unknown";
}

async function countAttestations(client: RegistryClient, ref: Reference, digest: string): Promise<number> {
  // One more GET, by digest (so it is the same document resolve() read, verified again).
  const m = await client.fetchManifest(ref, digest);
  const doc = JSON.parse(m.body.toString("utf8")) as { manifests?: unknown };
  return Array.isArray(doc.manifests) ? doc.manifests.filter(isAttestationEntry).length : 0;
}

export async function resolveImage(client: RegistryClient, ref: Reference, opts: { attestations?: boolean } = {}): Promise<ResolvedImage> {
  const r = await client.resolve(ref, ref.digest ?? ref.tag ?? "latest");
  const image: ResolvedImage = { ref, digest: r.digest, mediaType: r.mediaType, platforms: r.platforms };
  if (r.base && (r.base.name || r.base.digest)) image.base = { name: r.base.name, digest: r.base.digest };
  if (opts.attestations) image.attestations = isIndex(r.mediaType) ? await countAttestations(client, ref, r.digest) : 0;
  return image;
}

/**
 * Resolves every distinct reference once (at most `concurrency` at a time; the client also
 * limits requests per registry). The map is keyed by fetchKey.
 */
export async function resolveAll(
  client: RegistryClient,
  refs: Reference[],
  opts: { attestations?: boolean; concurrency?: number } = {},
): Promise<Map<string, Outcome>> {
  const unique = new Map<string, Reference>();
  for (const ref of refs) if (!unique.has(fetchKey(ref))) unique.set(fetchKey(ref), ref);
  const out = new Map<string, Outcome>();
  const queue = [...unique.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, ref] = next;
      try {
        out.set(key, { ok: true, image: await resolveImage(client, ref, opts) });
      } catch (e) {
        out.set(key, { ok: false, error: toImageError(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, queue.length) }, worker));
  return out;
}
