// Bearer and Basic auth flows against the real Distribution registry: `auth.token` with the
// fixture token server (auth.docker.io style), `auth.htpasswd` for Basic, and the fault proxy for
// challenges no well-behaved registry sends (a realm on a metadata address, a file: realm, a
// registry that refuses even a fresh token).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startTokenServer, type TokenServer } from "../../e2e/fixtures/token-server";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import type { CredentialSource } from "./credentials";
import { parseReference } from "./reference";
import { client, failure, pushSingle } from "../../test/support/harness";

describe("bearer auth (Distribution auth.token + the fixture token server)", () => {
  let ts: TokenServer;
  let reg: RunningRegistry;
  let fp: FaultProxy;
  beforeAll(async () => {
    ts = await startTokenServer({ service: "test-registry", issuer: "archgrid-auth-flow", users: { alice: "s3cret" }, allowAnonymousPull: true });
    reg = await startRegistry({ auth: { kind: "token", realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundlePath: ts.certPath } });
    fp = await startFaultProxy(reg.url);
    for (const repo of ["team/app", "team/other"]) await pushSingle({ url: reg.url, headers: ts.pushHeaders }, repo, "1", { os: "linux", architecture: repo === "team/app" ? "amd64" : "arm64" });
  }, 60_000);
  afterEach(() => {
    ts.options.allowAnonymousPull = true;
    ts.reset();
    fp.clearRules();
    fp.reset();
  });
  afterAll(async () => {
    await fp?.stop();
    await reg?.stop();
    await ts?.stop();
  });
  const ref = (name: string) => parseReference(`${fp.host}/${name}`);
  // The token server is another loopback port: it is trusted only when listed, like the registry.
  const listed = () => [fp.host, new URL(ts.realm).host];

  it("401 -> token -> 200, then token cache hits and no further 401s", async () => {
    const c = client(listed());
    const first = await c.resolve(ref("team/app"), "1");
    expect(first.platforms[0].platform.architecture).toBe("amd64");
    expect(first.requests).toBe(3); // 401, manifest, config blob (with the cached token)
    expect(ts.requests().map((q) => [q.scopes, q.service, q.user])).toEqual([[["repository:team/app:pull"], "test-registry", undefined]]);

    const second = await c.resolve(ref("team/app"), "1");
    expect(second.requests).toBe(1);
    expect(ts.issued).toBe(1);
    expect(c.tokenFetchCount).toBe(1);

    // Another repository: a new scope, fetched up front (the registry's challenge is remembered).
    const other = await c.resolve(ref("team/other"), "1");
    expect(other.requests).toBe(2);
    expect(ts.requests().map((q) => q.scopes[0])).toEqual(["repository:team/app:pull", "repository:team/other:pull"]);
    expect(fp.requests().filter((h) => !h.authorization)).toHaveLength(1);
  });

  it("sends Basic credentials to the realm and never returns them", async () => {
    ts.options.allowAnonymousPull = false;
    const creds: CredentialSource = { get: async (r) => (r === fp.host ? { username: "alice", password: "s3cret" } : undefined) };
    const ok = await client(listed(), { credentials: creds }).resolve(ref("team/app"), "1");
    expect(ok.platforms).toHaveLength(1);
    expect(ts.requests()[0].user).toBe("alice");

    const wrong: CredentialSource = { get: async () => ({ username: "alice", password: "nope-wrong" }) };
    const e = await failure(client(listed(), { credentials: wrong }).resolve(ref("team/app"), "1"));
    expect(e.code).toBe("unauthorized");
    expect(e.message).not.toContain("nope-wrong");
    expect(JSON.stringify(e)).not.toContain("nope-wrong");
  });

  it("a second 401 with a fresh token is unauthorized", async () => {
    // The registry keeps refusing whatever token it gets (a token for the wrong service, say).
    fp.setRules([{ status: 401, headers: { "www-authenticate": `Bearer realm="${ts.realm}",service="test-registry",scope="repository:team/app:pull"` } }]);
    const e = await failure(client(listed()).resolve(ref("team/app"), "1"));
    expect(e.code).toBe("unauthorized");
    expect(e.status).toBe(401);
    expect(e.temporary).toBe(false);
    expect(fp.requests()).toHaveLength(2);
    expect(ts.issued).toBe(1);
  });

  it("refuses a realm on a blocked address", async () => {
    fp.setRules([{ status: 401, headers: { "www-authenticate": 'Bearer realm="http://169.254.169.254/latest/meta-data",service="x"' } }]);
    expect((await failure(client([fp.host]).resolve(ref("team/app"), "1"))).code).toBe("blocked-address");
  });

  it("refuses a realm that is not http(s)", async () => {
    fp.setRules([{ status: 401, headers: { "www-authenticate": 'Bearer realm="file:///etc/passwd",service="x"' } }]);
    expect((await failure(client([fp.host]).resolve(ref("team/app"), "1"))).code).toBe("invalid-response");
  });
});

describe("basic auth (Distribution auth.htpasswd)", () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: "htpasswd", users: { bob: "pw" } } });
    await pushSingle({ url: reg.url, headers: { authorization: `Basic ${Buffer.from("bob:pw").toString("base64")}` } }, "team/app", "1", { os: "linux", architecture: "amd64" });
  }, 60_000);
  afterAll(async () => reg?.stop());

  it("answers a Basic challenge with configured credentials, and fails without", async () => {
    const creds: CredentialSource = { get: async () => ({ username: "bob", password: "pw" }) };
    const c = client([reg.host], { credentials: creds });
    const r = await c.resolve(parseReference(`${reg.host}/team/app`), "1");
    expect(r.requests).toBe(3); // 401, manifest, blob (basic sent up front after the first challenge)
    expect((await failure(client([reg.host]).resolve(parseReference(`${reg.host}/team/app`), "1"))).code).toBe("unauthorized");
  });
});
