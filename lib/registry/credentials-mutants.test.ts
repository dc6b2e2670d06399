// credentials.ts edges the first suite left open: what a credential helper's answer must hold
// (real helper scripts on PATH), which config.json entries count, the order of sources, the
// per-registry cache, and where config.json is looked for by default.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DockerConfigCredentials, normalizeAuthKey, runCredentialHelper, type HelperRunner } from "./credentials";

let dir: string;
const oldPath = process.env.PATH;
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** A helper named docker-credential-<name> that prints `out` and exits with `code` when called as `get`. */
async function helper(name: string, out: string, code = 0): Promise<void> {
  const file = join(dir, "bin", `docker-credential-${name}`);
  await writeFile(file, `#!/bin/sh\n[ "$1" = "get" ] || exit 3\ncat >/dev/null\nprintf '%s' '${out}'\nexit ${code}\n`);
  await chmod(file, 0o755);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "archgrid-creds-m-"));
  await mkdir(join(dir, "bin"));
  process.env.PATH = `${join(dir, "bin")}:${oldPath}`;
  await helper("ok", '{"Username":"u","Secret":"s"}');
  await helper("nouser", '{"Secret":"s"}');
  await helper("numuser", '{"Username":5,"Secret":"s"}');
  await helper("nosecret", '{"Username":"u"}');
  await helper("emptysecret", '{"Username":"u","Secret":""}');
  await helper("numsecret", '{"Username":"u","Secret":5}');
  await helper("fails", '{"Username":"u","Secret":"s"}', 1);
  await helper("garbage", "not json");
  await helper("huge", `{"Username":"u","Secret":"${"x".repeat(70_000)}"}`);
  await helper("bad name", '{"Username":"u","Secret":"s"}');
});
afterAll(async () => {
  process.env.PATH = oldPath;
  await rm(dir, { recursive: true, force: true });
});

describe("runCredentialHelper", () => {
  it("reads Username and Secret from `get`", async () => {
    expect(await runCredentialHelper("ok", "r.example")).toStrictEqual({ username: "u", password: "s" });
    expect(await runCredentialHelper("nouser", "r.example")).toStrictEqual({ username: "", password: "s" });
    expect(await runCredentialHelper("numuser", "r.example")).toStrictEqual({ username: "", password: "s" });
  });
  it("no secret, a failing helper, garbage, an answer over 64 KiB or an unsafe name: anonymous", async () => {
    for (const name of ["nosecret", "emptysecret", "numsecret", "fails", "garbage", "huge", "bad name", "missing"]) {
      expect([name, await runCredentialHelper(name, "r.example")]).toEqual([name, undefined]);
    }
  });
});

describe("config.json entries", () => {
  async function creds(cfg: unknown, runHelper?: HelperRunner): Promise<DockerConfigCredentials> {
    const d = await mkdtemp(join(dir, "cfg-"));
    await writeFile(join(d, "config.json"), JSON.stringify(cfg));
    return new DockerConfigCredentials(d, runHelper);
  }
  const calls: string[][] = [];
  const recorder: HelperRunner = async (h, url) => {
    calls.push([h, url]);
    return { username: `from-${h}`, password: "p" };
  };

  it("identitytoken first, then auth with a name before its colon, then username and password", async () => {
    const one = async (entry: unknown) => (await creds({ auths: { "r.example": entry } })).get("r.example");
    expect(await one({ identitytoken: "t", auth: b64("a:b") })).toStrictEqual({ identityToken: "t" });
    expect(await one({ identitytoken: "", auth: b64("a:b") })).toStrictEqual({ username: "a", password: "b" });
    expect(await one({ identitytoken: 5, username: "a", password: "b" })).toStrictEqual({ username: "a", password: "b" });
    expect(await one({ auth: 5, username: "a", password: "b" })).toStrictEqual({ username: "a", password: "b" });
    expect(await one({ auth: b64(":pw") })).toBe(undefined);
    expect(await one({ auth: b64("nocolon") })).toBe(undefined);
    expect(await one({ auth: b64("a:b:c") })).toStrictEqual({ username: "a", password: "b:c" });
    expect(await one({ username: "", password: "p" })).toBe(undefined);
    expect(await one({ username: "u" })).toBe(undefined);
    expect(await one({ password: "p" })).toBe(undefined);
    expect(await one("a string")).toBe(undefined);
  });

  it("an entry without credentials does not hide a later key for the same registry", async () => {
    const c = await creds({ auths: { "r.example": {}, "https://r.example/v2/": { auth: b64("a:b") } } });
    expect(await c.get("r.example")).toStrictEqual({ username: "a", password: "b" });
  });

  it("credHelpers only for their registry and only as a name; credsStore only when set", async () => {
    calls.length = 0;
    const c = await creds({ credHelpers: { "other.example": "x", "r.example": 5 }, auths: { "r.example": { auth: b64("a:b") } }, credsStore: "" }, recorder);
    expect(await c.get("r.example")).toStrictEqual({ username: "a", password: "b" });
    expect(await c.get("none.example")).toBe(undefined);
    expect(calls).toEqual([]);
    const s = await creds({ credsStore: 5 }, recorder);
    expect(await s.get("r.example")).toBe(undefined);
    expect(calls).toEqual([]);
    const h = await creds({ credHelpers: { "r.example": "x" }, credsStore: "store" }, recorder);
    expect(await h.get("r.example")).toStrictEqual({ username: "from-x", password: "p" });
    expect(await h.get("q.example")).toStrictEqual({ username: "from-store", password: "p" });
    expect(calls).toEqual([["x", "r.example"], ["store", "q.example"]]);
  });

  it("asks once per registry", async () => {
    calls.length = 0;
    const c = await creds({ credsStore: "store" }, recorder);
    await c.get("r.example");
    await c.get("R.example");
    await c.get("https://r.example/v2/");
    expect(calls).toEqual([["store", "r.example"]]);
  });

  it("by default reads $DOCKER_CONFIG", async () => {
    // (~/.docker, the fallback, is not tested: os.homedir() ignores a changed HOME inside the
    // worker threads Stryker's runner uses.)
    const d = await mkdtemp(join(dir, "dc-"));
    await writeFile(join(d, "config.json"), JSON.stringify({ auths: { "r.example": { auth: b64("h:1") } } }));
    const saved = process.env.DOCKER_CONFIG;
    try {
      process.env.DOCKER_CONFIG = d;
      expect(await new DockerConfigCredentials().get("r.example")).toStrictEqual({ username: "h", password: "1" });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = saved;
    }
  });
});

describe("normalizeAuthKey", () => {
  it("trims, strips a scheme only at the start, keeps the host", () => {
    expect(normalizeAuthKey(" ghcr.io ")).toBe("ghcr.io");
    expect(normalizeAuthKey("1http://ghcr.io")).toBe("1http:");
    expect(normalizeAuthKey("HTTPS://Ghcr.io/v2/")).toBe("ghcr.io");
  });
});
