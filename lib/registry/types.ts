// Types shared by the registry client and its callers. Nothing here imports Next or Prisma.

/** A parsed image reference. `registry` is the canonical host ("docker.io" for Docker Hub). */
export interface Reference {
  /** Canonical registry host, e.g. "docker.io", "ghcr.io", "localhost:5000". */
  registry: string;
  /** Repository path, e.g. "library/ubuntu". Always lowercase. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** An OCI platform. Values are either raw (as the registry said) or normalized (containerd rules). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
}

/** One platform of a tag as the scan resolved it. */
export interface ResolvedPlatform {
  /** Normalized by containerd's rules. */
  platform: Platform;
  /** Exactly what the index entry (or config, or schema1 manifest) said. */
  raw: Platform;
  /** Digest, media type and size of this platform's own manifest. */
  digest?: string;
  mediaType?: string;
  size?: number;
  /** Set when config verification is on and the image config disagrees with the index entry. */
  configMismatch?: Platform;
}

/**
 * The version of the rules by which documents are read (validation, skipping, normalization).
 * Bump it when a change can make an unchanged digest resolve differently: snapshots stored under
 * older rules are then resolved once more instead of being kept on a HEAD's word.
 * 2: issue 9 (containerd's validation and normalization; unreadable entries are errors).
 * 3: issue 13 (OCI base-image annotations are read and stored with the snapshot).
 */
export const RESOLUTION_RULES = 3;

/** What a document says about its base image. `problem` explains annotations that cannot be used. */
export interface BaseAnnotations {
  /** The name as written ("alpine:3.18", "registry.example.com/org/base:1"). */
  name: string | null;
  /** The name parsed with distribution's rules; null when absent or malformed. */
  reference: Reference | null;
  /** A well-formed digest, or null. */
  digest: string | null;
  problem: string | null;
}

/** What a manifest (index or image) at a tag resolves to. */
export interface ManifestResolution {
  digest: string;
  mediaType: string;
  platforms: ResolvedPlatform[];
  /**
   * Well-formed index entries that are not images (signatures, SBOMs, other artifacts, BuildKit
   * attestations): left out of `platforms`, counted here.
   */
  skipped: number;
  /** Registry requests this resolution made (HEAD, GET, token fetches excluded). */
  requests: number;
  /** The OCI base-image annotations of the document (base-annotations.ts), or null. */
  base?: BaseAnnotations | null;
}

/** A manifest as fetched: the Content-Type it came with (validated against its body) and its bytes. */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  body: Buffer;
  /** The body as parsed when it was checked (a JSON object), so readers do not parse it again. Never mutate it. */
  json?: Record<string, unknown>;
}

/** Counts the registry requests of one resolution (shared with the transport). */
export interface RequestTally {
  requests: number;
}

/**
 * What platform resolution needs from a registry client: the manifest and config reads, and the
 * limits. RegistryClient implements it; resolve.ts depends on this, not on the client.
 */
export interface ManifestSource {
  fetchManifest(repo: Reference, digest: string, counter?: RequestTally): Promise<FetchedManifest>;
  configPlatform(repo: Reference, digest: string, counter?: RequestTally): Promise<Platform>;
  /** Index levels below the tag's own document that are followed (default 4). */
  readonly nestedIndexDepth: number;
  /** Index entries read per tag over every level (default 1,024). */
  readonly maxDescriptorsPerTag: number;
  /** Registry requests per tag, the tag's own GET included (default 256). */
  readonly maxRequestsPerTag: number;
}

/** Rate-limit headers seen on a registry answer (Docker Hub style `RateLimit-*`). */
export interface RateLimitInfo {
  host: string;
  limit?: number;
  remaining?: number;
  windowSeconds?: number;
}

/** Cache of image config platforms by config digest: content-addressed, so valid forever. */
export interface ConfigCache {
  get(digest: string): Promise<Platform | undefined>;
  set(digest: string, platform: Platform): Promise<void>;
  /**
   * Entries `set` has not written yet, as statements for the caller's transaction (lib/queries/config-cache.ts:
   * a repository's closing transaction takes them). A method, not an instanceof check: Next bundles
   * lib/ more than once, and the cache may come from another copy of the module than the caller.
   */
  takeWrites?(): unknown[];
}

/**
 * Which tags of a repository to track.
 * - `tags`: exactly these (no listing needed).
 * - `pattern`: listed tags matching `include` (default: all) and not `exclude`; globs (picomatch)
 *   or `/regex/`; at most `max`, newest first.
 * - `newest`: the `count` newest listed tags (semver-aware), after include/exclude.
 * - `digest`: one pinned manifest (`@sha256:…`); it cannot change, so it is read once and
 *   never listed or HEADed again.
 */
export type TagPolicy =
  | { kind: "tags"; tags: string[] }
  | { kind: "pattern"; include?: string[]; exclude?: string[]; max?: number }
  | { kind: "newest"; count: number; include?: string[]; exclude?: string[] }
  | { kind: "digest"; digest: string };
