// RegistryClient under injected faults: the fixture fault proxy sits in front of a real
// registry (429 + Retry-After, 5xx, slow answers, truncated / oversized / corrupted bodies,
// missing or wrong Docker-Content-Digest, blob redirects to another host).
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import { pushImage, type PushResult } from "../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { RegistryClient, type RegistryClientOptions } from "./client";
import type { CredentialSource } from "./credentials";
import { RegistryError } from "./errors";
import { platformKey } from "./platform";
import { parseReference } from "./reference";
import type { RateLimitInfo, Reference } from "./types";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const T = 120_000;

async function failure(p: Promise<unknown>): Promise<RegistryError | "ok"> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
}
async function outcome(p: Promise<unknown>): Promise<string> {
  const f = await failure(p);
  return f === "ok" ? f : f.code;
}

describe.skipIf(!hasRegistry)("RegistryClient under faults (fault proxy in front of a real registry)", () => {
  let reg: RunningRegistry;
  let fp: FaultProxy;
  let index: PushResult;
  let single: PushResult;
  let ref: (repo: string) => Reference;
  const client = (o: RegistryClientOptions = {}) => new RegistryClient({ insecureRegistries: [fp.host, fp.sideHost], backoffBaseMs: 20, ...o });
  const manifestGets = () => fp.requests().filter((r) => r.method === "GET" && r.path.includes("/manifests/")).length;

  beforeAll(async () => {
    reg = await startRegistry();
    fp = await startFaultProxy(reg.host);
    ref = (repo) => parseReference(`${fp.host}/${repo}`);
    index = await pushImage({ url: reg.url }, "f/index", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64", variant: "v8" }],
      attestations: true,
    });
    single = await pushImage({ url: reg.url }, "f/single", "1", { format: "oci-image", platform: { os: "linux", architecture: "s390x" } });
  }, T);
  afterEach(() => {
    fp.clearRules();
    fp.reset();
  });
  afterAll(async () => {
    await fp?.stop();
    await reg?.stop();
  });

  it("429 with Retry-After: 1 -> waits about 1 s, retries, succeeds", async () => {
    fp.setRules([{ name: "429", method: "GET", path: /\/manifests\//, status: 429, retryAfter: 1, times: 1 }]);
    const t0 = Date.now();
    const r = await client().resolve(ref("f/index"), "1");
    const ms = Date.now() - t0;
    expect(r.digest).toBe(index.digest);
    expect(manifestGets()).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(10_000);
  }, T);

  it("429 with a Retry-After far beyond the cap -> rate-limited at once, and later GETs fail fast without reaching the registry", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, status: 429, retryAfter: 3600 }]);
    const c = client();
    const t0 = Date.now();
    const f = await failure(c.resolve(ref("f/index"), "1"));
    expect(f === "ok" ? f : [f.code, f.temporary]).toEqual(["rate-limited", true]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    // Another GET to that registry fails fast, without a request.
    const before = fp.counts().total;
    expect(await outcome(c.resolve(ref("f/single"), "1"))).toBe("rate-limited");
    expect(fp.counts().total).toBe(before);
    // HEADs are not pulls (Docker Hub does not count them): they still go out, 1 request.
    expect((await c.headManifest(ref("f/single"), "1")).digest).toBe(single.digest);
    expect(fp.counts().total).toBe(before + 1);
  }, T);

  it("500 twice then OK -> succeeds on the 3rd attempt; HEAD is retried too", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, status: 500, times: 2 }]);
    expect((await client().resolve(ref("f/index"), "1")).digest).toBe(index.digest);
    expect(manifestGets()).toBe(3);
    fp.setRules([{ method: "HEAD", path: /\/manifests\//, status: 503, times: 1 }]);
    expect((await client().headManifest(ref("f/index"), "1")).digest).toBe(index.digest);
  }, T);

  it("503 on every attempt -> registry-unavailable after maxRetries + 1 attempts", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, status: 503 }]);
    const f = await failure(client({ maxRetries: 2 }).resolve(ref("f/index"), "1"));
    expect(f === "ok" ? f : [f.code, f.status, f.temporary]).toEqual(["registry-unavailable", 503, true]);
    expect(manifestGets()).toBe(3);
  }, T);

  it("a 500 with a huge error body is still just registry-unavailable", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, status: 500, body: "x".repeat(2 << 20) }]);
    expect(await outcome(client({ maxRetries: 0 }).resolve(ref("f/index"), "1"))).toBe("registry-unavailable");
  }, T);

  it("slow answer -> timeout (before headers, and stalled after headers)", async () => {
    fp.setRules([{ path: /\/manifests\//, delayMs: 5_000 }]);
    let t0 = Date.now();
    expect(await outcome(client({ timeoutMs: 300, maxRetries: 0 }).resolve(ref("f/index"), "1"))).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(3_000);
    fp.setRules([{ path: /\/manifests\//, bodyDelayMs: 5_000 }]);
    t0 = Date.now();
    expect(await outcome(client({ timeoutMs: 300, maxRetries: 0 }).resolve(ref("f/index"), "1"))).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(3_000);
    // Timeouts are retried like other temporary failures.
    fp.reset();
    fp.setRules([{ path: /\/manifests\//, delayMs: 5_000, times: 1 }]);
    expect((await client({ timeoutMs: 500, maxRetries: 1 }).resolve(ref("f/index"), "1")).digest).toBe(index.digest);
  }, T);

  it("oversized manifest (Content-Length, or chunked) -> too-large, not retried", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, oversizeTo: 5 << 20 }]);
    const declared = await failure(client().resolve(ref("f/index"), "1"));
    expect(declared === "ok" ? declared : declared.code).toBe("too-large");
    // Refused on its Content-Length, before reading: the message names the declared size.
    expect(declared === "ok" ? declared : declared.message).toContain(`(${5 << 20} bytes)`);
    expect(manifestGets()).toBe(1);
    fp.setRules([{ method: "GET", path: /\/manifests\//, oversizeTo: 5 << 20, chunked: true }]);
    expect(await outcome(client().resolve(ref("f/index"), "1"))).toBe("too-large");
    // A smaller cap applies to config blobs as well.
    fp.setRules([{ method: "GET", path: /\/blobs\//, oversizeTo: 64 << 10 }]);
    expect(await outcome(client({ maxManifestBytes: 32 << 10 }).resolve(ref("f/single"), "1"))).toBe("too-large");
  }, T);

  it("truncated body: cut connection -> a temporary failure; short but complete body -> digest-mismatch", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, truncateTo: 20 }]);
    const cut = await failure(client({ maxRetries: 1 }).resolve(ref("f/index"), "1"));
    expect(cut === "ok" ? cut : cut.code).toMatch(/^(registry-unavailable|invalid-response)$/);
    fp.setRules([{ method: "GET", path: /\/manifests\//, truncateTo: 20, truncateAdjustLength: true }]);
    expect(await outcome(client().resolve(ref("f/index"), "1"))).toBe("digest-mismatch");
  }, T);

  it("corrupted bodies -> digest-mismatch (manifest by tag, manifest by digest without header, config blob)", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, corrupt: true }]);
    expect(await outcome(client().resolve(ref("f/index"), "1"))).toBe("digest-mismatch");
    fp.setRules([{ method: "GET", path: /\/manifests\/sha256:/, corrupt: true, dropDigest: true }]);
    expect(await outcome(client().resolve(ref("f/index"), index.digest))).toBe("digest-mismatch");
    fp.setRules([{ method: "GET", path: /\/blobs\//, corrupt: true }]);
    expect(await outcome(client().resolve(ref("f/single"), "1"))).toBe("digest-mismatch");
    fp.setRules([{ method: "GET", path: /\/manifests\//, setDigest: `sha256:${"0".repeat(64)}` }]);
    expect(await outcome(client().resolve(ref("f/index"), "1"))).toBe("digest-mismatch");
    // Asked for one digest, answered with another document whose own header is consistent.
    fp.setRules([{ method: "GET", path: /\/f\/index\/manifests\/sha256:/, redirectTo: `/v2/f/single/manifests/${single.digest}` }]);
    expect(await outcome(client().fetchManifest(ref("f/index"), index.digest))).toBe("digest-mismatch");
  }, T);

  it("no Docker-Content-Digest: GET digest = sha256 of the body; HEAD falls back to a GET", async () => {
    fp.setRules([{ path: /\/manifests\//, dropDigest: true }]);
    const c = client();
    expect((await c.resolve(ref("f/index"), "1")).digest).toBe(index.digest);
    fp.reset();
    expect((await c.headManifest(ref("f/index"), "1")).digest).toBe(index.digest);
    expect(fp.requests().map((r) => r.method)).toEqual(["HEAD", "GET"]);
  }, T);

  it("rate-limit headers reach onRateLimit", async () => {
    fp.setRules([{ path: /\/manifests\//, headers: { "ratelimit-limit": "100;w=21600", "ratelimit-remaining": "76;w=21600" } }]);
    const seen: RateLimitInfo[] = [];
    await client({ onRateLimit: (i) => seen.push(i) }).headManifest(ref("f/index"), "1");
    expect(seen).toEqual([{ host: fp.host, limit: 100, remaining: 76, windowSeconds: 21600 }]);
  }, T);

  it("Retry-After as an HTTP date is honoured", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, status: 503, retryAfter: new Date(Date.now() + 2_000).toUTCString(), times: 1 }]);
    const t0 = Date.now();
    expect((await client().resolve(ref("f/index"), "1")).digest).toBe(index.digest);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
  }, T);

  it("a generic Content-Type: the media type comes from the body", async () => {
    fp.setRules([{ method: "GET", path: /\/manifests\//, headers: { "content-type": "application/octet-stream" } }]);
    const r = await client().resolve(ref("f/index"), "1");
    expect(r.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(r.platforms).toHaveLength(2);
  }, T);

  it("concurrencyPerRegistry bounds requests in flight at the registry", async () => {
    fp.setRules([{ path: /\/manifests\//, delayMs: 60 }]);
    const c = client({ concurrencyPerRegistry: 3 });
    await Promise.all(Array.from({ length: 15 }, () => c.headManifest(ref("f/index"), "1")));
    expect(fp.counts().total).toBe(15);
    expect(fp.counts().maxInFlight).toBe(3);
  }, T);

  it("nothing listening -> registry-unavailable after the retries", async () => {
    const { freePort } = await import("../../e2e/fixtures/registry");
    const dead = `127.0.0.1:${await freePort()}`;
    const c = new RegistryClient({ insecureRegistries: [dead], backoffBaseMs: 10, maxRetries: 2 });
    const f = await failure(c.headManifest(parseReference(`${dead}/x/y`), "1"));
    expect(f === "ok" ? f : [f.code, f.temporary]).toEqual(["registry-unavailable", true]);
  }, T);

  it("verifyConfigs with concurrencyPerRegistry 1 and several resolves at once completes (no semaphore deadlock)", async () => {
    const c = client({ concurrencyPerRegistry: 1 });
    const all = await Promise.all(Array.from({ length: 4 }, () => c.resolve(ref("f/index"), "1", { verifyConfigs: true })));
    expect(all.every((r) => r.platforms.length === 2 && r.platforms.every((p) => p.configMismatch === undefined))).toBe(true);
    expect(fp.counts().maxInFlight).toBe(1);
  }, T);

  it("config blob missing (404) -> invalid-response", async () => {
    fp.setRules([{ method: "GET", path: /\/blobs\//, status: 404, body: JSON.stringify({ errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown" }] }) }]);
    expect(await outcome(client().resolve(ref("f/single"), "1"))).toBe("invalid-response");
  }, T);

  it("blob redirect to an unlisted private host -> blocked-address", async () => {
    fp.setRules([{ method: "GET", path: /\/blobs\//, redirect: true }]);
    const strict = new RegistryClient({ insecureRegistries: [fp.host], backoffBaseMs: 20 });
    expect(await outcome(strict.resolve(ref("f/single"), "1"))).toBe("blocked-address");
    expect(fp.sideRequests()).toHaveLength(0);
  }, T);
});

describe.skipIf(!hasRegistry)("RegistryClient: blob redirect to another host on an auth registry", () => {
  let reg: RunningRegistry;
  let fp: FaultProxy;
  const basic = `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: "htpasswd", users: { alice: "s3cret" } } });
    fp = await startFaultProxy(reg.host);
    await pushImage({ url: reg.url, headers: { authorization: basic } }, "f/single", "1", { format: "docker-image", platform: { os: "linux", architecture: "ppc64le" } });
    await pushImage({ url: reg.url, headers: { authorization: basic } }, "f/noplat", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v7" }],
      omitPlatformOnEntries: true,
    });
  }, T);
  afterAll(async () => {
    await fp?.stop();
    await reg?.stop();
  });

  it("the config is read from the storage host, which never sees our Authorization", async () => {
    fp.setRules([{ method: "GET", path: /\/blobs\/sha256:/, redirect: true }]);
    const creds: CredentialSource = { get: async () => ({ username: "alice", password: "s3cret" }) };
    const c = new RegistryClient({ insecureRegistries: [fp.host, fp.sideHost], credentials: creds });
    const r = await c.resolve(parseReference(`${fp.host}/f/single`), "1");
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/ppc64le"]);
    const r2 = await c.resolve(parseReference(`${fp.host}/f/noplat`), "1");
    expect(r2.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64", "linux/arm/v7"]);
    const blobAsks = fp.requests().filter((x) => x.path.includes("/blobs/"));
    expect(blobAsks.length).toBe(3);
    expect(blobAsks.every((x) => x.authorization && x.status === 307)).toBe(true);
    expect(fp.sideRequests()).toHaveLength(3);
    expect(fp.sideRequests().some((x) => x.authorization)).toBe(false);
  }, T);
});
