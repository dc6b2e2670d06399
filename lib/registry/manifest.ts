// Pure manifest handling: media type detection, digest checks, descriptor and config parsing.
import { createHash } from "node:crypto";
import { RegistryError } from "./errors";
import { type Descriptor, type Json, descriptorProblems, digestHint, jsonType, readDescriptor, toDescriptor } from "./descriptor";
import { type DocumentKind, MediaTypes, baseMediaType, documentKind, isGenericContentType, isManifest, isWellFormedMediaType } from "./media-types";
import type { Platform } from "./types";

export type { Descriptor, Json } from "./descriptor";

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

/**
 * containerd's `validateMediaType` (core/images/image.go), the CVE-2021-41190 fix: a document is
 * read only as what its Content-Type says, and refused when its body claims or carries another
 * kind — an index with `config` or `layers`, an image manifest with `manifests`, a body
 * `mediaType` of the other kind, `fsLayers` outside schema1. Read either way, such a document
 * could show one client an image and another client an index.
 * The Docker and OCI spellings of one kind agree (containerd's TestValidateMediaType); a body
 * mediaType that is not a manifest type at all is left to the reader, as containerd does.
 */
export function validateMediaType(obj: Json, mediaType: string, what: string): void {
  const kind = documentKind(mediaType);
  const bodyType = obj.mediaType;
  if (bodyType !== undefined && typeof bodyType !== "string") {
    throw new RegistryError("invalid-response", `${what} has mediaType ${JSON.stringify(bodyType)}, ${jsonType(bodyType)} where a string belongs`);
  }
  const bodyKind = typeof bodyType === "string" ? documentKind(bodyType) : null;
  const ambiguous = (found: string) =>
    new RegistryError("invalid-response", `${what} is ambiguous: the registry serves it as ${describeKind(kind)} (${mediaType}) but ${found}; it is refused rather than read either way (CVE-2021-41190)`);
  if (kind === "index") {
    if (obj.config !== undefined) throw ambiguous("its body carries an image config");
    if (obj.layers !== undefined) throw ambiguous("its body carries layers");
    if (obj.fsLayers !== undefined) throw ambiguous("its body carries schema1 fsLayers");
    if (bodyKind && bodyKind !== "index") throw ambiguous(`its body says it is ${describeKind(bodyKind)} (${bodyType})`);
  } else if (kind === "image") {
    if (obj.manifests !== undefined) throw ambiguous("its body carries a manifests list");
    if (obj.fsLayers !== undefined) throw ambiguous("its body carries schema1 fsLayers");
    if (bodyKind && bodyKind !== "image") throw ambiguous(`its body says it is ${describeKind(bodyKind)} (${bodyType})`);
  } else if (kind === "schema1") {
    if (obj.manifests !== undefined || obj.config !== undefined || obj.layers !== undefined) throw ambiguous("its body carries schema2 fields");
  }
}

function describeKind(kind: DocumentKind | null): string {
  return kind === "index" ? "an index" : kind === "image" ? "an image manifest" : kind === "schema1" ? "a schema1 manifest" : "an unknown document";
}

function checkCommon(obj: Json, what: string): void {
  if (obj.schemaVersion !== undefined && obj.schemaVersion !== 2 && obj.schemaVersion !== 1) {
    throw new RegistryError("invalid-response", `${what} has schemaVersion ${JSON.stringify(obj.schemaVersion)}; only 2 is defined`);
  }
  if (obj.subject !== undefined) readDescriptor(obj.subject, what, "its subject");
  if (obj.artifactType !== undefined && (typeof obj.artifactType !== "string" || !isWellFormedMediaType(obj.artifactType))) {
    throw new RegistryError("invalid-response", `${what} has a malformed artifactType ${JSON.stringify(obj.artifactType)}`);
  }
  const a = obj.annotations;
  if (a !== undefined && (!a || typeof a !== "object" || Array.isArray(a) || Object.values(a).some((x) => typeof x !== "string"))) {
    throw new RegistryError("invalid-response", `${what} has annotations that are not a map of strings`);
  }
}

/**
 * The entries of an index, every one checked. An entry that cannot be read makes the whole
 * index an error naming it (position, digest, what is wrong): dropping it would report a
 * platform as missing when it may be there.
 */
export function parseIndex(obj: Json, what: string): Descriptor[] {
  checkCommon(obj, what);
  if (obj.manifests === undefined) throw new RegistryError("invalid-response", `${what} is an index without a manifests list`);
  if (!Array.isArray(obj.manifests)) throw new RegistryError("invalid-response", `${what} has manifests that are ${jsonType(obj.manifests)}, not a list`);
  const list = obj.manifests;
  const bad: string[] = [];
  const out: Descriptor[] = [];
  list.forEach((v, i) => {
    const problems = descriptorProblems(v, { platform: true });
    if (problems.length) bad.push(`entry ${i + 1} of ${list.length}${digestHint(v)} ${problems.join("; ")}`);
    else out.push(toDescriptor(v));
  });
  if (bad.length) {
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more ${bad.length === 2 ? "entry" : "entries"} that cannot be read)` : "";
    throw new RegistryError("invalid-response", `${what} cannot be read: index ${bad[0]}${more}`);
  }
  return out;
}

/** The config descriptor of an image manifest; its layers are checked too, though never fetched. */
export function parseImageManifest(obj: Json, what: string): Descriptor {
  checkCommon(obj, what);
  if (obj.config === undefined) throw new RegistryError("invalid-response", `${what} is an image manifest without a config`);
  const config = readDescriptor(obj.config, what, "its config");
  // image-spec's schema wants at least one layer, its text only says SHOULD, and containerd reads
  // an empty list: artifacts and scratch images have none.
  if (obj.layers === undefined) throw new RegistryError("invalid-response", `${what} is an image manifest without a layers list`);
  if (!Array.isArray(obj.layers)) throw new RegistryError("invalid-response", `${what} has layers that are ${jsonType(obj.layers)}, not a list`);
  obj.layers.forEach((l, i, all) => readDescriptor(l, what, `layer ${i + 1} of ${all.length}`));
  return config;
}

/** BuildKit attestations: annotation vnd.docker.reference.type, or platform unknown/unknown. Not platforms. */
export function isAttestation(d: Descriptor): boolean {
  if (d.annotations?.["vnd.docker.reference.type"]) return true;
  return d.platform?.os === "unknown" && d.platform?.architecture === "unknown";
}

/** schema1 manifests carry only `architecture`; they were linux-only. */
export function schema1Platform(obj: Json, what: string): Platform {
  const architecture = obj.architecture;
  if (typeof architecture !== "string" || architecture === "") throw new RegistryError("invalid-response", `${what} is a schema1 manifest without an architecture`);
  return { os: "linux", architecture };
}
