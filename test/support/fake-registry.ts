// Test-only: small node:http servers on 127.0.0.1 that play a registry (or its faults) and a token server.
import { createHash } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MediaTypes } from "../../lib/registry/media-types";

export interface Hit {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | boolean | Promise<void | boolean>;

export interface TestServer {
  /** "127.0.0.1:port" */
  host: string;
  base: string;
  hits: Hit[];
  close(): Promise<void>;
}

/** Starts a server on a free 127.0.0.1 port; every request is recorded in `hits`. */
export async function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, accept: req.headers.accept });
    const url = new URL(req.url ?? "/", "http://x");
    Promise.resolve(handler(req, res, url)).catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash("sha256").update(b).digest("hex")}`;
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify({ errors: [{ code, message }] }));
}

interface Stored {
  body: Buffer;
  mediaType: string;
}

/** An in-memory registry: manifests by tag and digest, blobs, tags/list and _catalog with Link pagination. */
export class FakeRegistry {
  readonly manifests = new Map<string, Stored>();
  readonly blobs = new Map<string, Buffer>();
  /** Runs first; return true when it answered the request itself (faults, auth). */
  hook?: Handler;
  pageSize = 0;
  server!: TestServer;

  async start(): Promise<this> {
    this.server = await serve((req, res, url) => this.handle(req, res, url));
    return this;
  }

  get host(): string {
    return this.server.host;
  }

  putBlob(obj: unknown): { digest: string; size: number } {
    const body = Buffer.from(JSON.stringify(obj));
    const digest = sha256(body);
    this.blobs.set(digest, body);
    return { digest, size: body.length };
  }

  putManifest(repo: string, tag: string | undefined, obj: unknown, mediaType: string): { digest: string; size: number; body: Buffer } {
    const body = Buffer.from(JSON.stringify(obj, null, 2));
    const digest = sha256(body);
    this.manifests.set(`${repo}@${digest}`, { body, mediaType });
    if (tag) this.manifests.set(`${repo}:${tag}`, { body, mediaType });
    return { digest, size: body.length, body };
  }

  /** An image (config + manifest) for a platform; returns its descriptor. */
  putImage(repo: string, tag: string | undefined, platform: Record<string, unknown>, mediaType: string = MediaTypes.ociManifest) {
    const cfg = this.putBlob({ ...platform, rootfs: { type: "layers", diff_ids: [] }, config: {} });
    const cfgType = mediaType === MediaTypes.dockerManifest ? MediaTypes.dockerConfig : MediaTypes.ociConfig;
    const m = this.putManifest(repo, tag, { schemaVersion: 2, mediaType, config: { mediaType: cfgType, digest: cfg.digest, size: cfg.size }, layers: [] }, mediaType);
    return { mediaType, digest: m.digest, size: m.size, configDigest: cfg.digest };
  }

  repos(): string[] {
    const names = new Set<string>();
    for (const k of this.manifests.keys()) names.add(k.replace(/[:@].*$/, ""));
    return [...names].sort();
  }

  private page(res: ServerResponse, url: URL, key: string, all: string[], extra: Record<string, unknown>): void {
    const n = Number(url.searchParams.get("n") ?? "0") || this.pageSize || all.length;
    const last = url.searchParams.get("last");
    const start = last ? all.indexOf(last) + 1 : 0;
    const slice = all.slice(start, start + n);
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (start + n < all.length) headers.Link = `<${url.pathname}?n=${n}&last=${encodeURIComponent(slice[slice.length - 1])}>; rel="next"`;
    res.writeHead(200, headers);
    res.end(JSON.stringify({ ...extra, [key]: slice }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (this.hook && (await this.hook(req, res, url))) return;
    const p = url.pathname;
    if (p === "/v2/" || p === "/v2") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return void res.end("{}");
    }
    if (p === "/v2/_catalog") return this.page(res, url, "repositories", this.repos(), {});
    let m = /^\/v2\/(.+)\/tags\/list$/.exec(p);
    if (m) {
      const repo = m[1];
      const tags = [...this.manifests.keys()].filter((k) => k.startsWith(`${repo}:`)).map((k) => k.slice(repo.length + 1)).sort();
      if (tags.length === 0) return sendError(res, 404, "NAME_UNKNOWN", "repository name not known to registry");
      return this.page(res, url, "tags", tags, { name: repo });
    }
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(p);
    if (m) {
      const [, repo, ref] = m;
      const stored = this.manifests.get(ref.includes(":") ? `${repo}@${ref}` : `${repo}:${ref}`);
      if (!stored) {
        const known = this.repos().includes(repo);
        if (req.method === "HEAD") {
          res.writeHead(404);
          return void res.end();
        }
        return known ? sendError(res, 404, "MANIFEST_UNKNOWN", "manifest unknown") : sendError(res, 404, "NAME_UNKNOWN", "repository name not known to registry");
      }
      res.writeHead(200, { "Content-Type": stored.mediaType, "Docker-Content-Digest": sha256(stored.body), "Content-Length": String(stored.body.length) });
      return void res.end(req.method === "HEAD" ? undefined : stored.body);
    }
    m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(p);
    if (m) {
      const blob = this.blobs.get(m[2]);
      if (!blob) return sendError(res, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Docker-Content-Digest": m[2] });
      return void res.end(blob);
    }
    sendError(res, 404, "UNSUPPORTED", "not here");
  }
}
