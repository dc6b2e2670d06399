// RegistryClient: shallow pulls (manifests and image configs, never layers) and listings.
import { AddressPolicy, isHostName, type Lookup } from "./address";
import { type CredentialSource, DockerConfigCredentials } from "./credentials";
import { type ErrorTarget, RegistryError } from "./errors";
import { collectPages, pageSizes, parseNextLink, stringsAt, withPageSizeFallback } from "./listing";
import { jsonType } from "./descriptor";
import { type Json, canonicalDigest, detectMediaType, matchesDigest, parseJsonObject, validateMediaType } from "./manifest";
import { MANIFEST_ACCEPT, baseMediaType, isManifest } from "./media-types";
import { apiHost, digestProblem, formatReference, isDigest, isValidTag, withTagOrDigest } from "./reference";
import { resolvePlatforms } from "./resolve";
import { readBaseAnnotations } from "./base-annotations";
import { type RequestCounter, type RequestEvent, Transport } from "./transport";
import type { ConfigCache, FetchedManifest, ManifestResolution, ManifestSource, Platform, RateLimitInfo, Reference } from "./types";

export interface RegistryClientOptions {
  /** "host:port" entries allowed over plain http AND on loopback/private addresses. */
  insecureRegistries?: string[];
  /** Folder holding config.json (default $DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
  /** Per request, default 15000. */
  timeoutMs?: number;
  /** Default 4 MiB (also the config-blob cap); error bodies are capped at 64 KiB. */
  maxManifestBytes?: number;
  /** Default 3. */
  maxRetries?: number;
  /** Default 8: a per-host semaphore inside the client. */
  concurrencyPerRegistry?: number;
  /** Image config platforms by config digest; defaults to an in-memory Map. */
  configCache?: ConfigCache;
  /** Index levels followed below a tag's own document. Default 4. */
  nestedIndexDepth?: number;
  /** Index entries read per tag, over every nested index. Default 1,024. */
  maxDescriptorsPerTag?: number;
  /** Registry requests per tag (HEAD excluded, the tag's GET included). Default 256. */
  maxRequestsPerTag?: number;
  onRateLimit?: (info: RateLimitInfo) => void;
  /** Every registry HTTP exchange (token fetches excluded), for counting. */
  onRequest?: (e: RequestEvent) => void;
  /** Awaited before each request to a registry: a limit shared across processes (see Transport). */
  beforeRequest?: (registry: string) => Promise<void>;
  /** Backoff base in ms (default 200); lower it in tests. */
  backoffBaseMs?: number;
  /** Replaces config.json lookups (tests, or credentials from elsewhere). */
  credentials?: CredentialSource;
  /** Replaces DNS for the address policy (tests). */
  lookup?: Lookup;
}

/** A ConfigCache over a Map (content-addressed, so entries never go stale). */
export class MemoryConfigCache implements ConfigCache {
  private readonly map = new Map<string, Platform>();
  async get(digest: string): Promise<Platform | undefined> {
    return this.map.get(digest);
  }
  async set(digest: string, platform: Platform): Promise<void> {
    this.map.set(digest, platform);
  }
}

const NAMESPACE_RE = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

export type { FetchedManifest } from "./types";

export class RegistryClient implements ManifestSource {
  private readonly transport: Transport;
  private readonly policy: AddressPolicy;
  readonly configCache: ConfigCache;
  readonly maxManifestBytes: number;
  readonly nestedIndexDepth: number;
  readonly maxDescriptorsPerTag: number;
  readonly maxRequestsPerTag: number;

  constructor(opts: RegistryClientOptions = {}) {
    this.policy = new AddressPolicy(opts.insecureRegistries ?? [], opts.lookup);
    this.transport = new Transport({
      policy: this.policy,
      credentials: opts.credentials ?? new DockerConfigCredentials(opts.dockerConfigDir),
      timeoutMs: opts.timeoutMs ?? 15_000,
      maxRetries: opts.maxRetries ?? 3,
      concurrencyPerRegistry: opts.concurrencyPerRegistry ?? 8,
      backoffBaseMs: opts.backoffBaseMs,
      onRateLimit: opts.onRateLimit,
      onRequest: opts.onRequest,
      beforeRequest: opts.beforeRequest,
    });
    this.configCache = opts.configCache ?? new MemoryConfigCache();
    this.maxManifestBytes = opts.maxManifestBytes ?? 4 * 1024 * 1024;
    this.nestedIndexDepth = opts.nestedIndexDepth ?? 4;
    this.maxDescriptorsPerTag = opts.maxDescriptorsPerTag ?? 1024;
    this.maxRequestsPerTag = opts.maxRequestsPerTag ?? 256;
  }

  /** Total registry requests this client has made (token fetches excluded). */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  /** Token fetches this client has made. */
  get tokenFetchCount(): number {
    return this.transport.tokens.fetches;
  }

  private v2(registry: string, path: string): URL {
    return new URL(`${this.policy.scheme(registry)}://${apiHost(registry)}/v2/${path}`);
  }

  private scope(repo: Reference): string {
    return `repository:${repo.repository}:pull`;
  }

  private checkTagOrDigest(repo: Reference, tagOrDigest: string): void {
    if (tagOrDigest.includes(":")) {
      const problem = digestProblem(tagOrDigest);
      if (problem) throw new RegistryError("invalid-reference", `"${tagOrDigest}" is not a valid digest for ${repo.registry}/${repo.repository}: ${problem}`);
    } else if (!isValidTag(tagOrDigest)) {
      throw new RegistryError("invalid-reference", `"${tagOrDigest}" is not a valid tag for ${repo.registry}/${repo.repository}`);
    }
  }

  private manifestTarget(repo: Reference, tagOrDigest: string): ErrorTarget {
    const sep = isDigest(tagOrDigest) ? "@" : ":";
    return { registry: repo.registry, repository: repo.repository, subject: `${repo.repository}${sep}${tagOrDigest}`, kind: "manifest" };
  }

  /**
   * HEAD the manifest: digest from Docker-Content-Digest (a HEAD does not count as a Docker Hub pull).
   * Falls back to a GET (digest = sha256 of the verified body) when HEAD answers 404/405 or lacks
   * the header; pass `fallbackGet: false` to treat a HEAD 404 as final.
   */
  async headManifest(repo: Reference, tagOrDigest: string, opts: { fallbackGet?: boolean } = {}): Promise<{ digest: string; mediaType: string | null }> {
    this.checkTagOrDigest(repo, tagOrDigest);
    const target = this.manifestTarget(repo, tagOrDigest);
    try {
      const res = await this.transport.request({ method: "HEAD", url: this.v2(repo.registry, `${repo.repository}/manifests/${tagOrDigest}`), target, scope: this.scope(repo), accept: MANIFEST_ACCEPT, maxBytes: 0 });
      const ct = baseMediaType(res.headers.get("content-type"));
      const mediaType = isManifest(ct) ? ct : null;
      const header = res.headers.get("docker-content-digest")?.trim();
      if (header && !digestProblem(header)) {
        if (isDigest(tagOrDigest) && header !== tagOrDigest) {
          throw new RegistryError("digest-mismatch", `registry ${repo.registry} answered digest ${header} when asked for "${target.subject}"`);
        }
        return { digest: header, mediaType };
      }
      if (isDigest(tagOrDigest)) return { digest: tagOrDigest, mediaType };
    } catch (e) {
      const quirk = e instanceof RegistryError && (e.status === 404 || e.status === 405);
      if (!quirk || opts.fallbackGet === false) throw e;
    }
    const m = await this.fetchManifest(repo, tagOrDigest);
    return { digest: m.digest, mediaType: m.mediaType };
  }

  /**
   * GET a manifest with every accepted media type, bounded by maxManifestBytes, and verify its
   * digest against Docker-Content-Digest and against a requested digest.
   */
  async fetchManifest(repo: Reference, tagOrDigest: string, counter?: RequestCounter): Promise<FetchedManifest> {
    this.checkTagOrDigest(repo, tagOrDigest);
    const target = this.manifestTarget(repo, tagOrDigest);
    const res = await this.transport.request({ method: "GET", url: this.v2(repo.registry, `${repo.repository}/manifests/${tagOrDigest}`), target, scope: this.scope(repo), accept: MANIFEST_ACCEPT, maxBytes: this.maxManifestBytes, counter });
    const what = `manifest "${target.subject}" from registry ${repo.registry}`;
    const mediaType = detectMediaType(res.headers.get("content-type"), res.body, what);
    const header = res.headers.get("docker-content-digest")?.trim();
    const checked = header && !digestProblem(header) ? header : undefined;
    if (checked && !matchesDigest(res.body, checked, mediaType)) {
      throw new RegistryError("digest-mismatch", `${what} does not match its Docker-Content-Digest ${checked}`);
    }
    // Hashed once when the header names the requested digest (the usual case for a child manifest).
    if (isDigest(tagOrDigest) && tagOrDigest !== checked && !matchesDigest(res.body, tagOrDigest, mediaType)) {
      throw new RegistryError("digest-mismatch", `${what} does not hash to the requested digest`);
    }
    // Decided from Content-Type, then the body must agree (containerd validateMediaType).
    const json = parseJsonObject(res.body, what);
    validateMediaType(json, mediaType, what);
    const digest = isDigest(tagOrDigest) ? tagOrDigest : (checked ?? canonicalDigest(res.body, mediaType));
    return { digest, mediaType, body: res.body, json };
  }

  /**
   * The raw platform of an image config blob (cached by digest). Blob redirects to storage on
   * another host are followed without our Authorization; the blob's sha256 is verified.
   */
  async configPlatform(repo: Reference, digest: string, counter?: RequestCounter): Promise<Platform> {
    const cached = await this.configCache.get(digest);
    if (cached) return cached;
    const target: ErrorTarget = { registry: repo.registry, repository: repo.repository, subject: `${repo.repository}@${digest}`, kind: "blob" };
    const res = await this.transport.request({ method: "GET", url: this.v2(repo.registry, `${repo.repository}/blobs/${digest}`), target, scope: this.scope(repo), maxBytes: this.maxManifestBytes, counter });
    const what = `image config ${digest} of ${repo.registry}/${repo.repository}`;
    if (!matchesDigest(res.body, digest)) throw new RegistryError("digest-mismatch", `${what} does not hash to its digest`);
    const obj: Json = parseJsonObject(res.body, what);
    // Wrong JSON types are errors, not blanks (image-spec config_test.go: "os" as a number fails).
    for (const key of ["os", "architecture", "variant", "os.version"]) {
      if (obj[key] !== undefined && typeof obj[key] !== "string") {
        throw new RegistryError("invalid-response", `${what} has ${key} ${JSON.stringify(obj[key])}, ${jsonType(obj[key])} where a string belongs`);
      }
    }
    const feats = obj["os.features"];
    if (feats !== undefined && (!Array.isArray(feats) || feats.some((f) => typeof f !== "string"))) {
      throw new RegistryError("invalid-response", `${what} has os.features that are not a list of strings`);
    }
    const p: Platform = { os: (obj.os as string | undefined) ?? "", architecture: (obj.architecture as string | undefined) ?? "" };
    if (obj.variant) p.variant = obj.variant as string;
    if (obj["os.version"]) p.osVersion = obj["os.version"] as string;
    if (Array.isArray(feats) && feats.length) p.osFeatures = feats as string[];
    await this.configCache.set(digest, p);
    return p;
  }

  /**
   * GET the manifest (full Accept set, sha256 verified, body checked against Content-Type) and
   * resolve its platforms: from index descriptors (every entry checked; attestations and other
   * non-image entries skipped and counted; platform-less entries and nested indexes followed once
   * per digest, within nestedIndexDepth, maxDescriptorsPerTag and maxRequestsPerTag), from the
   * config blob for a single image, or from schema1's architecture.
   * `verifyConfigs` also reads each index entry's config and sets `configMismatch` on disagreement.
   */
  async resolve(repo: Reference, tagOrDigest: string, opts: { verifyConfigs?: boolean } = {}): Promise<ManifestResolution> {
    const counter: RequestCounter = { requests: 0 };
    const m = await this.fetchManifest(repo, tagOrDigest, counter);
    const { platforms, skipped } = await resolvePlatforms(this, repo, m, counter, { verifyConfigs: opts.verifyConfigs === true, label: this.manifestTarget(repo, tagOrDigest).subject });
    return { digest: m.digest, mediaType: m.mediaType, platforms, skipped, requests: counter.requests, base: readBaseAnnotations(m.json ?? m.body) };
  }

  /** tags/list, following Link rel="next" on the same host; tolerant of registries that cap or ignore n; at most opts.limit tags when given; without it, more than 10000 tags or MAX_PAGES pages is a too-large error. */
  async listTags(repo: Reference, opts: { limit?: number } = {}): Promise<string[]> {
    const limit = opts.limit ?? 10_000;
    const target: ErrorTarget = { registry: repo.registry, repository: repo.repository, subject: `tags of ${repo.repository}`, kind: "tags" };
    return withPageSizeFallback(pageSizes(limit, repo.registry), (n) => {
      const first = this.v2(repo.registry, `${repo.repository}/tags/list`);
      if (n !== undefined) first.searchParams.set("n", String(n));
      return collectPages(this.transport, { first, target, scope: this.scope(repo), limit, overflow: opts.limit === undefined ? "error" : "truncate", extract: (page) => stringsAt(page, "tags") });
    });
  }

  /** GET /v2/_catalog with Link pagination, keeping repositories that start with opts.prefix. */
  async catalog(registry: string, opts: { prefix?: string; limit?: number } = {}): Promise<string[]> {
    const reg = registry.trim().toLowerCase() === "index.docker.io" ? "docker.io" : registry.trim().toLowerCase();
    if (reg === "docker.io") throw new RegistryError("invalid-reference", "Docker Hub offers no catalog; add a Docker Hub namespace instead");
    if (!/^[a-z0-9.[\]:-]+$/.test(reg)) throw new RegistryError("invalid-reference", `"${registry}" is not a registry host`);
    const limit = opts.limit ?? 10_000;
    const prefix = opts.prefix ?? "";
    const target: ErrorTarget = { registry: reg, subject: "catalog", kind: "catalog" };
    return withPageSizeFallback(pageSizes(limit, reg), (n) => {
      const first = this.v2(reg, "_catalog");
      if (n !== undefined) first.searchParams.set("n", String(n));
      return collectPages(this.transport, { first, target, scope: "registry:catalog:*", limit, extract: (page) => stringsAt(page, "repositories"), keep: (name) => name.startsWith(prefix) });
    });
  }

  /**
   * Repositories of a Docker Hub namespace (hub.docker.com/v2/namespaces/{ns}/repositories, page_size 100,
   * following `next`) or a Quay namespace (/api/v1/repository?namespace=…, following next_page).
   * Anonymous: public repositories only. Returns "ns/name".
   */
  async listNamespace(kind: "dockerhub" | "quay", namespace: string, opts: { apiHost?: string; apiBase?: string; limit?: number } = {}): Promise<string[]> {
    const ns = namespace.trim().toLowerCase();
    if (!NAMESPACE_RE.test(ns)) throw new RegistryError("invalid-reference", `"${namespace}" is not a valid ${kind === "quay" ? "Quay" : "Docker Hub"} namespace`);
    const limit = opts.limit ?? 10_000;
    let base: URL;
    // `apiHost` (a host[:port], what users may give) gets its scheme from the address policy;
    // `apiBase` (a URL) is for library callers only. Either way every request is policy-checked.
    if (opts.apiHost !== undefined && !isHostName(opts.apiHost)) throw new RegistryError("invalid-reference", `"${opts.apiHost}" is not a host name (give a host such as quay.example.com, not a URL)`);
    try {
      base = new URL(opts.apiHost ? `${this.policy.scheme(opts.apiHost.toLowerCase())}://${opts.apiHost.toLowerCase()}` : (opts.apiBase ?? (kind === "quay" ? "https://quay.io" : "https://hub.docker.com")));
    } catch {
      throw new RegistryError("invalid-reference", `"${opts.apiHost ?? opts.apiBase}" is not a host name`);
    }
    const root = base.toString().replace(/\/+$/, "");
    const target: ErrorTarget = { registry: base.host, subject: `namespace ${ns}`, kind: "api" };
    const names = (page: Json, key: string) => {
      const list = page[key];
      if (!Array.isArray(list)) return [];
      const out: string[] = [];
      for (const r of list) {
        if (!r || typeof r !== "object") continue;
        const o = r as Json;
        if (typeof o.name === "string") out.push(`${typeof o.namespace === "string" ? o.namespace : ns}/${o.name}`);
      }
      return out;
    };
    if (kind === "dockerhub") {
      const first = new URL(`${root}/v2/namespaces/${encodeURIComponent(ns)}/repositories?page_size=100`);
      return collectPages(this.transport, {
        first, target, auth: false, limit,
        extract: (page) => names(page, "results"),
        next: (page, headers, url) => (typeof page.next === "string" && page.next ? new URL(page.next, url) : parseNextLink(headers.get("link"), url)),
      });
    }
    const first = new URL(`${root}/api/v1/repository?namespace=${encodeURIComponent(ns)}`);
    return collectPages(this.transport, {
      first, target, auth: false, limit,
      extract: (page) => names(page, "repositories"),
      next: (page) => {
        if (typeof page.next_page !== "string" || !page.next_page) return null;
        const u = new URL(first);
        u.searchParams.set("next_page", page.next_page);
        return u;
      },
    });
  }

  /** For messages: "docker.io/library/ubuntu:22.04". */
  describe(repo: Reference, tagOrDigest: string): string {
    return formatReference(withTagOrDigest(repo, tagOrDigest));
  }
}


