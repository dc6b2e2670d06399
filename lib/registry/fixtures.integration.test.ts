// Self-tests of the real-registry fixtures in e2e/fixtures (registry, pusher, token server,
// fault proxy, catalog), cross-checked with independent clients (skopeo, plain fetch).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, pushCatalog } from "../../e2e/fixtures/catalog";
import { startFaultProxy } from "../../e2e/fixtures/fault-proxy";
import { ACCEPT_ALL, deleteTag, getManifestBytes, pushImage, pushMany, retag, type ImageSpec } from "../../e2e/fixtures/pusher";
import { countingProxy, REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startTokenServer, type TokenServer } from "../../e2e/fixtures/token-server";

const run = promisify(execFile);
const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const hasSkopeo = fs.existsSync("/usr/bin/skopeo");
const sha = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const T = 120_000;

async function skopeoRaw(host: string, ref: string, creds?: string): Promise<Buffer> {
  const args = ["inspect", "--raw", "--tls-verify=false", ...(creds ? ["--creds", creds] : ["--no-creds"]), `docker://${host}/${ref}`];
  const { stdout } = await run("skopeo", args, { encoding: "buffer", maxBuffer: 16 << 20 });
  return stdout;
}

async function skopeoArch(host: string, ref: string, extra: string[] = []): Promise<{ Architecture: string; Os: string; Digest: string }> {
  const { stdout } = await run("skopeo", ["inspect", "--tls-verify=false", ...extra, `docker://${host}/${ref}`]);
  return JSON.parse(stdout) as { Architecture: string; Os: string; Digest: string };
}

describe.skipIf(!hasRegistry)("fixture: startRegistry + pusher", () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  }, T);
  afterAll(async () => {
    await reg?.stop();
  });

  it("answers GET /v2/ on 127.0.0.1 and reports its start time", async () => {
    expect(reg.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await fetch(`${reg.url}/v2/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
    expect(reg.startMs).toBeLessThan(15_000);
    expect(fs.readFileSync(`${reg.dir}/config.yml`, "utf8")).toContain("delete:\n    enabled: true");
  });

  const specs: Array<[string, ImageSpec, string]> = [
    ["oci-index", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v7" }], attestations: true }, "application/vnd.oci.image.index.v1+json"],
    ["docker-list", { format: "docker-list", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "s390x" }] }, "application/vnd.docker.distribution.manifest.list.v2+json"],
    ["oci-image", { format: "oci-image", platform: { os: "linux", architecture: "ppc64le" } }, "application/vnd.oci.image.manifest.v1+json"],
    ["docker-image", { format: "docker-image", platform: { os: "linux", architecture: "arm64", variant: "v8" } }, "application/vnd.docker.distribution.manifest.v2+json"],
    ["nested", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], nested: true }, "application/vnd.oci.image.index.v1+json"],
    ["no-platform", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], omitPlatformOnEntries: true }, "application/vnd.oci.image.index.v1+json"],
  ];
  for (const [name, spec, mediaType] of specs) {
    it.skipIf(!hasSkopeo)(`pushes ${name}: skopeo reads the same bytes (sha256 = pushed digest)`, async () => {
      const res = await pushImage({ url: reg.url }, `fx/${name}`, "1", spec);
      expect(res.mediaType).toBe(mediaType);
      const raw = await skopeoRaw(reg.host, `fx/${name}:1`);
      expect(sha(raw)).toBe(res.digest);
      const head = await fetch(`${reg.url}/v2/fx/${name}/manifests/1`, { method: "HEAD", headers: { accept: ACCEPT_ALL } });
      expect(head.headers.get("docker-content-digest")).toBe(res.digest);
      expect(head.headers.get("content-type")).toBe(mediaType);
    }, T);
  }

  it.skipIf(!hasSkopeo)("single images carry their platform in the config (skopeo resolves it)", async () => {
    await pushImage({ url: reg.url }, "fx/single", "v", { format: "docker-image", platform: { os: "linux", architecture: "s390x" } });
    const info = await skopeoArch(reg.host, "fx/single:v");
    expect(info.Architecture).toBe("s390x");
    expect(info.Os).toBe("linux");
  }, T);

  it.skipIf(!hasSkopeo)("skopeo picks the arm/v7 entry of an index when asked", async () => {
    const res = await pushImage({ url: reg.url }, "fx/pick", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v7" }, { os: "linux", architecture: "arm", variant: "v6" }],
    });
    const info = await skopeoArch(reg.host, "fx/pick:1", ["--override-arch", "arm", "--override-variant", "v7"]);
    expect(info.Architecture).toBe("arm");
    // skopeo 1.9 reports the digest of the manifest it was given (the index), not the instance.
    expect([res.digest, res.children[1].digest]).toContain(info.Digest);
  }, T);

  it("attestations are BuildKit-shaped and not paired 1:1 when a number is given", async () => {
    const res = await pushImage({ url: reg.url }, "fx/att", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }, { os: "linux", architecture: "386" }],
      attestations: 2,
    });
    const m = JSON.parse((await getManifestBytes({ url: reg.url }, "fx/att", "1")).body.toString()) as {
      manifests: Array<{ digest: string; platform?: { os: string; architecture: string }; annotations?: Record<string, string> }>;
    };
    expect(m.manifests).toHaveLength(5);
    const att = m.manifests.filter((d) => d.annotations?.["vnd.docker.reference.type"] === "attestation-manifest");
    expect(att).toHaveLength(2);
    expect(att.map((a) => a.platform)).toEqual([{ os: "unknown", architecture: "unknown" }, { os: "unknown", architecture: "unknown" }]);
    expect(att.map((a) => a.annotations?.["vnd.docker.reference.digest"])).toEqual([res.children[0].digest, res.children[1].digest]);
    expect(res.attestations).toEqual(att.map((a) => a.digest));
  }, T);

  it("lie: the index entry says arm64, its config says amd64", async () => {
    const res = await pushImage({ url: reg.url }, "fx/lie", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }],
      lie: { index: { os: "linux", architecture: "arm64" }, config: { os: "linux", architecture: "amd64" } },
    });
    const liar = res.children[1];
    expect(liar.platform.architecture).toBe("arm64");
    const cfg = await fetch(`${reg.url}/v2/fx/lie/blobs/${liar.configDigest}`);
    expect(((await cfg.json()) as { architecture: string }).architecture).toBe("amd64");
  }, T);

  it("windows entries carry os.version in the index and the config", async () => {
    const res = await pushImage({ url: reg.url }, "fx/win", "1", { format: "docker-list", platforms: [{ os: "windows", architecture: "amd64", osVersion: "10.0.20348.3207" }] });
    const m = JSON.parse((await getManifestBytes({ url: reg.url }, "fx/win", "1")).body.toString()) as { manifests: Array<{ platform: Record<string, string> }> };
    expect(m.manifests[0].platform["os.version"]).toBe("10.0.20348.3207");
    const cfg = (await (await fetch(`${reg.url}/v2/fx/win/blobs/${res.children[0].configDigest}`)).json()) as Record<string, string>;
    expect(cfg["os.version"]).toBe("10.0.20348.3207");
  }, T);

  it("retag keeps the digest; deleteTag removes the manifest (and its other tags)", async () => {
    const a = await pushImage({ url: reg.url }, "fx/tags", "a", { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
    expect(await retag({ url: reg.url }, "fx/tags", "a", "b")).toBe(a.digest);
    const c = await pushImage({ url: reg.url }, "fx/tags", "c", { format: "oci-image", platform: { os: "linux", architecture: "amd64" }, seed: "other" });
    expect(c.digest).not.toBe(a.digest);
    const list = async () => ((await (await fetch(`${reg.url}/v2/fx/tags/tags/list`)).json()) as { tags: string[] }).tags.sort();
    expect(await list()).toEqual(["a", "b", "c"]);
    await deleteTag({ url: reg.url }, "fx/tags", "b");
    expect(await list()).toEqual(["c"]);
  }, T);

  it("the same spec pushed twice gives the same digest; a new seed a new one", async () => {
    const spec: ImageSpec = { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }] };
    const a = await pushImage({ url: reg.url }, "fx/same", "1", spec);
    const b = await pushImage({ url: reg.url }, "fx/same", "1", spec);
    const c = await pushImage({ url: reg.url }, "fx/same", "1", { ...spec, seed: "2" });
    expect(b.digest).toBe(a.digest);
    expect(c.digest).not.toBe(a.digest);
  }, T);

  it("pushMany: throughput", async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      repo: `bench/r${i % 10}`,
      tag: `t${i}`,
      spec: { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64", variant: "v8" }] } as ImageSpec,
    }));
    const t0 = Date.now();
    const res = await pushMany({ url: reg.url }, items, 8);
    const ms = Date.now() - t0;
    expect(new Set(res.map((r) => r.digest)).size).toBe(40);
    console.log(`[fixtures] pushMany: 40 two-platform indexes in ${ms} ms (${((40 * 1000) / ms).toFixed(1)} images/s, ${res.reduce((a, r) => a + r.requests, 0)} requests)`);
  }, T);

  it("countingProxy counts what reaches the registry", async () => {
    const p = await countingProxy(reg.host);
    try {
      await pushImage({ url: p.url }, "fx/counted", "1", { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
      p.reset();
      await fetch(`${p.url}/v2/fx/counted/manifests/1`, { method: "HEAD", headers: { accept: ACCEPT_ALL } });
      await (await fetch(`${p.url}/v2/fx/counted/manifests/1`, { headers: { accept: ACCEPT_ALL } })).arrayBuffer();
      await (await fetch(`${p.url}/v2/fx/counted/tags/list`)).arrayBuffer();
      const c = p.counts();
      expect(c.total).toBe(3);
      expect(c.byMethod).toEqual({ HEAD: 1, GET: 2 });
      expect(c.byKind).toEqual({ "HEAD manifests": 1, "GET manifests": 1, "GET tags": 1 });
      expect(c.byPath["GET /v2/fx/counted/tags/list"]).toBe(1);
    } finally {
      await p.stop();
    }
  }, T);
});

describe.skipIf(!hasRegistry)("fixture: registry options", () => {
  it("accessLog writes one line per request to registry.log; stop() removes the dir and the process", async () => {
    const reg = await startRegistry({ accessLog: true });
    await (await fetch(`${reg.url}/v2/some/repo/tags/list`)).arrayBuffer();
    let log = "";
    for (let i = 0; i < 40 && !log.includes("/v2/some/repo/tags/list"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = fs.readFileSync(reg.logPath, "utf8");
    }
    expect(log).toContain("GET /v2/some/repo/tags/list");
    await reg.stop();
    expect(fs.existsSync(reg.dir)).toBe(false);
    await expect(fetch(`${reg.url}/v2/`)).rejects.toThrow();
  }, T);
});

describe.skipIf(!hasRegistry)("fixture: htpasswd registry", () => {
  let reg: RunningRegistry;
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: "htpasswd", users: { alice: "s3cret" } } });
  }, T);
  afterAll(async () => {
    await reg?.stop();
  });

  it("asks for Basic auth and accepts only the right password", async () => {
    const anon = await fetch(`${reg.url}/v2/`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect((await fetch(`${reg.url}/v2/`, { headers: { authorization: basic("alice", "wrong") } })).status).toBe(401);
    expect((await fetch(`${reg.url}/v2/`, { headers: { authorization: basic("alice", "s3cret") } })).status).toBe(200);
  });

  it.skipIf(!hasSkopeo)("push with headers, read back with skopeo --creds", async () => {
    const res = await pushImage({ url: reg.url, headers: { authorization: basic("alice", "s3cret") } }, "team/app", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }],
    });
    expect(sha(await skopeoRaw(reg.host, "team/app:1", "alice:s3cret"))).toBe(res.digest);
    await expect(skopeoRaw(reg.host, "team/app:1", "alice:nope")).rejects.toThrow(/unauthorized|authentication required/i);
  }, T);
});

describe.skipIf(!hasRegistry)("fixture: token server + token-auth registry", () => {
  let reg: RunningRegistry;
  let ts: TokenServer;
  beforeAll(async () => {
    ts = await startTokenServer({ service: "registry.test", issuer: "archgrid-test-issuer", users: { bob: "pw" }, allowAnonymousPull: true });
    reg = await startRegistry({ auth: { kind: "token", realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundlePath: ts.certPath } });
  }, T);
  afterAll(async () => {
    await reg?.stop();
    await ts?.stop();
  });

  it("the registry challenges with our realm; a fetched anonymous token pulls", async () => {
    const pushed = await pushImage({ url: reg.url, headers: ts.pushHeaders }, "lib/app", "latest", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "s390x" }],
      attestations: 1,
    });
    const res = await fetch(`${reg.url}/v2/lib/app/manifests/latest`, { headers: { accept: ACCEPT_ALL } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${ts.realm}",service="registry.test",scope="repository:lib/app:pull"`);
    const before = ts.issued;
    const tok = (await (await fetch(`${ts.realm}?service=registry.test&scope=repository:lib/app:pull`)).json()) as {
      token: string;
      access_token: string;
      expires_in: number;
      issued_at: string;
    };
    expect(ts.issued).toBe(before + 1);
    expect(tok.access_token).toBe(tok.token);
    expect(tok.expires_in).toBe(300);
    const header = JSON.parse(Buffer.from(tok.token.split(".")[0], "base64url").toString()) as { alg: string; x5c: string[] };
    expect(header.alg).toBe("RS256");
    expect(header.x5c).toHaveLength(1);
    const ok = await fetch(`${reg.url}/v2/lib/app/manifests/latest`, { headers: { accept: ACCEPT_ALL, authorization: `Bearer ${tok.token}` } });
    expect(ok.status).toBe(200);
    expect(sha(Buffer.from(await ok.arrayBuffer()))).toBe(pushed.digest);
    // A pull token does not let you push, nor read another repository.
    const other = await fetch(`${reg.url}/v2/lib/other/tags/list`, { headers: { authorization: `Bearer ${tok.token}` } });
    expect(other.status).toBe(401);
    expect(other.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  }, T);

  it("users get push; wrong passwords get 401; catalog needs a user", async () => {
    const anonPush = (await (await fetch(`${ts.realm}?service=registry.test&scope=repository:lib/app:pull,push`)).json()) as { token: string };
    const claims = (t: string) => JSON.parse(Buffer.from(t.split(".")[1], "base64url").toString()) as { access: Array<{ actions: string[] }>; aud: string; iss: string };
    expect(claims(anonPush.token).access[0].actions).toEqual(["pull"]);
    const auth = { authorization: `Basic ${Buffer.from("bob:pw").toString("base64")}` };
    const bob = (await (await fetch(`${ts.realm}?service=registry.test&scope=repository:lib/app:pull,push`, { headers: auth })).json()) as { token: string };
    expect(claims(bob.token).access[0].actions).toEqual(["pull", "push"]);
    expect(claims(bob.token).aud).toBe("registry.test");
    expect(claims(bob.token).iss).toBe("archgrid-test-issuer");
    const wrong = await fetch(`${ts.realm}?service=registry.test&scope=repository:lib/app:pull`, { headers: { authorization: `Basic ${Buffer.from("bob:no").toString("base64")}` } });
    expect(wrong.status).toBe(401);
    const cat = (await (await fetch(`${ts.realm}?service=registry.test&scope=registry:catalog:*`, { headers: auth })).json()) as { token: string };
    const list = await fetch(`${reg.url}/v2/_catalog`, { headers: { authorization: `Bearer ${cat.token}` } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { repositories: string[] }).repositories).toContain("lib/app");
  }, T);

  it("POST /token (OAuth2 form): refresh_token and password grants answer access_token only", async () => {
    ts.options.refreshTokens = { "rt-bob": "bob" };
    const post = (form: Record<string, string>) =>
      fetch(ts.realm, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
    const ok = await post({ grant_type: "refresh_token", refresh_token: "rt-bob", service: "registry.test", scope: "repository:lib/app:pull,push", client_id: "t" });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { access_token: string; token?: string; expires_in: number };
    expect(body.token).toBeUndefined();
    expect(body.expires_in).toBe(300);
    const claims = JSON.parse(Buffer.from(body.access_token.split(".")[1], "base64url").toString()) as { sub: string; access: Array<{ actions: string[] }> };
    expect(claims.sub).toBe("bob");
    expect(claims.access[0].actions).toEqual(["pull", "push"]);
    expect((await post({ grant_type: "refresh_token", refresh_token: "nope", service: "registry.test" })).status).toBe(401);
    expect((await post({ grant_type: "password", username: "bob", password: "pw", service: "registry.test" })).status).toBe(200);
    expect((await post({ grant_type: "password", username: "bob", password: "x", service: "registry.test" })).status).toBe(401);
    expect(ts.requests().slice(-4).map((r) => [r.method, r.grantType, r.status])).toEqual([
      ["POST", "refresh_token", 200],
      ["POST", "refresh_token", 401],
      ["POST", "password", 200],
      ["POST", "password", 401],
    ]);
  });

  it("the registry refuses tokens from another issuer, for another audience, or expired", async () => {
    const access = [{ type: "repository", name: "lib/app", actions: ["pull"] }];
    const status = async (t: string) => (await fetch(`${reg.url}/v2/lib/app/tags/list`, { headers: { authorization: `Bearer ${t}` } })).status;
    expect(await status(ts.mint(access))).toBe(200);
    expect(await status(ts.mint(access, { issuer: "evil" }))).toBe(401);
    expect(await status(ts.mint(access, { audience: "other" }))).toBe(401);
    expect(await status(ts.mint(access, { expiresIn: -600 }))).toBe(401);
  });

  it.skipIf(!hasSkopeo)("skopeo pulls anonymously through the token flow", async () => {
    const raw = await skopeoRaw(reg.host, "lib/app:latest");
    const head = await fetch(`${reg.url}/v2/lib/app/manifests/latest`, {
      method: "HEAD",
      headers: { accept: ACCEPT_ALL, authorization: `Bearer ${ts.mint([{ type: "repository", name: "lib/app", actions: ["pull"] }])}` },
    });
    expect(sha(raw)).toBe(head.headers.get("docker-content-digest"));
    expect(ts.requests().some((r) => r.scopes.includes("repository:lib/app:pull") && r.user === undefined)).toBe(true);
  }, T);
});

describe.skipIf(!hasRegistry)("fixture: fault proxy", () => {
  let reg: RunningRegistry;
  let digest: string;
  let configDigest: string;
  beforeAll(async () => {
    reg = await startRegistry();
    const r = await pushImage({ url: reg.url }, "fx/app", "1", { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
    digest = r.digest;
    configDigest = r.children[0].configDigest;
    for (let i = 0; i < 25; i++) await retag({ url: reg.url }, "fx/app", "1", `v${String(i).padStart(2, "0")}`);
  }, T);
  afterAll(async () => {
    await reg?.stop();
  });

  it("injects status, delay, truncation, oversize, corruption, dropped digest, redirect, pagination", async () => {
    const p = await startFaultProxy(reg.host);
    const m = `${p.url}/v2/fx/app/manifests/1`;
    const get = async (u = m) => {
      const res = await fetch(u, { headers: { accept: ACCEPT_ALL, authorization: "Bearer secret" } });
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };
    try {
      p.setRules([{ name: "429", method: "GET", path: /manifests/, status: 429, retryAfter: 2, times: 1 }]);
      const limited = await get();
      expect(limited.res.status).toBe(429);
      expect(limited.res.headers.get("retry-after")).toBe("2");
      expect((await get()).res.status).toBe(200);
      expect(p.hits()).toEqual({ "429": 1 });

      p.setRules([{ path: /manifests/, status: 500, times: 2 }]);
      expect([(await get()).res.status, (await get()).res.status, (await get()).res.status]).toEqual([500, 500, 200]);

      p.setRules([{ path: /manifests/, delayMs: 2000 }]);
      await expect(fetch(m, { signal: AbortSignal.timeout(200) })).rejects.toThrow();

      p.setRules([{ path: /manifests/, truncateTo: 10 }]);
      await expect(get()).rejects.toThrow();
      p.setRules([{ path: /manifests/, truncateTo: 10, truncateAdjustLength: true }]);
      expect((await get()).body.length).toBe(10);

      p.setRules([{ path: /manifests/, oversizeTo: 5 << 20 }]);
      const big = await get();
      expect(big.body.length).toBe(5 << 20);
      expect(big.res.headers.get("content-length")).toBe(String(5 << 20));
      p.setRules([{ path: /manifests/, oversizeTo: 5 << 20, chunked: true }]);
      const bigChunked = await get();
      expect(bigChunked.res.headers.get("content-length")).toBeNull();
      expect(bigChunked.body.length).toBe(5 << 20);

      p.setRules([{ path: /manifests/, corrupt: true }]);
      const bad = await get();
      expect(bad.res.headers.get("docker-content-digest")).toBe(digest);
      expect(sha(bad.body)).not.toBe(digest);
      expect(() => JSON.parse(bad.body.toString()) as unknown).not.toThrow();

      p.setRules([{ path: /manifests/, dropDigest: true }]);
      const nod = await get();
      expect(nod.res.headers.get("docker-content-digest")).toBeNull();
      expect(sha(nod.body)).toBe(digest);

      p.setRules([{ path: /\/blobs\/sha256:/, redirect: true }]);
      const manual = await fetch(`${p.url}/v2/fx/app/blobs/${configDigest}`, { redirect: "manual", headers: { authorization: "Bearer secret" } });
      expect(manual.status).toBe(307);
      expect(manual.headers.get("location")).toContain(p.sideHost);
      const followed = await fetch(`${p.url}/v2/fx/app/blobs/${configDigest}`, { headers: { authorization: "Bearer secret" } });
      expect(sha(Buffer.from(await followed.arrayBuffer()))).toBe(configDigest);
      // fetch drops Authorization on a cross-origin redirect; the side server saw none.
      expect(p.sideRequests()).toHaveLength(1);
      expect(p.sideRequests()[0].authorization).toBe(false);
      expect(p.sideHost).not.toBe(p.host);

      p.setRules([{ path: /tags\/list/, paginate: 10 }]);
      const pages: string[][] = [];
      let next: string | null = `${p.url}/v2/fx/app/tags/list?n=10`;
      while (next !== null) {
        const res: Response = await fetch(next);
        pages.push(((await res.json()) as { tags: string[] }).tags);
        const link = res.headers.get("link");
        next = link === null ? null : new URL(/<([^>]+)>/.exec(link)![1], p.url).toString();
      }
      expect(pages.map((x) => x.length)).toEqual([10, 10, 6]);
      expect(pages.flat()).toHaveLength(26);

      expect(p.counts().byKind["GET manifests"]).toBeGreaterThan(10);
    } finally {
      await p.stop();
    }
  }, T);
});

describe.skipIf(!hasRegistry || !hasSkopeo)("fixture: catalog of real-world shapes", () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  }, T);
  afterAll(async () => {
    await reg?.stop();
  });

  it("pushes every catalog entry; skopeo agrees on each digest and platform count", async () => {
    const pushed = await pushCatalog({ url: reg.url });
    expect(pushed).toHaveLength(CATALOG.length);
    for (const { entry, repo, result } of pushed) {
      const raw = await skopeoRaw(reg.host, `${repo}:${entry.tag}`);
      expect(sha(raw), entry.name).toBe(result.digest);
      expect(result.children.length, entry.name).toBe(entry.platformCount);
      const doc = JSON.parse(raw.toString()) as { manifests?: Array<{ platform?: { architecture: string } }> };
      if (doc.manifests !== undefined) {
        const real = doc.manifests.filter((d) => d.platform?.architecture !== "unknown");
        expect(real.length, entry.name).toBe(entry.platformCount);
      }
    }
  }, 300_000);
});

describe.skipIf(!hasRegistry)("fixture: schema1 (legacy) pushes", () => {
  it("Distribution 2.8 refuses schema1 by default and accepts a libtrust-signed one with compatibility.schema1.enabled", async () => {
    const { pushSchema1, getManifestBytes: getBytes } = await import("../../e2e/fixtures/pusher");
    const off = await startRegistry();
    try {
      await expect(pushSchema1({ url: off.url }, "old/app", "v1", { architecture: "amd64" })).rejects.toThrow(/schema1 PUT old\/app:v1: 500/); // 2.8 answers 500 UNKNOWN
    } finally {
      await off.stop();
    }
    const on = await startRegistry({ schema1: true });
    try {
      const res = await pushSchema1({ url: on.url }, "old/app", "v1", { architecture: "arm" });
      const got = await getBytes({ url: on.url }, "old/app", "v1");
      expect(got.mediaType).toBe("application/vnd.docker.distribution.manifest.v1+prettyjws");
      const head = await fetch(`${on.url}/v2/old/app/manifests/v1`, { method: "HEAD", headers: { accept: ACCEPT_ALL } });
      // The schema1 digest is that of the payload without signatures, not of the served bytes.
      expect(head.headers.get("docker-content-digest")).toBe(res.digest);
      expect((JSON.parse(got.body.toString()) as { architecture: string }).architecture).toBe("arm");
    } finally {
      await on.stop();
    }
  }, T);
});
