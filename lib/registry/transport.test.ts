// Retries, timeouts, redirects, rate-limit headers and per-host concurrency: the real Distribution
// registry behind the fixture fault proxy, which injects each fault by rule.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import { MediaTypes } from "./media-types";
import { parseReference } from "./reference";
import { platformKey } from "./platform";
import { client, errorBody, failure, faultyRegistry, pushSingle, type Faulty } from "../../test/support/harness";
import type { RateLimitInfo } from "./types";

let f: Faulty;
let fp: FaultProxy;
const ref = () => parseReference(`${fp.host}/team/app`);
const hits = () => fp.requests().length;

beforeAll(async () => {
  f = await faultyRegistry();
  fp = f.proxy;
  await pushSingle(f.target, "team/app", "1", { os: "linux", architecture: "amd64" });
  await pushImage(f.target, "team/multi", "1", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "s390x" }] });
}, 60_000);
afterEach(() => {
  fp.clearRules();
  fp.reset();
});
afterAll(async () => f?.stop());

describe("retries", () => {
  it("429 with Retry-After: 1, then 200", async () => {
    fp.setRules([{ status: 429, retryAfter: 1, times: 1 }]);
    const t0 = Date.now();
    const h = await client([fp.host]).headManifest(ref(), "1");
    expect(h.digest).toMatch(/^sha256:/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(hits()).toBe(2);
  });

  it("500 three times, then the error (maxRetries 2)", async () => {
    fp.setRules([{ status: 500 }]);
    const c = client([fp.host], { maxRetries: 2 });
    const e = await failure(c.resolve(ref(), "1"));
    expect(e.code).toBe("registry-unavailable");
    expect(e.temporary).toBe(true);
    expect(e.status).toBe(500);
    expect(hits()).toBe(3);
    expect(c.requestCount).toBe(3);
  });

  it("429 after retries is rate-limited with the registry's Retry-After", async () => {
    fp.setRules([{ status: 429, retryAfter: 0 }]);
    const e = await failure(client([fp.host], { maxRetries: 1 }).headManifest(ref(), "1"));
    expect(e.code).toBe("rate-limited");
    expect(e.retryAfterSeconds).toBe(0);
    expect(e.temporary).toBe(true);
  });

  it("4xx other than 408/429 is not retried", async () => {
    fp.setRules([{ status: 403, body: errorBody("DENIED", "no") }]);
    await failure(client([fp.host], { maxRetries: 3 }).resolve(ref(), "1"));
    expect(hits()).toBe(1);
  });

  it("a connection refused is registry-unavailable after retries", async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const e = await failure(client([host], { maxRetries: 1 }).resolve(parseReference(`${host}/team/app`), "1"));
    expect(e.code).toBe("registry-unavailable");
    // A loopback address: the connect error is not repeated (no port-scanner oracle, issue 10).
    expect(e.message).toMatch(/refused by policy/);
    expect(e.message).not.toMatch(/ECONNREFUSED/);
  });

  it("times out a request that never answers", async () => {
    fp.setRules([{ delayMs: 60_000 }]);
    const t0 = Date.now();
    const e = await failure(client([fp.host], { timeoutMs: 200, maxRetries: 1 }).resolve(ref(), "1"));
    expect(e.code).toBe("timeout");
    expect(e.temporary).toBe(true);
    expect(hits()).toBe(2);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe("redirects", () => {
  it("follows a blob redirect to another host without Authorization", async () => {
    const basic = `Basic ${Buffer.from("bob:pw").toString("base64")}`;
    const reg: RunningRegistry = await startRegistry({ auth: { kind: "htpasswd", users: { bob: "pw" } } });
    const auth = await startFaultProxy(reg.url, [{ method: "GET", path: /\/blobs\/sha256:/, redirect: true }]);
    try {
      await pushSingle({ url: reg.url, headers: { authorization: basic } }, "team/app", "1", { os: "linux", architecture: "amd64" });
      const c = client([auth.host, auth.sideHost], { credentials: { get: async () => ({ username: "bob", password: "pw" }) } });
      const r = await c.resolve(parseReference(`${auth.host}/team/app`), "1");
      expect(r.platforms[0].platform).toEqual({ os: "linux", architecture: "amd64" });
      expect(auth.sideRequests()).toHaveLength(1);
      expect(auth.sideRequests()[0].authorization).toBe(false);
      expect(r.requests).toBe(4); // 401, manifest, blob 307, storage
    } finally {
      await auth.stop();
      await reg.stop();
    }
  });

  it("applies the address policy to the redirect target", async () => {
    fp.setRules([{ path: /\/blobs\//, redirectTo: "http://169.254.169.254/latest/meta-data/" }]);
    expect((await failure(client([fp.host]).resolve(ref(), "1"))).code).toBe("blocked-address");
  });

  it("stops after 5 redirects", async () => {
    fp.setRules([{ path: /\/manifests\//, redirectTo: `${fp.url}/v2/team/app/manifests/1?again` }]);
    const e = await failure(client([fp.host]).resolve(ref(), "1"));
    expect(e.code).toBe("invalid-response");
    expect(e.message).toMatch(/more than 5/);
    expect(hits()).toBe(6);
  });
});

describe("observability", () => {
  it("reports rate-limit headers and every request", async () => {
    fp.setRules([{ headers: { "RateLimit-Limit": "100;w=21600", "ratelimit-remaining": "42;w=21600" } }]);
    const seen: RateLimitInfo[] = [];
    const events: string[] = [];
    const c = client([fp.host], { onRateLimit: (i) => seen.push(i), onRequest: (e) => events.push(`${e.method} ${e.status} ${e.host}`) });
    await c.headManifest(ref(), "1");
    expect(seen).toEqual([{ host: fp.host, limit: 100, remaining: 42, windowSeconds: 21600 }]);
    expect(events).toEqual([`HEAD 200 ${fp.host}`]);
    expect(c.requestCount).toBe(1);
  });

  it("limits concurrent requests per registry", async () => {
    fp.setRules([{ delayMs: 50 }]);
    const c = client([fp.host], { concurrencyPerRegistry: 2 });
    await Promise.all(Array.from({ length: 6 }, () => c.headManifest(ref(), "1")));
    expect(fp.counts().maxInFlight).toBe(2);
  });
});

describe("media type negotiation", () => {
  it("sends the list types, so Distribution answers the index rather than its amd64 image", async () => {
    // Distribution's backward-compatibility rule: a client that does not accept the index type
    // gets the linux/amd64 image. Getting the index and both platforms proves the Accept header.
    const r = await client([fp.host]).resolve(parseReference(`${fp.host}/team/multi`), "1");
    expect(r.mediaType).toBe(MediaTypes.ociIndex);
    expect(r.platforms.map((p) => platformKey(p.platform)).sort()).toEqual(["linux/amd64", "linux/s390x"]);
  });
});

describe("long rate limits", () => {
  it("a Retry-After beyond 30 s fails at once, and later GETs to that registry fail without asking; HEADs still go", async () => {
    fp.setRules([{ method: "GET", status: 429, retryAfter: 21600, body: errorBody("TOOMANYREQUESTS", "pull rate limit") }]);
    const c = client([fp.host], { maxRetries: 3 });
    const first = await failure(c.resolve(ref(), "1"));
    expect(first.code).toBe("rate-limited");
    expect(first.retryAfterSeconds).toBe(21600);
    expect(hits()).toBe(1);
    const second = await failure(c.resolve(ref(), "1"));
    expect(second.code).toBe("rate-limited");
    expect(second.retryAfterSeconds).toBeGreaterThan(21000);
    expect(hits()).toBe(1);
    expect((await c.headManifest(ref(), "1")).digest).toMatch(/^sha256:/);
    expect(hits()).toBe(2);
  });
});

describe("long Retry-After on a 503", () => {
  it("fails at once instead of waiting", async () => {
    fp.setRules([{ status: 503, retryAfter: 3600, body: errorBody("UNAVAILABLE", "maintenance") }]);
    const t0 = Date.now();
    const e = await failure(client([fp.host], { maxRetries: 3 }).headManifest(ref(), "1"));
    expect(e.code).toBe("registry-unavailable");
    expect(e.retryAfterSeconds).toBe(3600);
    expect(hits()).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
