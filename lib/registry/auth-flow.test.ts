// Bearer and Basic auth flows against node:http servers on 127.0.0.1 (a registry and a token server).
import { describe, expect, it } from "vitest";
import type { CredentialSource } from "./credentials";
import { parseReference } from "./reference";
import { sendError } from "../../test/support/fake-registry";
import { client, failure, registry, requireBearer, tokenServer, useServers } from "../../test/support/harness";

useServers();

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
