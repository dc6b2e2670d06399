// auth.ts's pure parts, edges the first suite left open: WWW-Authenticate quoting, escapes and
// separators, Basic headers, what a token cache key is made of, scope resources, token answers.
import { describe, expect, it } from "vitest";
import { TokenCache, basicHeader, credentialIdentity, parseTokenResponse, parseWwwAuthenticate, pickChallenge, scopeProblem } from "./auth";

describe("parseWwwAuthenticate", () => {
  it("quoted values with escapes and commas, unquoted values trimmed, stray separators skipped", () => {
    expect(parseWwwAuthenticate('Bearer realm="a\\"b,c",scope=x y , service = s ,')).toEqual([{ scheme: "bearer", params: { realm: 'a"b,c', scope: "x y", service: "s" } }]);
    expect(parseWwwAuthenticate(',, Basic realm="r", Bearer realm="t"')).toEqual([
      { scheme: "basic", params: { realm: "r" } },
      { scheme: "bearer", params: { realm: "t" } },
    ]);
    expect(parseWwwAuthenticate('Bearer realm="a\\')).toEqual([{ scheme: "bearer", params: { realm: "a\\" } }]);
    expect(parseWwwAuthenticate('Bearer realm="abc')).toEqual([{ scheme: "bearer", params: { realm: "abc" } }]);
    expect(parseWwwAuthenticate("Bearer realm=x")).toEqual([{ scheme: "bearer", params: { realm: "x" } }]);
    expect(parseWwwAuthenticate("=x, Bearer")).toEqual([
      { scheme: "x", params: {} },
      { scheme: "bearer", params: {} },
    ]);
    expect(parseWwwAuthenticate("realm=x")).toEqual([]);
    expect(parseWwwAuthenticate("   ")).toEqual([]);
  });
  it("pickChallenge: Basic only when some challenge is Basic", () => {
    expect(pickChallenge("Negotiate, Basic")).toEqual({ scheme: "basic" });
    expect(pickChallenge("Negotiate")).toBe(null);
  });
});

describe("basicHeader and credentialIdentity", () => {
  it("Basic needs both a username and a password (either may be empty)", () => {
    expect(basicHeader({ username: "u", password: "p" })).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    expect(basicHeader({ username: "", password: "" })).toBe(`Basic ${Buffer.from(":").toString("base64")}`);
    expect(basicHeader({ username: "u" })).toBe(undefined);
    expect(basicHeader({ password: "p" })).toBe(undefined);
    expect(basicHeader({ identityToken: "t" })).toBe(undefined);
  });
  it("the identity is a hash of all three parts, never one of them", () => {
    const ids = [{}, { username: "u" }, { password: "u" }, { identityToken: "u" }, { username: "u", password: "" }].map(credentialIdentity);
    expect(new Set(ids).size).toBe(4); // {username:"u"} and {username:"u",password:""} are the same credential
    expect(ids[1]).toBe(ids[4]);
    expect(credentialIdentity({})).toBe(credentialIdentity({ username: "", password: "", identityToken: "" }));
    expect(credentialIdentity({})).toMatch(/^cred:[0-9a-f]{16}$/);
    expect(credentialIdentity(undefined)).toBe("anonymous");
  });
  it("is hashed once per credential object, yet follows a change to it", () => {
    const c: { username: string; password: string } = { username: "u", password: "one" };
    const first = credentialIdentity(c);
    expect(credentialIdentity(c)).toBe(first);
    c.password = "two";
    expect(credentialIdentity(c)).not.toBe(first);
    expect(credentialIdentity(c)).toBe(credentialIdentity({ username: "u", password: "two" }));
  });
});

describe("TokenCache", () => {
  const k = { registry: "R.example", identity: "anonymous", realm: "https://a/t" };
  it("keys by registry (any case), identity, realm, service and scope; absent equals empty", () => {
    expect(TokenCache.key(k)).toBe(TokenCache.key({ ...k, registry: "r.example", service: "", scope: "" }));
    expect(TokenCache.key(k)).toBe(JSON.stringify(["r.example", "anonymous", "https://a/t", "", ""]));
    const c = new TokenCache(() => 0);
    c.set(k, "t", 60);
    expect(c.get({ ...k, registry: "r.EXAMPLE" })).toBe("t");
    c.delete({ ...k, registry: "r.example" });
    expect(c.get(k)).toBe(undefined);
    c.deleteIfSame({ ...k, scope: "none" }, "t"); // nothing cached there: no error
  });
});

describe("scopeProblem", () => {
  it("compares resources (type:name) whatever the actions; a scope without actions is its own resource", () => {
    expect(scopeProblem("repository:a:pull,push", "repository:a:pull")).toBe(null);
    expect(scopeProblem("repository:a:pull", "repository:b:pull")).toBe('the registry asked for a token for "repository:a:pull" while "repository:b:pull" was requested');
    expect(scopeProblem("repository:a:pull   repository:b:pull", "repository:a:pull  repository:b:pull")).toBe(null);
    expect(scopeProblem("x", "x")).toBe(null);
    expect(scopeProblem("x", "x:pull")).toBe('the registry asked for a token for "x" while "x:pull" was requested');
    expect(scopeProblem("registry:catalog:*", undefined)).toBe('the registry asked for a token for "registry:catalog:*" while "nothing" was requested');
    expect(scopeProblem(`repository:${"n".repeat(300)}:pull`, "")).toBe(`the registry asked for a token for "${`repository:${"n".repeat(300)}:pull`.slice(0, 200)}" while "" was requested`);
    // One colon only: the scope is its own resource ("a:" is not "a").
    expect(scopeProblem(":a", ":a")).toBe(null);
    expect(scopeProblem("a:pull", "a:")).toBe('the registry asked for a token for "a:pull" while "a:" was requested');
  });
});

describe("parseTokenResponse", () => {
  it("token, else access_token; expires_in when a positive finite number, else 60", () => {
    expect(parseTokenResponse('{"token":"t","access_token":"a","expires_in":30}')).toEqual({ token: "t", expiresIn: 30 });
    expect(parseTokenResponse('{"token":"","access_token":"a"}')).toEqual({ token: "a", expiresIn: 60 });
    expect(parseTokenResponse('{"token":5,"access_token":"a","expires_in":"30"}')).toEqual({ token: "a", expiresIn: 60 });
    expect(parseTokenResponse('{"token":"t","expires_in":0}')).toEqual({ token: "t", expiresIn: 60 });
    expect(parseTokenResponse('{"token":"t","expires_in":-5}')).toEqual({ token: "t", expiresIn: 60 });
    for (const t of ['{"access_token":""}', '{"access_token":5}', "{}", "null", "5", '"t"', "not json"]) expect(parseTokenResponse(t)).toBe(null);
  });
});
