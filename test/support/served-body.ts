// Test-only: a tiny registry on 127.0.0.1 that serves exactly the bytes it is given, with the
// Content-Type it is given, through the /v2 manifest and blob API. It exists for documents that
// the real Distribution registry refuses to store (ambiguous or malformed manifests): archgrid
// must still read them safely when some other registry serves them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import { type TestServer, serve } from "./http-server";

function sha256(b: Buffer): string {
  return `sha256:${createHash("sha256").update(b).digest("hex")}`;
}

/** An error the way Distribution words one: `{ errors: [{ code, message }] }`. */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ errors: [{ code, message }] }));
}

export interface ServedDocument {
  body: Buffer;
  /** null: no Content-Type header at all. */
  contentType: string | null;
}

export class ServedBodies {
  server!: TestServer;
  private readonly manifests = new Map<string, ServedDocument>();
  private readonly blobs = new Map<string, Buffer>();

  get host(): string {
    return this.server.host;
  }

  /** GETs and HEADs received, as "METHOD path". */
  requests(): string[] {
    return this.server.hits.map((h) => `${h.method} ${h.url}`);
  }

  async start(): Promise<this> {
    this.server = await serve((req, res, url) => this.handle(req, res, url));
    return this;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  /** Serves `body` under `repo:tag` and `repo@digest`; returns the digest (sha256 of the bytes). */
  putManifest(repo: string, tag: string | null, body: Buffer | string, contentType: string | null): string {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const digest = sha256(buf);
    const doc = { body: buf, contentType };
    this.manifests.set(`${repo}@${digest}`, doc);
    if (tag) this.manifests.set(`${repo}:${tag}`, doc);
    return digest;
  }

  putBlob(body: Buffer | string): string {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const digest = sha256(buf);
    this.blobs.set(digest, buf);
    return digest;
  }

  private handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (url.pathname === "/v2/" || url.pathname === "/v2") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end("{}");
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\/(.+)$/.exec(url.pathname);
    if (!m) return sendError(res, 404, "NOT_FOUND", "no such route");
    const [, repo, kind, ref] = m;
    if (kind === "tags") {
      const tags = [...this.manifests.keys()].filter((k) => k.startsWith(`${repo}:`)).map((k) => k.slice(repo.length + 1));
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ name: repo, tags }));
      return;
    }
    if (kind === "blobs") {
      const blob = this.blobs.get(ref);
      if (!blob) return sendError(res, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(blob.length), "Docker-Content-Digest": ref });
      res.end(req.method === "HEAD" ? undefined : blob);
      return;
    }
    const doc = this.manifests.get(ref.includes(":") ? `${repo}@${ref}` : `${repo}:${ref}`);
    if (!doc) return sendError(res, 404, "MANIFEST_UNKNOWN", "manifest unknown");
    const headers: Record<string, string> = { "Content-Length": String(doc.body.length), "Docker-Content-Digest": sha256(doc.body) };
    if (doc.contentType !== null) headers["Content-Type"] = doc.contentType;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : doc.body);
  }
}

export async function startServedBodies(): Promise<ServedBodies> {
  return new ServedBodies().start();
}
