import { describe, expect, it } from "vitest";
import { TokenCache, parseTokenResponse, parseWwwAuthenticate, pickChallenge } from "./auth";

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

describe("TokenCache", () => {
  it("keys by realm+service+scope and expires 10 s early", () => {
    let now = 1_000_000;
    const c = new TokenCache(() => now);
    c.set("https://r", "s", "repository:a:pull", "A", 60);
    expect(c.get("https://r", "s", "repository:a:pull")).toBe("A");
    expect(c.get("https://r", "s", "repository:b:pull")).toBeUndefined();
    expect(c.get("https://r", "other", "repository:a:pull")).toBeUndefined();
    now += 49_000;
    expect(c.get("https://r", "s", "repository:a:pull")).toBe("A");
    now += 1_000;
    expect(c.get("https://r", "s", "repository:a:pull")).toBeUndefined();
  });
  it("a token shorter-lived than the margin is never served from cache", () => {
    const c = new TokenCache(() => 0);
    c.set("r", undefined, undefined, "short", 5);
    expect(c.get("r", undefined, undefined)).toBeUndefined();
  });
});

describe("TokenCache.deleteIfSame", () => {
  it("keeps a fresher token cached by a concurrent request", () => {
    const c = new TokenCache(() => 0);
    c.set("r", "s", "x", "new", 300);
    c.deleteIfSame("r", "s", "x", "old");
    expect(c.get("r", "s", "x")).toBe("new");
    c.deleteIfSame("r", "s", "x", "new");
    expect(c.get("r", "s", "x")).toBeUndefined();
  });
});
