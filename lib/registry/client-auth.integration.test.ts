// RegistryClient auth against the real registry: htpasswd Basic auth, and bearer tokens from
// the fixture token server (Distribution `auth.token`, like Docker Hub's auth.docker.io).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import { pushImage } from "../../e2e/fixtures/pusher";
import { countingProxy, REGISTRY_BINARY, startRegistry, type CountingProxy, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startTokenServer, type TokenServer } from "../../e2e/fixtures/token-server";
import { RegistryClient } from "./client";
import type { Credential, CredentialSource } from "./credentials";
import { RegistryError } from "./errors";
import { platformKey } from "./platform";
import { parseReference } from "./reference";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const T = 120_000;

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof RegistryError) return e.code;
    throw e;
  }
}

class FixedCredentials implements CredentialSource {
  readonly asked: string[] = [];
  constructor(private readonly cred: Credential | undefined) {}
  async get(registry: string): Promise<Credential | undefined> {
    this.asked.push(registry);
    return this.cred;
  }
}

describe.skipIf(!hasRegistry)("RegistryClient + htpasswd (Basic) registry", () => {
  let reg: RunningRegistry;
  let proxy: CountingProxy;
  const basic = `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: "htpasswd", users: { alice: "s3cret" } } });
    proxy = await countingProxy(reg.host);
    await pushImage({ url: reg.url, headers: { authorization: basic } }, "team/app", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64", variant: "v8" }],
      attestations: true,
    });
  }, T);
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  it("right password: resolves; the credential is looked up by the registry host", async () => {
    const creds = new FixedCredentials({ username: "alice", password: "s3cret" });
    const client = new RegistryClient({ insecureRegistries: [proxy.host], credentials: creds });
    const r = await client.resolve(parseReference(`${proxy.host}/team/app`), "1");
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64", "linux/arm64"]);
    expect(new Set(creds.asked)).toEqual(new Set([proxy.host]));
  }, T);

  it("Basic challenge is remembered: first HEAD = 401 + retry, every later HEAD = 1 request", async () => {
    const client = new RegistryClient({ insecureRegistries: [proxy.host], credentials: new FixedCredentials({ username: "alice", password: "s3cret" }) });
    const ref = parseReference(`${proxy.host}/team/app`);
    proxy.reset();
    await client.headManifest(ref, "1");
    expect(proxy.requests().map((r) => r.status)).toEqual([401, 200]);
    proxy.reset();
    await client.headManifest(ref, "1");
    await client.headManifest(ref, "1");
    expect(proxy.requests().map((r) => [r.method, r.status, r.authorization])).toEqual([
      ["HEAD", 200, true],
      ["HEAD", 200, true],
    ]);
  }, T);

  it("wrong password or no credentials -> unauthorized", async () => {
    const wrong = new RegistryClient({ insecureRegistries: [proxy.host], credentials: new FixedCredentials({ username: "alice", password: "nope" }) });
    expect(await outcome(wrong.resolve(parseReference(`${proxy.host}/team/app`), "1"))).toBe("unauthorized");
    expect(await outcome(wrong.headManifest(parseReference(`${proxy.host}/team/app`), "1"))).toBe("unauthorized");
    const none = new RegistryClient({ insecureRegistries: [proxy.host], credentials: new FixedCredentials(undefined) });
    expect(await outcome(none.resolve(parseReference(`${proxy.host}/team/app`), "1"))).toBe("unauthorized");
    expect(await outcome(none.listTags(parseReference(`${proxy.host}/team/app`)))).toBe("unauthorized");
  }, T);

  it("a refused Basic credential is not in the error (message stored per tag and served by /api/coverage)", async () => {
    const secret = "wrong-but-secret-pw-4e1f";
    const c = new RegistryClient({ insecureRegistries: [proxy.host], credentials: new FixedCredentials({ username: "alice", password: secret }) });
    const ref = parseReference(`${proxy.host}/team/app`);
    // One at a time: a promise created before the previous one settles would reject unhandled.
    for (const call of [() => c.resolve(ref, "1"), () => c.headManifest(ref, "1"), () => c.listTags(ref)]) {
      const e = await call().then(() => null, (x: unknown) => x as RegistryError);
      expect(e?.code).toBe("unauthorized");
      const shown = `${e?.message} ${JSON.stringify(e)} ${String(e)}`;
      for (const needle of [secret, Buffer.from(`alice:${secret}`).toString("base64"), "Basic "]) expect(shown).not.toContain(needle);
    }
  }, T);

  it("credentials from a Docker config.json (auths, base64 user:pass)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-dockercfg-"));
    try {
      fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [`http://${reg.host}`]: { auth: Buffer.from("alice:s3cret").toString("base64") } } }));
      const client = new RegistryClient({ insecureRegistries: [reg.host], dockerConfigDir: dir });
      const r = await client.resolve(parseReference(`${reg.host}/team/app`), "1");
      expect(r.platforms).toHaveLength(2);
      expect(await client.listTags(parseReference(`${reg.host}/team/app`))).toEqual(["1"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, T);
});

describe.skipIf(!hasRegistry)("RegistryClient + token auth (auth.docker.io style)", () => {
  let ts: TokenServer;
  let reg: RunningRegistry;
  let proxy: CountingProxy;
  beforeAll(async () => {
    ts = await startTokenServer({ service: "registry.test", issuer: "archgrid-test-issuer", users: { bob: "pw" }, allowAnonymousPull: true });
    reg = await startRegistry({ auth: { kind: "token", realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundlePath: ts.certPath } });
    proxy = await countingProxy(reg.host);
    const plats = [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "s390x" }];
    for (const repo of ["library/app", "library/other", "private/app"]) {
      await pushImage({ url: reg.url, headers: ts.pushHeaders }, repo, "1", { format: "oci-index", platforms: plats, attestations: 1 });
    }
    await pushImage({ url: reg.url, headers: ts.pushHeaders }, "library/single", "1", { format: "docker-image", platform: { os: "linux", architecture: "arm64" } });
  }, T);
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
    await ts?.stop();
  });

  it("anonymous pull: one token per repository scope, cached across HEAD, GET and tag listing", async () => {
    ts.options.allowAnonymousPull = true;
    ts.reset();
    const client = new RegistryClient({ insecureRegistries: [proxy.host, ts.host] });
    const ref = parseReference(`${proxy.host}/library/app`);
    proxy.reset();
    const r = await client.resolve(ref, "1");
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64", "linux/s390x"]);
    expect(ts.issued).toBe(1);
    // 401 challenge, then the GET with the token.
    expect(proxy.requests().map((x) => [x.method, x.status])).toEqual([
      ["GET", 401],
      ["GET", 200],
    ]);
    proxy.reset();
    for (let i = 0; i < 3; i++) await client.headManifest(ref, "1");
    await client.resolve(ref, "1");
    expect(await client.listTags(ref)).toEqual(["1"]);
    expect(ts.issued).toBe(1);
    expect(proxy.counts().total).toBe(5); // no more 401s: the token is sent up front
    expect(proxy.requests().every((x) => x.status === 200 && x.authorization)).toBe(true);
    expect(client.tokenFetchCount).toBe(1);
    expect(ts.requests()[0].scopes).toEqual(["repository:library/app:pull"]);
    expect(ts.requests()[0].service).toBe("registry.test");

    // Another repository needs its own scope: one more token, and no extra 401 round trip.
    proxy.reset();
    await client.headManifest(parseReference(`${proxy.host}/library/other`), "1");
    expect(ts.issued).toBe(2);
    expect(proxy.counts().total).toBe(1);
  }, T);

  it("a HEAD on an unchanged tag costs exactly 1 registry request once the token is cached", async () => {
    const client = new RegistryClient({ insecureRegistries: [proxy.host, ts.host] });
    const ref = parseReference(`${proxy.host}/library/single`);
    await client.resolve(ref, "1");
    proxy.reset();
    await client.headManifest(ref, "1");
    expect(proxy.counts()).toMatchObject({ total: 1, byKind: { "HEAD manifests": 1 } });
  }, T);

  it("parallel first requests share one token fetch", async () => {
    ts.reset();
    const client = new RegistryClient({ insecureRegistries: [proxy.host, ts.host] });
    const ref = parseReference(`${proxy.host}/library/other`);
    const heads = await Promise.all(Array.from({ length: 10 }, () => client.headManifest(ref, "1")));
    expect(new Set(heads.map((h) => h.digest)).size).toBe(1);
    // Exactly one: ten requests of one scope share the in-flight fetch (issue 11: ">= 1" let a
    // client without the sharing pass).
    expect(ts.issued).toBe(1);
    expect(client.tokenFetchCount).toBe(1);
  }, T);

  // CLIENT BUG (kept on purpose): on any bearer 401 the transport deletes the cached token for
  // that scope, even when the refused request carried no token at all. With parallel first
  // requests, a late 401 (sent before any token existed) throws away the token another request
  // has just fetched, so the client fetches again. Made deterministic here by delaying the
  // anonymous 401s after the first one. Expected: 1 token; the client fetches more.
  it("a late 401 to an unauthenticated request does not throw away a freshly fetched token", async () => {
    const fp = await startFaultProxy(reg.host, [{ name: "late-401", authorization: false, skip: 1, delayMs: 400 }]);
    try {
      ts.reset();
      const client = new RegistryClient({ insecureRegistries: [fp.host, ts.host] });
      const ref = parseReference(`${fp.host}/library/other`);
      await Promise.all(Array.from({ length: 6 }, () => client.headManifest(ref, "1")));
      expect(fp.hits()["late-401"]).toBe(5);
      expect(ts.issued).toBe(1);
    } finally {
      await fp.stop();
    }
  }, T);

  it("an expiring token is fetched again (expires_in 11 s, 10 s safety margin)", async () => {
    ts.options.expiresIn = 11;
    try {
      ts.reset();
      const client = new RegistryClient({ insecureRegistries: [proxy.host, ts.host] });
      const ref = parseReference(`${proxy.host}/library/app`);
      await client.headManifest(ref, "1");
      await client.headManifest(ref, "1");
      expect(ts.issued).toBe(1);
      await new Promise((r) => setTimeout(r, 1_300));
      proxy.reset();
      await client.headManifest(ref, "1");
      expect(ts.issued).toBe(2);
      expect(proxy.counts().total).toBe(1); // refreshed before use: no 401 round trip
    } finally {
      ts.options.expiresIn = 300;
    }
  }, T);

  it("token answers without expires_in are cached (60 s default)", async () => {
    ts.options.omitExpiresIn = true;
    try {
      ts.reset();
      const client = new RegistryClient({ insecureRegistries: [proxy.host, ts.host] });
      const ref = parseReference(`${proxy.host}/library/app`);
      for (let i = 0; i < 3; i++) await client.headManifest(ref, "1");
      expect(ts.issued).toBe(1);
    } finally {
      ts.options.omitExpiresIn = false;
    }
  }, T);

  it("no anonymous pull: unauthorized without credentials; a user's Basic credentials go to the token server", async () => {
    ts.options.allowAnonymousPull = false;
    try {
      const anon = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials(undefined) });
      expect(await outcome(anon.resolve(parseReference(`${proxy.host}/private/app`), "1"))).toBe("unauthorized");
      expect(await outcome(anon.headManifest(parseReference(`${proxy.host}/private/app`), "1"))).toBe("unauthorized");

      ts.reset();
      const creds = new FixedCredentials({ username: "bob", password: "pw" });
      const bob = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: creds });
      const r = await bob.resolve(parseReference(`${proxy.host}/private/app`), "1");
      expect(r.platforms).toHaveLength(2);
      expect(ts.requests().map((x) => [x.user, x.status])).toEqual([["bob", 200]]);

      const wrong = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials({ username: "bob", password: "nope" }) });
      expect(await outcome(wrong.resolve(parseReference(`${proxy.host}/private/app`), "1"))).toBe("unauthorized");
    } finally {
      ts.options.allowAnonymousPull = true;
    }
  }, T);

  it("auth failures name neither the credential nor the token (token refused by the registry, credentials refused by the token server)", async () => {
    ts.options.allowAnonymousPull = false;
    try {
      const secret = "pw-that-is-wrong-9d2a";
      const wrong = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials({ username: "bob", password: secret }) });
      // 1. The token server refuses the credentials.
      const e1 = await wrong.resolve(parseReference(`${proxy.host}/private/app`), "1").then(() => null, (x: unknown) => x as RegistryError);
      // 2. A token is issued (anonymous, no access) and the registry refuses it: a 401 after the token.
      const anon = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials(undefined) });
      ts.reset();
      const e2 = await anon.headManifest(parseReference(`${proxy.host}/private/app`), "1").then(() => null, (x: unknown) => x as RegistryError);
      expect(ts.requests().map((r) => r.status)).toContain(200);
      for (const e of [e1, e2]) {
        expect(e?.code).toBe("unauthorized");
        const shown = `${e?.message} ${JSON.stringify(e)} ${String(e)}`;
        for (const needle of [secret, Buffer.from(`bob:${secret}`).toString("base64"), "Basic ", "Bearer ", "eyJ"]) expect(shown).not.toContain(needle);
      }
    } finally {
      ts.options.allowAnonymousPull = true;
    }
  }, T);

  it("an identity token (config.json identitytoken) is exchanged with POST grant_type=refresh_token", async () => {
    ts.options.allowAnonymousPull = false;
    ts.options.refreshTokens = { "rt-bob": "bob" };
    try {
      ts.reset();
      const c = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials({ identityToken: "rt-bob" }) });
      const r = await c.resolve(parseReference(`${proxy.host}/private/app`), "1");
      expect(r.platforms).toHaveLength(2);
      expect(ts.requests().map((x) => [x.method, x.grantType, x.user, x.scopes.join(" "), x.status])).toEqual([
        ["POST", "refresh_token", "bob", "repository:private/app:pull", 200],
      ]);
      const bad = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials({ identityToken: "revoked" }) });
      expect(await outcome(bad.resolve(parseReference(`${proxy.host}/private/app`), "1"))).toBe("unauthorized");
    } finally {
      ts.options.allowAnonymousPull = true;
    }
  }, T);

  it("catalog through the token flow (registry:catalog:* for a user)", async () => {
    const bob = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials({ username: "bob", password: "pw" }) });
    expect(await bob.catalog(proxy.host, { prefix: "library/" })).toEqual(["library/app", "library/other", "library/single"]);
    const anon = new RegistryClient({ insecureRegistries: [proxy.host, ts.host], credentials: new FixedCredentials(undefined) });
    expect(await outcome(anon.catalog(proxy.host))).toBe("unauthorized");
  }, T);
});

describe.skipIf(!hasRegistry)("RegistryClient + a misbehaving token server (fault proxy in front of the realm)", () => {
  let ts: TokenServer;
  let realmProxy: FaultProxy;
  let reg: RunningRegistry;
  beforeAll(async () => {
    ts = await startTokenServer({ service: "registry.test", issuer: "archgrid-test-issuer", allowAnonymousPull: true });
    realmProxy = await startFaultProxy(ts.host);
    reg = await startRegistry({ auth: { kind: "token", realm: `${realmProxy.url}/token`, service: ts.service, issuer: ts.issuer, rootCertBundlePath: ts.certPath } });
    await pushImage({ url: reg.url, headers: ts.pushHeaders }, "library/app", "1", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }] });
  }, T);
  afterEach(() => {
    realmProxy.clearRules();
    realmProxy.reset();
  });
  afterAll(async () => {
    await reg?.stop();
    await realmProxy?.stop();
    await ts?.stop();
  });
  const ref = () => parseReference(`${reg.host}/library/app`);

  it("a slow token server -> timeout", async () => {
    realmProxy.setRules([{ delayMs: 5_000 }]);
    const c = new RegistryClient({ insecureRegistries: [reg.host, realmProxy.host], timeoutMs: 400, maxRetries: 0 });
    const t0 = Date.now();
    expect(await outcome(c.headManifest(ref(), "1"))).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(4_000);
  }, T);

  it("token server 5xx -> registry-unavailable; 429 -> rate-limited; 200 without a token -> invalid-response", async () => {
    const c = () => new RegistryClient({ insecureRegistries: [reg.host, realmProxy.host], maxRetries: 0, backoffBaseMs: 10 });
    realmProxy.setRules([{ status: 502 }]);
    expect(await outcome(c().headManifest(ref(), "1"))).toBe("registry-unavailable");
    realmProxy.setRules([{ status: 429, retryAfter: 1 }]);
    expect(await outcome(c().headManifest(ref(), "1"))).toBe("rate-limited");
    realmProxy.setRules([{ status: 200, body: JSON.stringify({ details: "no token here" }) }]);
    expect(await outcome(c().headManifest(ref(), "1"))).toBe("invalid-response");
  }, T);

  it("a token server failing once is retried with the registry request", async () => {
    realmProxy.setRules([{ status: 503, times: 1 }]);
    const c = new RegistryClient({ insecureRegistries: [reg.host, realmProxy.host], maxRetries: 2, backoffBaseMs: 10 });
    const h = await c.headManifest(ref(), "1");
    expect(h.digest).toMatch(/^sha256:/);
    expect(realmProxy.requests().map((r) => r.status)).toEqual([503, 200]);
  }, T);
});
