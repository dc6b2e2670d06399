// TokenSource.fetchToken against a token endpoint on 127.0.0.1 (node:http, no registry binary, so
// mutation runs can afford it): what is sent (query or refresh-token form, Basic only where
// allowed), what each failure is called, caching, sharing and forgetting. The real-registry flow
// is auth-flow.test.ts and client-auth.integration.test.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AddressPolicy } from "./address";
import { TokenSource } from "./auth";
import type { Credential } from "./credentials";
import { RegistryError } from "./errors";
import { serve, type TestServer } from "../../test/support/http-server";

type Reply = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let reply: Reply;
const bodies: string[] = [];
let ts: TestServer;
let other: TestServer;
const ok: Reply = (_q, res) => res.end(JSON.stringify({ token: "tok-1", expires_in: 300 }));

beforeAll(async () => {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const c of req) body += c;
    bodies.push(body);
    reply(req, res, body);
  };
  ts = await serve(handler);
  other = await serve(handler);
});
afterAll(async () => {
  await ts?.close();
  await other?.close();
});
beforeEach(() => {
  reply = ok;
  ts.hits.length = 0;
  other.hits.length = 0;
  bodies.length = 0;
});

function source(cred?: Credential, timeoutMs = 5000, listed: string[] = []) {
  return new TokenSource({ policy: new AddressPolicy([ts.host, ...listed]), credentials: { get: async () => cred }, timeoutMs });
}
const ch = () => ({ realm: `${ts.base}/token`, service: "svc" });
async function failure(p: Promise<unknown>): Promise<RegistryError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(RegistryError);
  return e as RegistryError;
}

describe("what is sent", () => {
  it("anonymous: GET with service and scope, no Authorization; cached afterwards", async () => {
    const s = source();
    expect(await s.token(ts.host, ch(), "repository:a:pull")).toBe("tok-1");
    expect(await s.token(ts.host, ch(), "repository:a:pull")).toBe("tok-1");
    expect(s.fetches).toBe(1);
    expect(ts.hits).toHaveLength(1);
    expect(ts.hits[0]).toMatchObject({ method: "GET", url: "/token?service=svc&scope=repository%3Aa%3Apull", authorization: undefined, accept: "application/json" });
  });

  it("no service and no scope: a bare realm", async () => {
    await source().token(ts.host, { realm: `${ts.base}/token` }, undefined);
    expect(ts.hits[0].url).toBe("/token");
  });

  it("username and password: Basic to the registry's own host, with account", async () => {
    await source({ username: "alice", password: "pw" }).token(ts.host, ch(), "repository:a:pull");
    expect(ts.hits[0].authorization).toBe(`Basic ${Buffer.from("alice:pw").toString("base64")}`);
    expect(ts.hits[0].url).toBe("/token?service=svc&scope=repository%3Aa%3Apull&account=alice");
  });

  it("an identity token: POST of a refresh_token form", async () => {
    await source({ identityToken: "refresh-me" }).token(ts.host, ch(), "repository:a:pull");
    expect(ts.hits[0]).toMatchObject({ method: "POST", url: "/token", authorization: undefined });
    expect(Object.fromEntries(new URLSearchParams(bodies[0]))).toEqual({ grant_type: "refresh_token", refresh_token: "refresh-me", client_id: "archgrid", service: "svc", scope: "repository:a:pull" });
    await source({ identityToken: "r2" }).token(ts.host, { realm: `${ts.base}/token` }, undefined);
    expect(Object.fromEntries(new URLSearchParams(bodies[1]))).toEqual({ grant_type: "refresh_token", refresh_token: "r2", client_id: "archgrid" });
  });

  it("credentials go to another port of the registry's own host, never to another listed private host", async () => {
    // Same hostname, another port (a token server beside the registry): the registry's own host.
    await source({ username: "alice", password: "pw" }, 5000, [other.host]).token(ts.host, { realm: `${other.base}/token` }, undefined);
    expect(other.hits[0].authorization).toMatch(/^Basic /);
    // Registry "localhost:port", realm on 127.0.0.1 (listed): another host, private, so anonymous.
    const reg = `localhost:${ts.host.split(":")[1]}`;
    const s = new TokenSource({ policy: new AddressPolicy([reg, other.host]), credentials: { get: async () => ({ username: "alice", password: "pw" }) }, timeoutMs: 5000 });
    await s.token(reg, { realm: `${other.base}/token`, service: "svc" }, undefined);
    expect(other.hits[1]).toMatchObject({ method: "GET", url: "/token?service=svc", authorization: undefined });
    reply = (_q, res) => ((res.statusCode = 401), res.end());
    const e = await failure(s.token(reg, { realm: `${other.base}/token2` }, undefined));
    expect(e.message).toBe(`token server ${other.host} refused an anonymous token for registry ${reg}`);
  });

  it("concurrent requests for one key share one fetch; forget drops only the refused token", async () => {
    let n = 0;
    reply = (_q, res) => setTimeout(() => res.end(JSON.stringify({ token: `tok-${++n}` })), 50);
    const s = source();
    const got = await Promise.all([s.token(ts.host, ch(), "x"), s.token(ts.host, ch(), "x"), s.token(ts.host, ch(), "x")]);
    expect([got, s.fetches]).toEqual([["tok-1", "tok-1", "tok-1"], 1]);
    await s.forget(ts.host, ch(), "x", "stale");
    expect(await s.token(ts.host, ch(), "x")).toBe("tok-1");
    await s.forget(ts.host, ch(), "x", "tok-1");
    expect(await s.token(ts.host, ch(), "x")).toBe("tok-2");
    expect(s.fetches).toBe(2);
  });
});

describe("what each failure is called", () => {
  const status = (code: number, body = "") => (reply = (_q, res) => ((res.statusCode = code), res.end(body)));

  it("401/403 name whose token was refused and what the server said", async () => {
    status(401, JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad password" }] }));
    const e = await failure(source({ username: "u", password: "p" }).token(ts.host, ch(), undefined));
    expect([e.code, e.status, e.registryCode, e.message]).toEqual(["unauthorized", 401, "UNAUTHORIZED", `token server ${ts.host} refused the configured credentials for registry ${ts.host}: bad password`]);
    status(403);
    const f = await failure(source().token(ts.host, ch(), undefined));
    expect([f.code, f.status, f.message]).toEqual(["unauthorized", 403, `token server ${ts.host} refused an anonymous token for registry ${ts.host}`]);
  });

  it("429, 408/5xx, and any other status", async () => {
    status(429);
    const a = await failure(source().token(ts.host, ch(), undefined));
    expect([a.code, a.status, a.message]).toEqual(["rate-limited", 429, `token server ${ts.host} is rate limiting requests for registry ${ts.host}`]);
    for (const code of [408, 500, 503]) {
      status(code);
      const b = await failure(source().token(ts.host, ch(), undefined));
      expect([b.code, b.status, b.message]).toEqual(["registry-unavailable", code, `token server ${ts.host} failed (HTTP ${code}) for registry ${ts.host}`]);
    }
    for (const code of [404, 302, 499]) {
      status(code);
      const c = await failure(source().token(ts.host, ch(), undefined));
      expect([c.code, c.status, c.message]).toEqual(["invalid-response", code, `token server ${ts.host} answered HTTP ${code} for registry ${ts.host}`]);
    }
  });

  it("an answer without a token, and one over 1 MiB", async () => {
    status(200, JSON.stringify({ expires_in: 60 }));
    const a = await failure(source().token(ts.host, ch(), undefined));
    expect([a.code, a.message]).toEqual(["invalid-response", `token server ${ts.host} answered without a token for registry ${ts.host}`]);
    status(200, JSON.stringify({ token: "x".repeat(1024 * 1024) }));
    const b = await failure(source().token(ts.host, ch(), undefined));
    expect([b.code, b.message]).toEqual(["too-large", `token server ${ts.host} sent an answer over 1048576 bytes`]);
  });

  it("a server that never answers times out; a closed port cannot be reached", async () => {
    reply = () => undefined;
    const a = await failure(source(undefined, 200).token(ts.host, ch(), undefined));
    expect([a.code, a.message]).toEqual(["timeout", `token server ${ts.host} did not answer within 200 ms`]);
    const closed = await serve(() => undefined);
    await closed.close();
    const b = await failure(source(undefined, 5000, [closed.host]).token(ts.host, { realm: `${closed.base}/token` }, undefined));
    expect([b.code, b.message]).toEqual(["registry-unavailable", `could not reach token server ${closed.host} for registry ${ts.host} (refused by policy)`]);
  });

  it("a realm that is not an http(s) URL, or carries user info, is refused before any request", async () => {
    const s = source();
    for (const [realm, why] of [
      ["not a url", "names a token realm that is not a URL"],
      [`ftp://${ts.host}/token`, "names a token realm that is not http(s)"],
      [`http://u:p@${ts.host}/token`, "names a token realm with user info"],
    ]) {
      const e = await failure(s.token(ts.host, { realm }, undefined));
      expect([e.code, e.message]).toEqual(["invalid-response", `registry ${ts.host} ${why}`]);
    }
    expect([s.fetches, ts.hits.length]).toEqual([0, 0]);
  });
});
