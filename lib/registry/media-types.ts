// Manifest media types: a closed set with predicates; Accept is built from it
// (go-containerregistry pkg/v1/types, remote/fetcher.go).

export const MediaTypes = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
} as const;

export type MediaType = (typeof MediaTypes)[keyof typeof MediaTypes];

/** Content types that say nothing about the manifest; then (and only then) the body's mediaType decides. */
const GENERIC_TYPES: ReadonlySet<string> = new Set(["", "application/json", "text/plain", "application/octet-stream", "binary/octet-stream"]);

/** The known types, each its own base: the predicates below run several times per index entry. */
const KNOWN_BASE: ReadonlySet<string> = new Set(Object.values(MediaTypes));

/** Lowercased media type without parameters: "application/json; charset=utf-8" -> "application/json". */
export function baseMediaType(contentType: string | null | undefined): string {
  if (contentType === null || contentType === undefined) return "";
  if (KNOWN_BASE.has(contentType)) return contentType;
  return contentType.split(";")[0].trim().toLowerCase();
}

export function isGenericContentType(contentType: string | null | undefined): boolean {
  return GENERIC_TYPES.has(baseMediaType(contentType));
}

/** OCI image index or Docker manifest list. */
export function isIndex(mt: string): boolean {
  const b = baseMediaType(mt);
  return b === MediaTypes.ociIndex || b === MediaTypes.dockerList;
}

/** Single-platform image manifest (OCI or Docker schema2). */
export function isImage(mt: string): boolean {
  const b = baseMediaType(mt);
  return b === MediaTypes.ociManifest || b === MediaTypes.dockerManifest;
}

/** Legacy Docker schema1 (signed or not). */
export function isSchema1(mt: string): boolean {
  const b = baseMediaType(mt);
  return b === MediaTypes.dockerSchema1Signed || b === MediaTypes.dockerSchema1;
}

export function isManifest(mt: string): boolean {
  return isIndex(mt) || isImage(mt) || isSchema1(mt);
}

/** What a manifest media type says the document is; null for anything else. */
export type DocumentKind = "index" | "image" | "schema1";

export function documentKind(mt: string): DocumentKind | null {
  if (isIndex(mt)) return "index";
  if (isImage(mt)) return "image";
  if (isSchema1(mt)) return "schema1";
  return null;
}

// image-spec schema/defs-descriptor.json: type "/" subtype, each 1-127 characters of RFC 6838's
// restricted-name set. An index entry whose media type breaks this cannot be read.
const MEDIA_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export function isWellFormedMediaType(mt: string): boolean {
  return MEDIA_TYPE_RE.test(mt);
}

export function isConfig(mt: string): boolean {
  const b = baseMediaType(mt);
  return b === MediaTypes.ociConfig || b === MediaTypes.dockerConfig;
}

/**
 * Every manifest type we accept, lists first. Leaving the list types out makes Distribution
 * answer with the linux/amd64 image; sending no Accept makes it down-convert to schema1.
 */
export const MANIFEST_ACCEPT: string = [
  MediaTypes.ociIndex,
  MediaTypes.dockerList,
  MediaTypes.ociManifest,
  MediaTypes.dockerManifest,
  MediaTypes.dockerSchema1Signed,
  MediaTypes.dockerSchema1,
].join(", ");
