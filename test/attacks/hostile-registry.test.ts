// Attacks from a registry under the attacker's control (issue 10, items 1, 2 and 6): each one is
// served by test/support/hostile-registry.ts; a canary listener must receive nothing (no token,
// no credential, no connection). The victim is the real Distribution registry behind the fixture
// token server (auth.docker.io style), holding a private repository.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startTokenServer, type TokenServer } from "../../e2e/fixtures/token-server";
import { RegistryClient } from "../../lib/registry/client";
import type { Credential, CredentialSource } from "../../lib/registry/credentials";
import { RegistryError } from "../../lib/registry/errors";
import { parseReference } from "../../lib/registry/reference";
import { failure } from "../support/harness";
import { bearerChallenge, otherLoopback, sendJson, startCanary, startHostileRegistry, type Canary, type HostileRegistry } from "../support/hostile-registry";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const T = 60_000;
const DIGEST = `sha256:${"ab".repeat(32)}`;

/** Credentials per registry host, as config.json would give them. */
class PerRegistry implements CredentialSource {
  constructor(private readonly creds: Record<string, Credential>) {}
  async get(registry: string): Promise<Credential | undefined> {
    return this.creds[registry];
  }
}

/** A small server recording the Authorization header of everything it gets (a realm or storage on another host). */
async function recorder(address: string): Promise<{ host: string; seen: Array<string | undefined>; close: () => Promise<void> }> {
  const seen: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    sendJson(res, 200, { token: "recorder-token", expires_in: 300 });
  });
  await new Promise<void>((r) => server.listen(0, address, r));
  return { host: `${address}:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const headOk = (res: http.ServerResponse): true => {
  res.writeHead(200, { "Content-Type": "application/vnd.oci.image.manifest.v1+json", "Docker-Content-Digest": DIGEST, "Content-Length": "0" });
  res.end();
  return true;
};

let canary: Canary;
let hostile: HostileRegistry;
beforeAll(async () => {
  canary = await startCanary();
});
afterEach(() => {
  // Every attack in this file must leave the canary untouched.
  expect(canary.connections, `canary got: ${canary.received().slice(0, 200)}`).toBe(0);
  expect(canary.bytes).toHaveLength(0);
});
afterAll(async () => {
  await hostile?.stop();
  await canary?.stop();
});

describe.skipIf(!hasRegistry)("a hostile registry and another registry's token", () => {
  let ts: TokenServer;
  let victim: RunningRegistry;
  const bob = { username: "bob", password: "victim-password-93c1" };
  beforeAll(async () => {
    ts = await startTokenServer({ service: "victim.test", issuer: "archgrid-test-issuer", users: { bob: bob.password }, allowAnonymousPull: false });
    victim = await startRegistry({ auth: { kind: "token", realm: ts.realm, service: ts.service, issuer: ts.issuer, rootCertBundlePath: ts.certPath } });
    await pushImage({ url: victim.url, headers: ts.pushHeaders }, "private/app", "1", { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
    hostile = await startHostileRegistry();
  }, T);
  afterAll(async () => {
    await victim?.stop();
    await ts?.stop();
  });

  it("a challenge naming the victim's realm, service and scope gets no victim token and no victim credential", async () => {
    const client = new RegistryClient({ insecureRegistries: [victim.host, ts.host, hostile.host], credentials: new PerRegistry({ [victim.host]: bob }), maxRetries: 0 });
    // The victim's token is cached first.
    expect((await client.headManifest(parseReference(`${victim.host}/private/app`), "1")).digest).toMatch(/^sha256:/);
    ts.reset();
    hostile.seen.length = 0;
    hostile.attack = (_req, res) => bearerChallenge(res, ts.realm, ts.service, "repository:private/app:pull");
    // Same repository name on the hostile registry: realm, service and scope all equal the victim's.
    const e = await failure(client.headManifest(parseReference(`${hostile.host}/private/app`), "1", { fallbackGet: false }));
    expect(e.code).toBe("unauthorized");
    // The hostile registry never saw a bearer token, and the token server was asked anonymously.
    // What reached the hostile registry: its first anonymous request, then at most a token the
    // token server issued anonymously (subject "", no access), never bob's token.
    const claims = hostile.seen
      .map((s) => s.authorization)
      .filter((a): a is string => a !== undefined)
      .map((a) => JSON.parse(Buffer.from(a.replace(/^Bearer /, "").split(".")[1], "base64url").toString()) as { sub: string; access: unknown[] });
    expect(hostile.seen[0].authorization).toBeUndefined();
    for (const c of claims) expect([c.sub, c.access]).toEqual(["", []]);
    expect(ts.requests().map((r) => [r.user ?? "anonymous", r.granted])).toEqual([["anonymous", []]]);
    expect(JSON.stringify(e)).not.toContain(bob.password);
  }, T);

  it("a challenge whose scope names another repository is refused without fetching a token", async () => {
    const client = new RegistryClient({ insecureRegistries: [victim.host, ts.host, hostile.host], credentials: new PerRegistry({ [hostile.host]: bob }), maxRetries: 0 });
    ts.reset();
    hostile.attack = (_req, res) => bearerChallenge(res, ts.realm, ts.service, "repository:private/app:pull");
    const e = await failure(client.headManifest(parseReference(`${hostile.host}/evil/app`), "1", { fallbackGet: false }));
    expect(e.code).toBe("invalid-response");
    expect(e.message).toContain('asked for a token for "repository:private/app:pull" while "repository:evil/app:pull" was requested');
    expect(ts.requests()).toHaveLength(0);
  }, T);
});

describe("realms, redirects and links on hosts the registry may not send us to", () => {
  let side: Awaited<ReturnType<typeof recorder>>;
  let sideAddress: string;
  beforeAll(async () => {
    hostile ??= await startHostileRegistry();
    sideAddress = await otherLoopback();
    side = await recorder(sideAddress);
  });
  afterAll(async () => side?.close());
  const client = (extra: string[] = [], creds: Record<string, Credential> = {}) =>
    new RegistryClient({ insecureRegistries: [hostile.host, ...extra], credentials: new PerRegistry(creds), maxRetries: 0, timeoutMs: 3_000 });
  const ref = (repo = "team/app") => parseReference(`${hostile.host}/${repo}`);

  it.each(["http://CANARY/token", "https://CANARY/token", "http://localhost:PORT/token", "http://[::ffff:127.0.0.1]:PORT/token", "http://2130706433:PORT/token"])(
    "token realm %s: refused by policy, canary untouched",
    async (realm) => {
      hostile.attack = (_req, res) => bearerChallenge(res, realm.replace("CANARY", canary.host).replace("PORT", String(canary.port)), "x", "repository:team/app:pull");
      const e = await failure(client([], { [hostile.host]: { username: "u", password: "planted-pw" } }).headManifest(ref(), "1", { fallbackGet: false }));
      expect(e.code).toBe("blocked-address");
      expect(e.message).toContain("refused by policy");
    },
  );

  it.each(["http://CANARY/blob", "https://CANARY/blob", "http://localhost:PORT/blob"])("redirect to %s: refused by policy, canary untouched", async (location) => {
    hostile.attack = (req, res) => {
      if (!req.headers.authorization) return bearerChallenge(res, `${hostile.url}/token`, "hostile", "repository:team/app:pull");
      res.writeHead(307, { Location: location.replace("CANARY", canary.host).replace("PORT", String(canary.port)), "Content-Length": "0" });
      res.end();
      return true;
    };
    hostile.attack = ((inner) => (req, res, url) => (url.pathname === "/token" ? sendJson(res, 200, { token: "hostile-token" }) : inner(req, res, url)))(hostile.attack);
    const e = await failure(client().fetchManifest(ref(), "1"));
    expect(e.code).toBe("blocked-address");
  });

  it("a redirect to a listed storage host carries no Authorization", async () => {
    side.seen.length = 0;
    hostile.attack = (req, res, url) => {
      if (url.pathname === "/token") return sendJson(res, 200, { token: "hostile-token" });
      if (!req.headers.authorization) return bearerChallenge(res, `${hostile.url}/token`, "hostile", "repository:team/app:pull");
      res.writeHead(307, { Location: `http://${side.host}/blob`, "Content-Length": "0" });
      res.end();
      return true;
    };
    await failure(client([side.host]).fetchManifest(ref(), "1")); // the recorder's body is no manifest
    expect(side.seen).toEqual([undefined]);
  });

  it("a Link rel=next to the canary is not followed", async () => {
    hostile.attack = (_req, res, url) => {
      if (!url.pathname.endsWith("/tags/list")) return false;
      return sendJson(res, 200, { name: "team/app", tags: ["1"] }, { Link: `<http://${canary.host}/v2/team/app/tags/list?last=1>; rel="next"` });
    };
    expect(await client().listTags(ref())).toEqual(["1"]);
  });

  it("credentials go to a realm on the registry's own host, never to another listed host", async () => {
    const creds = { [hostile.host]: { username: "hostile-user", password: "planted-pw-77" } };
    side.seen.length = 0;
    hostile.attack = (_req, res) => bearerChallenge(res, `http://${side.host}/token`, "x", "repository:team/app:pull");
    await failure(client([side.host], creds).headManifest(ref(), "1", { fallbackGet: false }));
    expect(side.seen.length).toBeGreaterThan(0);
    expect(side.seen.every((a) => a === undefined)).toBe(true);
    // Positive control: the registry's own host does get them (as docker sends them).
    hostile.seen.length = 0;
    hostile.attack = (req, res, url) => {
      if (url.pathname === "/token") return sendJson(res, 200, { token: "own-token" });
      return req.headers.authorization === "Bearer own-token" ? headOk(res) : bearerChallenge(res, `${hostile.url}/token`, "x", "repository:team/app:pull");
    };
    await client([side.host], creds).headManifest(ref(), "1");
    const tokenAsk = hostile.seen.find((s) => s.path.startsWith("/token"));
    expect(tokenAsk?.authorization).toBe(`Basic ${Buffer.from("hostile-user:planted-pw-77").toString("base64")}`);
  });

  it("a bad realm does not poison the registry: the next repository asks again and succeeds", async () => {
    hostile.attack = (req, res, url) => {
      if (url.pathname === "/token") return sendJson(res, 200, { token: "good-token" });
      if (url.pathname.startsWith("/v2/a/")) return bearerChallenge(res, `http://${canary.host}/token`, "x", "repository:a/app:pull");
      return req.headers.authorization === "Bearer good-token" ? headOk(res) : bearerChallenge(res, `${hostile.url}/token`, "x", "repository:b/app:pull");
    };
    const c = client();
    expect((await failure(c.headManifest(ref("a/app"), "1", { fallbackGet: false }))).code).toBe("blocked-address");
    expect((await c.headManifest(ref("b/app"), "1")).digest).toBe(DIGEST);
    expect((await failure(c.headManifest(ref("a/app"), "1", { fallbackGet: false }))).code).toBe("blocked-address");
    expect((await c.headManifest(ref("b/app"), "1")).digest).toBe(DIGEST);
  });

  it("endless pages stop at the page cap with a clear error", async () => {
    hostile.seen.length = 0;
    hostile.attack = (_req, res, url) => {
      const last = Number(url.searchParams.get("last") ?? "0");
      return sendJson(res, 200, { name: "team/app", tags: [`t${last + 1}`] }, { Link: `</v2/team/app/tags/list?n=1000&last=${last + 1}>; rel="next"` });
    };
    const e = await failure(client().listTags(ref()));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/lists more than 200 pages for tags of team\/app/);
    expect(hostile.seen).toHaveLength(200);
  });

  it("more tags than the listing cap: a clear error, not a silently cut list", async () => {
    hostile.attack = (_req, res, url) => (url.pathname.endsWith("/tags/list") ? sendJson(res, 200, { name: "team/app", tags: Array.from({ length: 10_001 }, (_, i) => `t${i}`) }) : false);
    const e = await failure(client().listTags(ref()));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/lists more than 10000 names for tags of team\/app/);
    expect(await client().listTags(ref(), { limit: 5 })).toEqual(["t0", "t1", "t2", "t3", "t4"]); // a caller-sized listing is cut
  });

  it("a registry message is stored without control characters, on one line, capped", async () => {
    const evil = `bad\r\nInjected: header\u001b[31m red \u0000nul\u202eevil ${"x".repeat(5000)}`;
    hostile.attack = (_req, res) => sendJson(res, 400, { errors: [{ code: "DENIED", message: evil }] });
    const e = await failure(client().listTags(ref()));
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(e.message).toContain("bad Injected: header[31m red nulevil");
    expect(e.message.length).toBeLessThanOrEqual(1000);
    // The same text from the token server (another path to the message).
    hostile.attack = (_req, res, url) =>
      url.pathname === "/token" ? sendJson(res, 401, { errors: [{ code: "DENIED", message: evil }] }) : bearerChallenge(res, `${hostile.url}/token`, "x", "repository:team/app:pull");
    const t = await failure(client().headManifest(ref(), "1", { fallbackGet: false }));
    expect(t.code).toBe("unauthorized");
    expect(t.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(t.message).toContain("bad Injected: header[31m red nulevil");
  });
});

describe("the socket goes to the address that was checked", () => {
  it("DNS answering one address to the check and the canary's to the socket (rebinding) reaches only the checked one", async (ctx) => {
    // Same port, two loopback addresses: the canary on 127.0.0.1:P (what the system resolver says
    // "localhost" is), a registry on 127.0.0.2:P (what the policy's resolver answered). Tests talk
    // to loopback only, so the judged address is a listed loopback one rather than a public one;
    // the mechanism (the socket's lookup answers the judged address) is the same.
    const other = await otherLoopback();
    if (other === "127.0.0.1") return ctx.skip("no second loopback address (127.0.0.2) on this system");
    const good = await startHostileRegistry(other, canary.port).catch(() => null);
    if (!good) return ctx.skip(`port ${canary.port} is taken on ${other}`);
    try {
      good.attack = (_req, res) => headOk(res);
      const c = new RegistryClient({ insecureRegistries: [`localhost:${canary.port}`], lookup: async () => [other], maxRetries: 0, timeoutMs: 3_000, credentials: new PerRegistry({}) });
      expect((await c.headManifest(parseReference(`localhost:${canary.port}/team/app`), "1", { fallbackGet: false })).digest).toBe(DIGEST);
      expect(good.seen).toHaveLength(1);
    } finally {
      await good.stop();
    }
  });

  it("connect errors on non-public addresses say only 'refused by policy' (no port-scanner oracle)", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedHost = `127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const resetting = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => resetting.listen(0, "127.0.0.1", r));
    const resetHost = `127.0.0.1:${(resetting.address() as AddressInfo).port}`;
    try {
      const msg = async (host: string) => {
        const c = new RegistryClient({ insecureRegistries: [host], maxRetries: 0, credentials: new PerRegistry({}) });
        const e = await failure(c.headManifest(parseReference(`${host}/team/app`), "1", { fallbackGet: false }));
        return [e.code, e.message.replace(host, "HOST")];
      };
      const a = await msg(closedHost);
      const b = await msg(resetHost);
      expect(a).toEqual(["registry-unavailable", 'could not reach registry HOST for "team/app:1" (refused by policy)']);
      expect(b).toEqual(a);
    } finally {
      await new Promise<void>((r) => resetting.close(() => r()));
    }
  });
});
