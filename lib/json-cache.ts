// Serialized JSON answers kept per key (the matrix fingerprint plus the query). At 2,000
// repositories × 4 tags the coverage answer is ~4 MB: serializing it on every request cost more
// than computing it (bench/FINDINGS.md). Compression stays with next start: it compresses a
// pre-gzipped body a second time, and it drops a route's own Content-Encoding header even with
// Cache-Control: no-transform (both tried), so a cached gzip copy cannot be served from here.

export class JsonCache {
  private readonly entries = new Map<string, Buffer>();
  constructor(private readonly max = 8) {}

  /** The cached bytes for `key`, or builds, serializes and keeps them. */
  async get(key: string, build: () => Promise<unknown>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const json = Buffer.from(JSON.stringify(await build()));
    this.entries.set(key, json);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return json;
  }
}

/** A JSON response from cached bytes. */
export function cachedJsonResponse(json: Buffer): Response {
  return new Response(new Uint8Array(json), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}
