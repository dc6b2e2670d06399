// Pure manifest handling: media type detection, digest checks, descriptor and config parsing.
import { createHash } from "node:crypto";
import { RegistryError } from "./errors";
import { MediaTypes, baseMediaType, isGenericContentType, isManifest } from "./media-types";
import { digestProblem } from "./reference";
import type { Platform } from "./types";

export type Json = Record<string, unknown>;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size?: number;
  /** As written in the index (raw). */
  platform?: Platform;
  annotations?: Record<string, string>;
}

const HASHES = new Set(["sha256", "sha512"]);

export function digestOf(body: Buffer, algorithm = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(body).digest("hex")}`;
}

/**
 * The digest of a signed schema1 manifest covers the payload without its JWS signatures
 * (libtrust: the first formatLength bytes plus the base64url formatTail of the protected header).
 */
export function schema1PayloadDigest(body: Buffer, algorithm = "sha256"): string | null {
  try {
    const obj = JSON.parse(body.toString("utf8")) as { signatures?: Array<{ protected?: string }> };
    const prot = obj.signatures?.[0]?.protected;
    if (typeof prot !== "string") return null;
    const header = JSON.parse(Buffer.from(prot, "base64url").toString("utf8")) as { formatLength?: number; formatTail?: string };
    if (typeof header.formatLength !== "number" || typeof header.formatTail !== "string") return null;
    const payload = Buffer.concat([body.subarray(0, header.formatLength), Buffer.from(header.formatTail, "base64url")]);
    return digestOf(payload, algorithm);
  } catch {
    return null;
  }
}

/** True when `body` hashes to `expected` (for signed schema1 also its payload digest). */
export function matchesDigest(body: Buffer, expected: string, mediaType?: string): boolean {
  const algorithm = expected.split(":", 1)[0];
  if (!HASHES.has(algorithm)) {
    throw new RegistryError("invalid-response", `cannot verify digest ${expected}: only sha256 and sha512 are supported`);
  }
  if (digestOf(body, algorithm) === expected) return true;
  return mediaType === MediaTypes.dockerSchema1Signed && schema1PayloadDigest(body, algorithm) === expected;
}

/** The manifest's own digest: the payload digest for signed schema1, else sha256 of the bytes. */
export function canonicalDigest(body: Buffer, mediaType: string): string {
  if (mediaType === MediaTypes.dockerSchema1Signed) return schema1PayloadDigest(body) ?? digestOf(body);
  return digestOf(body);
}

export function parseJsonObject(body: Buffer, what: string): Json {
  let data: unknown;
  try {
    data = JSON.parse(body.toString("utf8"));
  } catch {
    throw new RegistryError("invalid-response", `${what} is not JSON`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new RegistryError("invalid-response", `${what} is not a JSON object`);
  return data as Json;
}

/**
 * What the manifest is, from Content-Type; the body's mediaType (or its shape) decides only when
 * Content-Type is missing or generic. An unknown specific Content-Type is unsupported.
 */
export function detectMediaType(contentType: string | null, body: Buffer, what: string): string {
  const ct = baseMediaType(contentType);
  if (isManifest(ct)) return ct;
  if (!isGenericContentType(ct)) {
    throw new RegistryError("unsupported-media-type", `${what} has media type "${ct}", which is not a container image manifest`);
  }
  const obj = parseJsonObject(body, what);
  if (typeof obj.mediaType === "string") {
    const mt = baseMediaType(obj.mediaType);
    if (isManifest(mt)) return mt;
    throw new RegistryError("unsupported-media-type", `${what} has media type "${mt}", which is not a container image manifest`);
  }
  if (obj.schemaVersion === 1) return Array.isArray(obj.signatures) ? MediaTypes.dockerSchema1Signed : MediaTypes.dockerSchema1;
  if (Array.isArray(obj.manifests)) return MediaTypes.ociIndex;
  if (obj.config && typeof obj.config === "object" && Array.isArray(obj.layers)) return MediaTypes.ociManifest;
  throw new RegistryError("invalid-response", `${what} is JSON but not a manifest`);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A Platform from index-descriptor or config fields (`os.version`, `os.features`), as written. */
export function platformFrom(o: Json): Platform | undefined {
  const os = str(o.os);
  const architecture = str(o.architecture);
  if (!os && !architecture) return undefined;
  const p: Platform = { os: os ?? "", architecture: architecture ?? "" };
  const variant = str(o.variant);
  if (variant) p.variant = variant;
  const osVersion = str(o["os.version"]);
  if (osVersion) p.osVersion = osVersion;
  const feats = o["os.features"];
  if (Array.isArray(feats)) {
    const list = feats.filter((f): f is string => typeof f === "string");
    if (list.length) p.osFeatures = list;
  }
  return p;
}

function parseDescriptor(v: unknown, what: string): Descriptor {
  if (!v || typeof v !== "object") throw new RegistryError("invalid-response", `${what} holds a descriptor that is not an object`);
  const o = v as Json;
  const digest = str(o.digest);
  if (!digest || digestProblem(digest)) throw new RegistryError("invalid-response", `${what} holds a descriptor with an invalid digest`);
  const d: Descriptor = { mediaType: baseMediaType(str(o.mediaType)), digest };
  if (typeof o.size === "number") d.size = o.size;
  if (o.platform && typeof o.platform === "object") {
    const p = platformFrom(o.platform as Json);
    if (p) d.platform = p;
  }
  if (o.annotations && typeof o.annotations === "object") {
    const a: Record<string, string> = {};
    for (const [k, val] of Object.entries(o.annotations as Json)) if (typeof val === "string") a[k] = val;
    d.annotations = a;
  }
  return d;
}

export function parseIndex(obj: Json, what: string): Descriptor[] {
  if (!Array.isArray(obj.manifests)) throw new RegistryError("invalid-response", `${what} is an index without a manifests list`);
  return obj.manifests.map((m) => parseDescriptor(m, what));
}

export function parseImageConfig(obj: Json, what: string): Descriptor {
  return parseDescriptor(obj.config, what);
}

/** BuildKit attestations: annotation vnd.docker.reference.type, or platform unknown/unknown. Not platforms. */
export function isAttestation(d: Descriptor): boolean {
  if (d.annotations?.["vnd.docker.reference.type"]) return true;
  return d.platform?.os === "unknown" && d.platform?.architecture === "unknown";
}

/** schema1 manifests carry only `architecture`; they were linux-only. */
export function schema1Platform(obj: Json, what: string): Platform {
  const architecture = str(obj.architecture);
  if (!architecture) throw new RegistryError("invalid-response", `${what} is a schema1 manifest without an architecture`);
  return { os: "linux", architecture };
}
