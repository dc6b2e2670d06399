// Sessions: the cookie key comes from the admin token (no new variable), a cookie sealed under
// another key or edited opens nothing, and the bearer scheme is case-insensitive.
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "../env";
import { SESSION_COOKIE, bearerToken, sealSession, sessionPassword, viewerOf } from "./session";
import { mayWrite } from "./oidc";

function withEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}
afterEach(() => withEnv({ ARCHGRID_ADMIN_TOKEN: undefined, ARCHGRID_OIDC_ISSUER: undefined, ARCHGRID_OIDC_CLIENT_ID: undefined, ARCHGRID_OIDC_CLIENT_SECRET: undefined }));

const cookie = (v: string) => new Headers({ cookie: `other=1; ${SESSION_COOKIE}=${v}` });

describe("session cookie", () => {
  it("needs a configured secret, and derives a different key from each", () => {
    expect(sessionPassword()).toBeNull();
    withEnv({ ARCHGRID_ADMIN_TOKEN: "token-a" });
    const a = sessionPassword();
    withEnv({ ARCHGRID_ADMIN_TOKEN: "token-b" });
    expect(a).not.toBeNull();
    expect((a as string).length).toBeGreaterThanOrEqual(32);
    expect(sessionPassword()).not.toBe(a);
    expect(a).not.toContain("token-a");
  });

  it("round-trips a viewer, and opens nothing once the token changes or the seal is edited", async () => {
    withEnv({ ARCHGRID_ADMIN_TOKEN: "token-a" });
    const seal = await sealSession({ name: "admin token", canWrite: true, via: "token" });
    expect(await viewerOf(cookie(seal))).toEqual({ name: "admin token", canWrite: true, via: "token" });
    const edited = seal.slice(0, 40) + (seal[40] === "A" ? "B" : "A") + seal.slice(41);
    expect(await viewerOf(cookie(edited))).toBeNull();
    expect(await viewerOf(cookie("garbage"))).toBeNull();
    withEnv({ ARCHGRID_ADMIN_TOKEN: "token-b" });
    expect(await viewerOf(cookie(seal))).toBeNull();
  });

  it("works with single sign-on alone (key from the client secret)", async () => {
    withEnv({ ARCHGRID_OIDC_ISSUER: "https://idp.example.org", ARCHGRID_OIDC_CLIENT_ID: "c", ARCHGRID_OIDC_CLIENT_SECRET: "s".repeat(20) });
    const seal = await sealSession({ name: "bob@example.org", canWrite: false, via: "oidc" });
    expect(await viewerOf(cookie(seal))).toMatchObject({ canWrite: false });
  });
});

describe("bearer tokens", () => {
  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["BEARER\tabc ", "abc"],
    ["Basic abc", null],
    ["Bearer", null],
    ["Bearer a b", null],
    ["abc", null],
  ])("%j -> %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it("a wrong bearer token is reported, not treated as anonymous", async () => {
    withEnv({ ARCHGRID_ADMIN_TOKEN: "right" });
    expect(await viewerOf(new Headers({ authorization: "Bearer wrong" }))).toBe("bad-token");
    expect(await viewerOf(new Headers({ authorization: "bearer right" }))).toMatchObject({ canWrite: true, via: "bearer" });
  });
});

describe("OIDC writers allow-list", () => {
  it.each([
    [[], "a@x.org", [], true],
    [["a@x.org"], "A@X.org", [], true],
    [["admins"], "a@x.org", ["Admins"], true],
    [["admins"], "a@x.org", ["staff"], false],
    [["admins"], undefined, [], false],
    [["a@x.org"], "a@x.org.evil", [], false],
  ] as const)("writers %j, email %j, groups %j -> %j", (writers, email, groups, ok) => {
    expect(mayWrite(email, [...groups], [...writers])).toBe(ok);
  });
});
