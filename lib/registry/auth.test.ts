import { describe, expect, it } from "vitest";
import { TokenCache, credentialIdentity, parseTokenResponse, parseWwwAuthenticate, pickChallenge, scopeProblem } from "./auth";

describe("parseWwwAuthenticate", () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
      [{ scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/ubuntu:pull" } }],
    ],
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/a:pull,push"',
      [{ scheme: "bearer", params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:o/a:pull,push" } }],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: "basic", params: { realm: "Registry Realm" } }]],
    ["basic realm=private", [{ scheme: "basic", params: { realm: "private" } }]],
    ['BEARER Realm = "https://x/t" , Service=x', [{ scheme: "bearer", params: { realm: "https://x/t", service: "x" } }]],
    ['Bearer realm="a\\"b"', [{ scheme: "bearer", params: { realm: 'a"b' } }]],
    [
      'Basic realm="r", Bearer realm="https://t/token",service="s"',
      [
        { scheme: "basic", params: { realm: "r" } },
        { scheme: "bearer", params: { realm: "https://t/token", service: "s" } },
      ],
    ],
    ["", []],
  ])("%s", (header, want) => expect(parseWwwAuthenticate(header)).toEqual(want));
});

describe("pickChallenge", () => {
  it.each([
    ['Bearer realm="https://t",service="s",scope="repository:a:pull"', { scheme: "bearer", realm: "https://t", service: "s", scope: "repository:a:pull" }],
    ['Basic realm="r", Bearer realm="https://t"', { scheme: "bearer", realm: "https://t", service: undefined, scope: undefined }],
    ['Basic realm="r"', { scheme: "basic" }],
    ["Bearer service=s", null],
    ["Negotiate", null],
    [null, null],
  ])("%s", (header, want) => expect(pickChallenge(header)).toEqual(want));
});

describe("parseTokenResponse", () => {
  it.each([
    ['{"token":"t1","expires_in":300}', { token: "t1", expiresIn: 300 }],
    ['{"access_token":"t2"}', { token: "t2", expiresIn: 60 }],
    ['{"token":"","access_token":"t3","expires_in":0}', { token: "t3", expiresIn: 60 }],
    ['{"expires_in":60}', null],
    ["not json", null],
  ])("%s", (body, want) => expect(parseTokenResponse(body)).toEqual(want));
});

const k = (realm: string, service: string | undefined, scope: string | undefined, registry = "reg.example", identity = "anonymous") => ({ registry, identity, realm, service, scope });

describe("TokenCache", () => {
  it("keys by registry+identity+realm+service+scope and expires 10 s early", () => {
    let now = 1_000_000;
    const c = new TokenCache(() => now);
    c.set(k("https://r", "s", "repository:a:pull"), "A", 60);
    expect(c.get(k("https://r", "s", "repository:a:pull"))).toBe("A");
    expect(c.get(k("https://r", "s", "repository:b:pull"))).toBeUndefined();
    expect(c.get(k("https://r", "other", "repository:a:pull"))).toBeUndefined();
    // Same realm, service and scope named by another registry, or asked with another credential: not the same token.
    expect(c.get(k("https://r", "s", "repository:a:pull", "evil.example"))).toBeUndefined();
    expect(c.get(k("https://r", "s", "repository:a:pull", "reg.example", "cred:1234"))).toBeUndefined();
    now += 49_000;
    expect(c.get(k("https://r", "s", "repository:a:pull"))).toBe("A");
    now += 1_000;
    expect(c.get(k("https://r", "s", "repository:a:pull"))).toBeUndefined();
  });
  it("a token shorter-lived than the margin is never served from cache", () => {
    const c = new TokenCache(() => 0);
    c.set(k("r", undefined, undefined), "short", 5);
    expect(c.get(k("r", undefined, undefined))).toBeUndefined();
  });
});

describe("TokenCache.deleteIfSame", () => {
  it("keeps a fresher token cached by a concurrent request", () => {
    const c = new TokenCache(() => 0);
    c.set(k("r", "s", "x"), "new", 300);
    c.deleteIfSame(k("r", "s", "x"), "old");
    expect(c.get(k("r", "s", "x"))).toBe("new");
    c.deleteIfSame(k("r", "s", "x"), "new");
    expect(c.get(k("r", "s", "x"))).toBeUndefined();
  });
});

describe("credentialIdentity", () => {
  it("names a credential without containing it", () => {
    const id = credentialIdentity({ username: "alice", password: "hunter2-secret" });
    expect(id).toMatch(/^cred:[0-9a-f]{16}$/);
    expect(id).not.toContain("hunter2");
    expect(credentialIdentity({ username: "alice", password: "other" })).not.toBe(id);
    expect(credentialIdentity(undefined)).toBe("anonymous");
  });
});

describe("scopeProblem", () => {
  it.each([
    [undefined, "repository:team/app:pull", null],
    ["repository:team/app:pull", "repository:team/app:pull", null],
    ["repository:team/app:pull,push", "repository:team/app:pull", null],
    ["repository:other/app:pull", "repository:team/app:pull", "other/app"],
    ["repository:team/app:pull repository:victim/secret:pull", "repository:team/app:pull", "victim/secret"],
    ["registry:catalog:*", "repository:team/app:pull", "registry:catalog"],
    ["repository:team/app:pull", "registry:catalog:*", "team/app"],
    ["registry:catalog:*", "registry:catalog:*", null],
  ])("challenge %s for %s", (challenge, wanted, bad) => {
    const p = scopeProblem(challenge, wanted);
    if (bad === null) expect(p).toBeNull();
    else expect(p).toContain(bad);
  });
});
