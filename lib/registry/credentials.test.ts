import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DockerConfigCredentials, helperServerUrl, normalizeAuthKey, runCredentialHelper } from "./credentials";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("normalizeAuthKey", () => {
  it.each([
    ["https://index.docker.io/v1/", "docker.io"],
    ["index.docker.io", "docker.io"],
    ["registry-1.docker.io", "docker.io"],
    ["docker.io", "docker.io"],
    ["http://localhost:5000", "localhost:5000"],
    ["ghcr.io/v2/", "ghcr.io"],
    ["Quay.IO", "quay.io"],
  ])("%s -> %s", (k, want) => expect(normalizeAuthKey(k)).toBe(want));
  it("helper server URL", () => {
    expect(helperServerUrl("docker.io")).toBe("https://index.docker.io/v1/");
    expect(helperServerUrl("ghcr.io")).toBe("ghcr.io");
  });
});

describe("DockerConfigCredentials", () => {
  let dir: string;
  let bin: string;
  const oldPath = process.env.PATH;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "archgrid-creds-"));
    bin = join(dir, "bin");
    await mkdir(bin);
    // A credential helper that answers for ghcr.io and "not found" for anything else.
    const helper = `#!/bin/sh
read url
case "$url" in
  ghcr.io) echo '{"ServerURL":"ghcr.io","Username":"hu","Secret":"hs"}' ;;
  https://index.docker.io/v1/) echo '{"Username":"<token>","Secret":"refresh"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;
    await writeFile(join(bin, "docker-credential-archgridtest"), helper);
    await chmod(join(bin, "docker-credential-archgridtest"), 0o755);
    process.env.PATH = `${bin}:${oldPath}`;
  });
  afterAll(async () => {
    process.env.PATH = oldPath;
    await rm(dir, { recursive: true, force: true });
  });

  async function withConfig(cfg: unknown): Promise<DockerConfigCredentials> {
    const d = await mkdtemp(join(dir, "cfg-"));
    await writeFile(join(d, "config.json"), typeof cfg === "string" ? cfg : JSON.stringify(cfg));
    return new DockerConfigCredentials(d);
  }

  it("reads auths, including Docker Hub's legacy key", async () => {
    const c = await withConfig({
      auths: {
        "https://index.docker.io/v1/": { auth: b64("hub:pw:with:colons") },
        "localhost:5000": { auth: b64("local:secret") },
        "quay.io": { username: "q", password: "qp" },
        "empty.io": {},
      },
    });
    expect(await c.get("docker.io")).toEqual({ username: "hub", password: "pw:with:colons" });
    expect(await c.get("localhost:5000")).toEqual({ username: "local", password: "secret" });
    expect(await c.get("quay.io")).toEqual({ username: "q", password: "qp" });
    expect(await c.get("empty.io")).toBeUndefined();
    expect(await c.get("ghcr.io")).toBeUndefined();
  });

  it("asks credHelpers per host, then credsStore; identity tokens for <token>", async () => {
    const c = await withConfig({ credHelpers: { "ghcr.io": "archgridtest" }, credsStore: "archgridtest", auths: { "ghcr.io": { auth: b64("file:ignored") } } });
    expect(await c.get("ghcr.io")).toEqual({ username: "hu", password: "hs" });
    expect(await c.get("docker.io")).toEqual({ identityToken: "refresh" });
    expect(await c.get("other.io")).toBeUndefined();
  });

  it("a helper missing from PATH means anonymous, not a crash", async () => {
    const c = await withConfig({ credsStore: "definitely-not-installed", credHelpers: { "x.io": "../evil" } });
    expect(await c.get("ghcr.io")).toBeUndefined();
    expect(await c.get("x.io")).toBeUndefined();
    expect(await runCredentialHelper("definitely-not-installed", "ghcr.io")).toBeUndefined();
  });

  it("a missing or broken config.json means anonymous", async () => {
    expect(await new DockerConfigCredentials(join(dir, "nope")).get("docker.io")).toBeUndefined();
    expect(await (await withConfig("{not json")).get("docker.io")).toBeUndefined();
  });
});
