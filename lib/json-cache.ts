// Serialized JSON answers kept per key (the matrix fingerprint plus the query), with a gzipped
// copy. At 2,000 repositories × 4 tags the coverage answer is ~4 MB: serializing and compressing
// it on every request cost more than computing it (bench/FINDINGS.md).
import zlib from "node:zlib";

interface Entry {
  json: Buffer;
  gzip: Buffer;
}

export class JsonCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly max = 8) {}

  /** The cached bytes for `key`, or builds, serializes and keeps them. */
  async get(key: string, build: () => Promise<unknown>): Promise<Entry> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const json = Buffer.from(JSON.stringify(await build()));
    const entry = { json, gzip: zlib.gzipSync(json, { level: 1 }) };
    this.entries.set(key, entry);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}

/** A JSON response from cached bytes, gzipped when the client accepts it. */
export function cachedJsonResponse(req: Request, entry: Entry): Response {
  const gzip = /\bgzip\b/.test(req.headers.get("accept-encoding") ?? "");
  const body = gzip ? entry.gzip : entry.json;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      Vary: "Accept-Encoding",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
    },
  });
}
