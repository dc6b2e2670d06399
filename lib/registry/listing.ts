// Paginated listings: tags, _catalog, Docker Hub and Quay namespace APIs. `Link`/`next` are
// followed on the same host and scheme only (go-containerregistry remote/list.go).
import { RegistryError } from "./errors";
import { parseJsonObject, type Json } from "./manifest";
import type { ErrorTarget, RegistryErrorCode } from "./errors";
import type { Transport } from "./transport";
import type { HeaderLookup } from "./http";

export const LIST_BODY_CAP = 16 * 1024 * 1024;
/**
 * Most pages one listing follows. 10,000 tags take 10 pages at n=1000 and 100 at n=100 (Quay, or a
 * registry that ignores n); a registry handing out pages of one name could keep us busy for
 * 10,000 requests per repository.
 */
export const MAX_PAGES = 200;

/** The rel="next" target of a Link header, resolved against `base`; null when there is none. */
export function parseNextLink(header: string | null, base: URL): URL | null {
  if (!header) return null;
  const re = /<([^>]*)>\s*((?:;\s*[^;,]+)*)/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]);
    if (rel && rel[1].split(/\s+/).includes("next")) {
      try {
        return new URL(m[1], base);
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

export interface PageSpec {
  first: URL;
  target: ErrorTarget;
  scope?: string;
  auth?: boolean;
  limit: number;
  /** Names on one page. */
  extract: (page: Json) => string[];
  /** Where the next page is (default: the Link header). */
  next?: (page: Json, headers: HeaderLookup, url: URL) => URL | null;
  /** Keep only names passing this filter (counted against limit). */
  keep?: (name: string) => boolean;
  /**
   * More names than `limit`: "truncate" (a listing the user sized, e.g. an import) or "error"
   * (tags, where picking "the newest" from a silently cut list would be wrong).
   */
  overflow?: "truncate" | "error";
}

/** Collects names over pages until `limit`, a missing next link, or a next link to another host. */
export async function collectPages(transport: Transport, spec: PageSpec): Promise<string[]> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const tooMany = (what: string) =>
    new RegistryError("too-large", `registry ${spec.target.registry} lists more than ${what} for ${spec.target.subject}; archgrid reads at most ${spec.limit} names in ${MAX_PAGES} pages (track explicit tags instead)`);
  let url: URL | null = spec.first;
  for (let page = 0; url; page++) {
    if (seen.has(url.toString())) break;
    if (page >= MAX_PAGES) throw tooMany(`${MAX_PAGES} pages`);
    seen.add(url.toString());
    const res = await transport.request({ method: "GET", url, target: spec.target, scope: spec.scope, auth: spec.auth, maxBytes: LIST_BODY_CAP });
    const json = parseJsonObject(res.body, `the ${spec.target.subject} answer of registry ${spec.target.registry}`);
    for (const name of spec.extract(json)) {
      if (spec.keep && !spec.keep(name)) continue;
      if (out.size >= spec.limit && !out.has(name)) {
        if (spec.overflow === "error") throw tooMany(`${spec.limit} names`);
        return [...out];
      }
      out.add(name);
    }
    const next: URL | null = spec.next ? spec.next(json, res.headers, res.url) : parseNextLink(res.headers.get("link"), res.url);
    url = next && sameOrigin(next, spec.first) ? next : null;
    if (url && out.size >= spec.limit && spec.overflow !== "error") return [...out];
  }
  return [...out];
}

export function stringsAt(obj: Json, key: string): string[] {
  const v = obj[key];
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new RegistryError("invalid-response", `listing answer field "${key}" is not a list`);
  return v.filter((x): x is string => typeof x === "string");
}

const PAGE_SIZE_REJECTED: ReadonlySet<RegistryErrorCode> = new Set(["invalid-response", "invalid-reference"]);

/**
 * Runs a listing with page size `n`, falling back to n=100 and then to no `n` at all when the
 * registry rejects the page size with a 400 (Quay rejects n>100, ECR n>1000).
 */
export async function withPageSizeFallback(sizes: Array<number | undefined>, run: (n: number | undefined) => Promise<string[]>): Promise<string[]> {
  let last: unknown;
  for (const n of sizes) {
    try {
      return await run(n);
    } catch (e) {
      if (!(e instanceof RegistryError) || e.status !== 400 || !PAGE_SIZE_REJECTED.has(e.code)) throw e;
      last = e;
    }
  }
  throw last;
}

export function pageSizes(limit: number, registry: string): Array<number | undefined> {
  const first = Math.max(1, Math.min(limit, registry === "quay.io" ? 100 : 1000));
  return first > 100 ? [first, 100, undefined] : [first, undefined];
}
