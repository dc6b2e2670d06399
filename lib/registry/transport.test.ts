// Retries, timeouts, redirects, rate-limit headers and per-host concurrency, against node:http servers on 127.0.0.1.
import { describe, expect, it } from "vitest";
import { MediaTypes } from "./media-types";
import { parseReference } from "./reference";
import { sendError } from "../../test/support/fake-registry";
import { client, closeNow, failure, registry, server, useServers } from "../../test/support/harness";
import type { RateLimitInfo } from "./types";

useServers();

describe("retries", () => {
  it("429 with Retry-After: 1, then 200", async () => {
    const reg = await registry();
    let calls = 0;
    reg.hook = (_req, res) => {
      if (++calls > 1) return false;
      sendError(res, 429, "TOOMANYREQUESTS", "slow down", { "Retry-After": "1" });
      return true;
    };
    const t0 = Date.now();
    const h = await client([reg.host]).headManifest(parseReference(`${reg.host}/team/app`), "1");
    expect(h.digest).toMatch(/^sha256:/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(reg.server.hits).toHaveLength(2);
  });

  it("500 three times, then the error (maxRetries 2)", async () => {
    const reg = await registry();
    reg.hook = (_req, res) => (sendError(res, 500, "UNKNOWN", "boom"), true);
    const c = client([reg.host], { maxRetries: 2 });
    const e = await failure(c.resolve(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("registry-unavailable");
    expect(e.temporary).toBe(true);
    expect(e.status).toBe(500);
    expect(reg.server.hits).toHaveLength(3);
    expect(c.requestCount).toBe(3);
  });

  it("429 after retries is rate-limited with the registry's Retry-After", async () => {
    const reg = await registry();
    reg.hook = (_req, res) => (sendError(res, 429, "TOOMANYREQUESTS", "limit", { "Retry-After": "0" }), true);
    const e = await failure(client([reg.host], { maxRetries: 1 }).headManifest(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("rate-limited");
    expect(e.retryAfterSeconds).toBe(0);
    expect(e.temporary).toBe(true);
  });

  it("4xx other than 408/429 is not retried", async () => {
    const reg = await registry();
    reg.hook = (_req, res) => (sendError(res, 403, "DENIED", "no"), true);
    await failure(client([reg.host], { maxRetries: 3 }).resolve(parseReference(`${reg.host}/team/app`), "1"));
    expect(reg.server.hits).toHaveLength(1);
  });

  it("a connection refused is registry-unavailable after retries", async () => {
    const s = await server(() => undefined);
    const host = s.host;
    await closeNow(s);
    const e = await failure(client([host], { maxRetries: 1 }).resolve(parseReference(`${host}/team/app`), "1"));
    expect(e.code).toBe("registry-unavailable");
    expect(e.message).toMatch(/ECONNREFUSED/);
  });

  it("times out a request that never answers", async () => {
    const s = await server(() => undefined); // never responds
    const t0 = Date.now();
    const e = await failure(client([s.host], { timeoutMs: 200, maxRetries: 1 }).resolve(parseReference(`${s.host}/team/app`), "1"));
    expect(e.code).toBe("timeout");
    expect(e.temporary).toBe(true);
    expect(s.hits).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe("redirects", () => {
  it("follows a blob redirect to another host without Authorization", async () => {
    const reg = await registry();
    const storage = await server((_req, res, url) => {
      const blob = reg.blobs.get(url.pathname.slice(1));
      if (!blob) return sendError(res, 404, "BLOB_UNKNOWN", "x");
      res.writeHead(200);
      res.end(blob);
    });
    const want = `Basic ${Buffer.from("bob:pw").toString("base64")}`;
    reg.hook = (req, res, url) => {
      if (req.headers.authorization !== want) {
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="r"' });
        res.end();
        return true;
      }
      const m = /\/blobs\/(.+)$/.exec(url.pathname);
      if (!m) return false;
      res.writeHead(307, { Location: `${storage.base}/${m[1]}` });
      res.end();
      return true;
    };
    const c = client([reg.host, storage.host], { credentials: { get: async () => ({ username: "bob", password: "pw" }) } });
    const r = await c.resolve(parseReference(`${reg.host}/team/app`), "1");
    expect(r.platforms[0].platform).toEqual({ os: "linux", architecture: "amd64" });
    expect(storage.hits).toHaveLength(1);
    expect(storage.hits[0].authorization).toBeUndefined();
    expect(r.requests).toBe(4); // 401, manifest, blob 307, storage
  });

  it("applies the address policy to the redirect target", async () => {
    const reg = await registry();
    reg.hook = (_req, res, url) => {
      if (!url.pathname.includes("/blobs/")) return false;
      res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
      return true;
    };
    expect((await failure(client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1"))).code).toBe("blocked-address");
  });

  it("stops after 5 redirects", async () => {
    const reg = await registry();
    reg.hook = (_req, res, url) => {
      const n = Number(url.searchParams.get("n") ?? "0");
      res.writeHead(302, { Location: `${url.pathname}?n=${n + 1}` });
      res.end();
      return true;
    };
    const e = await failure(client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("invalid-response");
    expect(e.message).toMatch(/more than 5/);
    expect(reg.server.hits).toHaveLength(6);
  });
});

describe("observability", () => {
  it("reports rate-limit headers and every request", async () => {
    const reg = await registry();
    reg.hook = (_req, res) => {
      res.setHeader("RateLimit-Limit", "100;w=21600");
      res.setHeader("ratelimit-remaining", "42;w=21600");
      return false;
    };
    const seen: RateLimitInfo[] = [];
    const events: string[] = [];
    const c = client([reg.host], { onRateLimit: (i) => seen.push(i), onRequest: (e) => events.push(`${e.method} ${e.status} ${e.host}`) });
    await c.headManifest(parseReference(`${reg.host}/team/app`), "1");
    expect(seen).toEqual([{ host: reg.host, limit: 100, remaining: 42, windowSeconds: 21600 }]);
    expect(events).toEqual([`HEAD 200 ${reg.host}`]);
    expect(c.requestCount).toBe(1);
  });

  it("limits concurrent requests per registry", async () => {
    let active = 0;
    let peak = 0;
    const reg = await registry();
    reg.hook = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      return false;
    };
    const c = client([reg.host], { concurrencyPerRegistry: 2 });
    const ref = parseReference(`${reg.host}/team/app`);
    await Promise.all(Array.from({ length: 6 }, () => c.headManifest(ref, "1")));
    expect(peak).toBe(2);
  });
});

describe("media type negotiation", () => {
  it("sends the list types so Distribution does not down-convert", async () => {
    const reg = await registry();
    await client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1");
    for (const h of reg.server.hits.filter((x) => x.url.includes("/manifests/"))) {
      for (const mt of [MediaTypes.ociIndex, MediaTypes.dockerList, MediaTypes.ociManifest, MediaTypes.dockerManifest, MediaTypes.dockerSchema1Signed]) {
        expect(h.accept).toContain(mt);
      }
    }
  });
});

describe("long rate limits", () => {
  it("a Retry-After beyond 30 s fails at once, and later GETs to that registry fail without asking; HEADs still go", async () => {
    const reg = await registry();
    reg.hook = (req, res) => {
      if (req.method === "HEAD") return false;
      sendError(res, 429, "TOOMANYREQUESTS", "pull rate limit", { "Retry-After": "21600" });
      return true;
    };
    const c = client([reg.host], { maxRetries: 3 });
    const ref = parseReference(`${reg.host}/team/app`);
    const first = await failure(c.resolve(ref, "1"));
    expect(first.code).toBe("rate-limited");
    expect(first.retryAfterSeconds).toBe(21600);
    expect(reg.server.hits).toHaveLength(1);
    const second = await failure(c.resolve(ref, "1"));
    expect(second.code).toBe("rate-limited");
    expect(second.retryAfterSeconds).toBeGreaterThan(21000);
    expect(reg.server.hits).toHaveLength(1);
    expect((await c.headManifest(ref, "1")).digest).toMatch(/^sha256:/);
    expect(reg.server.hits).toHaveLength(2);
  });
});

describe("long Retry-After on a 503", () => {
  it("fails at once instead of waiting", async () => {
    const reg = await registry();
    reg.hook = (_req, res) => (sendError(res, 503, "UNAVAILABLE", "maintenance", { "Retry-After": "3600" }), true);
    const t0 = Date.now();
    const e = await failure(client([reg.host], { maxRetries: 3 }).headManifest(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("registry-unavailable");
    expect(e.retryAfterSeconds).toBe(3600);
    expect(reg.server.hits).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
