// Reading OCI descriptors (index entries, config, layers, subject) strictly, with a plain-words
// reason for each way one can be unreadable. The rules are image-spec's schema
// (schema/defs-descriptor.json, image-index-schema.json) plus one of archgrid's own: a digest
// must use an algorithm that can be verified (sha256, sha512), as containerd's go-digest requires
// before it fetches anything.
import { RegistryError } from "./errors";
import { baseMediaType, isWellFormedMediaType } from "./media-types";
import type { Platform } from "./types";

export type Json = Record<string, unknown>;

export interface Descriptor {
  /** Lowercased, without parameters. */
  mediaType: string;
  digest: string;
  size: number;
  /** As written in the index (raw). */
  platform?: Platform;
  annotations?: Record<string, string>;
  /** Set on descriptors of artifacts (image-spec 1.1). */
  artifactType?: string;
}

const ALGORITHM_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const ENCODED_RE = /^[a-zA-Z0-9=_-]+$/;
const HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** "a string", "a number", "null", "an array", "an object" — for messages. */
export function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Why `digest` cannot be used to fetch and verify content ("no hash after the colon"), or null. */
export function strictDigestProblem(digest: string): string | null {
  const colon = digest.indexOf(":");
  if (colon < 0) return "no hash after its algorithm (expected sha256:<64 hex characters>)";
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (algorithm === "") return "no algorithm before the colon";
  if (encoded === "") return "no hash after the colon";
  if (!ALGORITHM_RE.test(algorithm)) {
    return ALGORITHM_RE.test(algorithm.toLowerCase()) ? "its algorithm in uppercase (digests are lowercase)" : `a malformed algorithm "${algorithm}"`;
  }
  if (!ENCODED_RE.test(encoded)) return "characters a digest cannot hold";
  const want = HEX_LENGTH[algorithm];
  if (want === undefined) return `the algorithm "${algorithm}", which cannot be verified (only sha256 and sha512 can)`;
  if (/[A-F]/.test(encoded) && /^[a-fA-F0-9]+$/.test(encoded)) return "its hash in uppercase (digests are lowercase hex)";
  if (!/^[a-f0-9]+$/.test(encoded) || encoded.length !== want) return `a hash that is not ${want} lowercase hex characters`;
  return null;
}

function problemsOfPlatform(v: unknown): string[] {
  if (!v || typeof v !== "object" || Array.isArray(v)) return [`has a platform that is ${jsonType(v)}, not an object`];
  const o = v as Json;
  const out: string[] = [];
  for (const key of ["architecture", "os"]) {
    if (o[key] === undefined) out.push(`has a platform without ${key}`);
    else if (typeof o[key] !== "string") out.push(`has platform ${key} ${shown(o[key])}, ${jsonType(o[key])} where a string belongs`);
    else if (o[key] === "") out.push(`has a platform with an empty ${key}`);
  }
  for (const key of ["variant", "os.version"]) {
    if (o[key] !== undefined && typeof o[key] !== "string") out.push(`has platform ${key} ${shown(o[key])}, ${jsonType(o[key])} where a string belongs`);
  }
  const feats = o["os.features"];
  if (feats !== undefined && (!Array.isArray(feats) || feats.some((f) => typeof f !== "string"))) {
    out.push(`has platform os.features ${shown(feats)}, where a list of strings belongs`);
  }
  return out;
}

/** Every reason the descriptor cannot be read (empty when it can). */
export function descriptorProblems(v: unknown, opts: { platform?: boolean } = {}): string[] {
  if (!v || typeof v !== "object" || Array.isArray(v)) return [`is ${jsonType(v)}, not a descriptor object`];
  const o = v as Json;
  const out: string[] = [];
  const mt = o.mediaType;
  if (mt === undefined) out.push("has no mediaType");
  else if (typeof mt !== "string") out.push(`has mediaType ${shown(mt)}, ${jsonType(mt)} where a string belongs`);
  else if (mt === "") out.push("has an empty mediaType");
  else if (!isWellFormedMediaType(mt)) out.push(`has a malformed mediaType ${shown(mt)} (expected type/subtype, e.g. application/vnd.oci.image.manifest.v1+json)`);
  const digest = o.digest;
  if (digest === undefined) out.push("has no digest");
  else if (typeof digest !== "string") out.push(`has digest ${shown(digest)}, ${jsonType(digest)} where a string belongs`);
  else {
    const p = strictDigestProblem(digest);
    if (p) out.push(`has digest ${shown(digest)} with ${p}`);
  }
  const size = o.size;
  if (size === undefined) out.push("has no size");
  else if (typeof size !== "number") out.push(`has size ${shown(size)}, ${jsonType(size)} where a whole number of bytes belongs`);
  else if (!Number.isInteger(size)) out.push(`has size ${size}, not a whole number of bytes`);
  else if (size < 0) out.push(`has a negative size (${size})`);
  if (o.urls !== undefined) {
    const ok = Array.isArray(o.urls) && o.urls.every((u) => typeof u === "string" && URL.canParse(u) && /^[a-z][a-z0-9+.-]*:/i.test(u));
    if (!ok) out.push(`has urls ${shown(o.urls)}, where a list of absolute URLs belongs`);
  }
  if (o.artifactType !== undefined && (typeof o.artifactType !== "string" || !isWellFormedMediaType(o.artifactType))) {
    out.push(`has a malformed artifactType ${shown(o.artifactType)}`);
  }
  if (o.annotations !== undefined) {
    const a = o.annotations;
    if (!a || typeof a !== "object" || Array.isArray(a) || Object.values(a).some((x) => typeof x !== "string")) {
      out.push(`has annotations ${shown(a)}, where a map of strings belongs`);
    }
  }
  if (o.data !== undefined && (typeof o.data !== "string" || !BASE64_RE.test(o.data))) out.push("has data that is not base64");
  if (o.platform !== undefined) {
    if (opts.platform) out.push(...problemsOfPlatform(o.platform));
    else if (!o.platform || typeof o.platform !== "object") out.push(`has a platform that is ${jsonType(o.platform)}, not an object`);
  }
  return out;
}

/** A Platform from index-descriptor or config fields (`os.version`, `os.features`), as written. */
export function platformFrom(o: Json): Platform {
  const p: Platform = { os: typeof o.os === "string" ? o.os : "", architecture: typeof o.architecture === "string" ? o.architecture : "" };
  if (typeof o.variant === "string" && o.variant) p.variant = o.variant;
  if (typeof o["os.version"] === "string" && o["os.version"]) p.osVersion = o["os.version"] as string;
  const feats = o["os.features"];
  if (Array.isArray(feats)) {
    const list = feats.filter((f): f is string => typeof f === "string");
    if (list.length) p.osFeatures = list;
  }
  return p;
}

/** The descriptor's fields, for a value descriptorProblems found nothing wrong with. */
export function toDescriptor(v: unknown): Descriptor {
  const o = v as Json;
  const d: Descriptor = { mediaType: baseMediaType(o.mediaType as string), digest: o.digest as string, size: o.size as number };
  if (o.platform && typeof o.platform === "object") d.platform = platformFrom(o.platform as Json);
  if (o.annotations && typeof o.annotations === "object") d.annotations = { ...(o.annotations as Record<string, string>) };
  if (typeof o.artifactType === "string") d.artifactType = o.artifactType;
  return d;
}

/**
 * Reads one descriptor or throws `invalid-response` naming it: "<what>: <label> (<digest>) has
 * size "7682", a string where a whole number of bytes belongs".
 */
export function readDescriptor(v: unknown, what: string, label: string, opts: { platform?: boolean } = {}): Descriptor {
  const problems = descriptorProblems(v, opts);
  if (problems.length) throw new RegistryError("invalid-response", `${what}: ${label}${digestHint(v)} ${problems.join("; ")}`);
  return toDescriptor(v);
}

/** " (sha256:5b0bcabd1ed2…)" when the value carries a digest string, to find the entry by. */
export function digestHint(v: unknown): string {
  const d = v && typeof v === "object" ? (v as Json).digest : undefined;
  if (typeof d !== "string" || d === "") return "";
  return ` (${d.length > 32 ? `${d.slice(0, 31)}…` : d})`;
}
