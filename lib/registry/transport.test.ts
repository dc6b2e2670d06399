// Auth, retries, redirects, timeouts and rate-limit headers, against node:http servers on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { RegistryClient, type RegistryClientOptions } from "./client";
import type { CredentialSource } from "./credentials";
import { RegistryError } from "./errors";
import { MediaTypes } from "./media-types";
import { parseReference } from "./reference";
import { FakeRegistry, type TestServer, sendError, serve } from "./testing/fake-registry";
import type { RateLimitInfo } from "./types";

const anonymous: CredentialSource = { get: async () => undefined };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function registry(): Promise<FakeRegistry> {
  const r = await new FakeRegistry().start();
  cleanup.push(() => r.server.close());
  r.putImage("team/app", "1", { os: "linux", architecture: "amd64" });
  return r;
}

async function server(handler: Parameters<typeof serve>[0]): Promise<TestServer> {
  const s = await serve(handler);
  cleanup.push(() => s.close());
  return s;
}

function client(hosts: string[], extra: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ insecureRegistries: hosts, credentials: anonymous, backoffBaseMs: 10, ...extra });
}

async function failure(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error("expected a RegistryError");
}

/** A token server playing auth.docker.io: checks service+scope, optional Basic credentials. */
async function tokenServer(opts: { user?: string; pass?: string; expiresIn?: number } = {}) {
  const issued: Array<{ scope: string | null; service: string | null; basic: boolean }> = [];
  const s = await server((req, res, url) => {
    const auth = req.headers.authorization;
    if (opts.user) {
      const want = `Basic ${Buffer.from(`${opts.user}:${opts.pass}`).toString("base64")}`;
      if (auth !== want) return sendError(res, 401, "UNAUTHORIZED", "bad credentials");
    }
    issued.push({ scope: url.searchParams.get("scope"), service: url.searchParams.get("service"), basic: Boolean(auth) });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: `tok-${url.searchParams.get("scope")}`, ...(opts.expiresIn ? { expires_in: opts.expiresIn } : {}) }));
  });
  return { s, issued };
}

/** Makes a registry demand `Bearer tok-<scope>` as distribution does with auth.token. */
function requireBearer(reg: FakeRegistry, realm: string) {
  reg.hook = (req, res, url) => {
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(url.pathname);
    const scope = m ? `repository:${m[1]}:pull` : "registry:catalog:*";
    if (req.headers.authorization === `Bearer tok-${scope}`) return false;
    sendError(res, 401, "UNAUTHORIZED", "authentication required", {
      "WWW-Authenticate": `Bearer realm="${realm}",service="test-registry",scope="${scope}"`,
    });
    return true;
  };
}

describe("bearer auth", () => {
  it("401 -> token -> 200, then token cache hits and no further 401s", async () => {
    const reg = await registry();
    reg.putImage("team/other", "1", { os: "linux", architecture: "arm64" });
    const { s: ts, issued } = await tokenServer();
    requireBearer(reg, `${ts.base}/token`);
    const c = client([reg.host]);
    const ref = parseReference(`${reg.host}/team/app`);

    const first = await c.resolve(ref, "1");
    expect(first.platforms[0].platform.architecture).toBe("amd64");
    expect(first.requests).toBe(3); // 401, manifest, config blob (with the cached token)
    expect(issued).toEqual([{ scope: "repository:team/app:pull", service: "test-registry", basic: false }]);

    const second = await c.resolve(ref, "1");
    expect(second.requests).toBe(1);
    expect(issued).toHaveLength(1);
    expect(c.tokenFetchCount).toBe(1);

    // Another repository: a new scope, fetched up front (the registry's challenge is remembered).
    const other = await c.resolve(parseReference(`${reg.host}/team/other`), "1");
    expect(other.requests).toBe(2);
    expect(issued.map((i) => i.scope)).toEqual(["repository:team/app:pull", "repository:team/other:pull"]);
    expect(reg.server.hits.filter((h) => h.authorization === undefined)).toHaveLength(1);
  });

  it("sends Basic credentials to the realm and never returns them", async () => {
    const reg = await registry();
    const { s: ts, issued } = await tokenServer({ user: "alice", pass: "s3cret" });
    requireBearer(reg, `${ts.base}/token`);
    const creds: CredentialSource = { get: async (r) => (r === reg.host ? { username: "alice", password: "s3cret" } : undefined) };
    const ok = await client([reg.host], { credentials: creds }).resolve(parseReference(`${reg.host}/team/app`), "1");
    expect(ok.platforms).toHaveLength(1);
    expect(issued[0].basic).toBe(true);

    const wrong: CredentialSource = { get: async () => ({ username: "alice", password: "nope" }) };
    const e = await failure(client([reg.host], { credentials: wrong }).resolve(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("unauthorized");
    expect(e.message).not.toContain("nope");
    expect(JSON.stringify(e)).not.toContain("nope");
  });

  it("a second 401 with a fresh token is unauthorized", async () => {
    const reg = await registry();
    const { s: ts } = await tokenServer();
    reg.hook = (_req, res) => {
      sendError(res, 401, "UNAUTHORIZED", "no", { "WWW-Authenticate": `Bearer realm="${ts.base}/token",service="x"` });
      return true;
    };
    const c = client([reg.host]);
    const e = await failure(c.resolve(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("unauthorized");
    expect(e.status).toBe(401);
    expect(e.temporary).toBe(false);
    expect(reg.server.hits).toHaveLength(2);
  });

  it("refuses a realm on a blocked address", async () => {
    const reg = await registry();
    requireBearer(reg, "http://169.254.169.254/latest/meta-data");
    const e = await failure(client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1"));
    expect(e.code).toBe("blocked-address");
  });

  it("refuses a realm that is not http(s)", async () => {
    const reg = await registry();
    requireBearer(reg, "file:///etc/passwd");
    expect((await failure(client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1"))).code).toBe("invalid-response");
  });
});

describe("basic auth", () => {
  it("answers a Basic challenge with configured credentials, and fails without", async () => {
    const reg = await registry();
    const want = `Basic ${Buffer.from("bob:pw").toString("base64")}`;
    reg.hook = (req, res) => {
      if (req.headers.authorization === want) return false;
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="Registry Realm"' });
      res.end();
      return true;
    };
    const creds: CredentialSource = { get: async () => ({ username: "bob", password: "pw" }) };
    const c = client([reg.host], { credentials: creds });
    const r = await c.resolve(parseReference(`${reg.host}/team/app`), "1");
    expect(r.requests).toBe(3); // 401, manifest, blob (basic sent up front after the first challenge)
    expect((await failure(client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1"))).code).toBe("unauthorized");
  });
});

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
    await s.close();
    cleanup.pop();
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
