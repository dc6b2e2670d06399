// RegistryClient against the real CNCF Distribution registry (e2e/fixtures): every manifest
// format, digests cross-checked with skopeo, and request counts measured at the registry side.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, pushCatalog, REQUIRED_ARCHES } from "../../e2e/fixtures/catalog";
import { pushImage, retag, type PushResult } from "../../e2e/fixtures/pusher";
import { countingProxy, REGISTRY_BINARY, startRegistry, type CountingProxy, type RunningRegistry } from "../../e2e/fixtures/registry";
import { RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { platformKey } from "./platform";
import { parseReference } from "./reference";
import type { ManifestResolution, Reference } from "./types";

const run = promisify(execFile);
const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const hasSkopeo = fs.existsSync("/usr/bin/skopeo");
const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const T = 120_000;

/** The RegistryError code a promise fails with, or "ok". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof RegistryError) return e.code;
    throw e;
  }
}

const keys = (r: ManifestResolution) => r.platforms.map((p) => platformKey(p.platform));

/** Required linux architectures a resolution lacks (the arm column takes any arm variant). */
function missing(r: ManifestResolution): string[] {
  const present = new Set(r.platforms.filter((p) => p.platform.os === "linux").map((p) => p.platform.architecture));
  return REQUIRED_ARCHES.filter((a) => !present.has(a));
}

describe.skipIf(!hasRegistry)("RegistryClient against a real registry: formats", () => {
  let reg: RunningRegistry;
  let proxy: CountingProxy;
  let client: RegistryClient;
  let ref: (repo: string) => Reference;
  const pushed = new Map<string, PushResult>();

  beforeAll(async () => {
    reg = await startRegistry();
    proxy = await countingProxy(reg.host);
    client = new RegistryClient({ insecureRegistries: [proxy.host], backoffBaseMs: 10 });
    ref = (repo) => parseReference(`${proxy.host}/${repo}`);
    const L = (architecture: string, variant?: string) => (variant ? { os: "linux", architecture, variant } : { os: "linux", architecture });
    const target = { url: reg.url };
    pushed.set("arm-variants", await pushImage(target, "fmt/arm", "1", { format: "oci-index", platforms: [L("arm", "v5"), L("arm", "v6"), L("arm", "v7"), L("arm64", "v8"), L("amd64")], attestations: 3 }));
    pushed.set("oci-image", await pushImage(target, "fmt/oci-image", "1", { format: "oci-image", platform: L("ppc64le") }));
    pushed.set("docker-image", await pushImage(target, "fmt/docker-image", "1", { format: "docker-image", platform: L("arm", "v6") }));
    pushed.set("nested", await pushImage(target, "fmt/nested", "1", { format: "oci-index", platforms: [L("amd64"), L("s390x")], nested: true }));
    pushed.set("no-platform", await pushImage(target, "fmt/noplat", "1", { format: "oci-index", platforms: [L("amd64"), L("riscv64")], omitPlatformOnEntries: true }));
    pushed.set("lie", await pushImage(target, "fmt/lie", "1", {
      format: "docker-list",
      platforms: [L("amd64")],
      lie: { index: L("arm64"), config: L("amd64") },
    }));
    pushed.set("raw-names", await pushImage(target, "fmt/raw", "1", {
      format: "oci-index",
      platforms: [{ os: "linux", architecture: "x86_64" }, { os: "linux", architecture: "aarch64" }, { os: "linux", architecture: "arm" }, { os: "linux", architecture: "i386" }],
    }));
  }, T);
  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
  });

  it("OCI index with attestations: attestations never appear; arm v5/v6/v7 kept as variants; arm64/v8 normalized", async () => {
    const r = await client.resolve(ref("fmt/arm"), "1");
    expect(r.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(r.digest).toBe(pushed.get("arm-variants")!.digest);
    expect(keys(r)).toEqual(["linux/arm/v5", "linux/arm/v6", "linux/arm/v7", "linux/arm64", "linux/amd64"]);
    expect(r.platforms.some((p) => p.platform.architecture === "unknown")).toBe(false);
    expect(r.platforms[3].raw).toEqual({ os: "linux", architecture: "arm64", variant: "v8" });
    expect(r.platforms.map((p) => p.digest)).toEqual(pushed.get("arm-variants")!.children.map((c) => c.digest));
    expect(missing(r)).toEqual(["ppc64le", "s390x"]);
  }, T);

  it("raw architecture names are normalized, raw kept", async () => {
    const r = await client.resolve(ref("fmt/raw"), "1");
    expect(keys(r)).toEqual(["linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386"]);
    expect(r.platforms.map((p) => p.raw.architecture)).toEqual(["x86_64", "aarch64", "arm", "i386"]);
  }, T);

  it("single-arch OCI and Docker images: platform read from the config blob", async () => {
    const oci = await client.resolve(ref("fmt/oci-image"), "1");
    expect(oci.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(keys(oci)).toEqual(["linux/ppc64le"]);
    expect(oci.platforms[0].digest).toBe(pushed.get("oci-image")!.digest);
    const docker = await client.resolve(ref("fmt/docker-image"), "1");
    expect(docker.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(keys(docker)).toEqual(["linux/arm/v6"]);
  }, T);

  it("nested index: platforms of the inner index", async () => {
    const r = await client.resolve(ref("fmt/nested"), "1");
    expect(keys(r)).toEqual(["linux/amd64", "linux/s390x"]);
    expect(r.digest).toBe(pushed.get("nested")!.digest);
  }, T);

  it("index entries without platform: the client reads each child's config", async () => {
    const r = await client.resolve(ref("fmt/noplat"), "1");
    expect(keys(r)).toEqual(["linux/amd64", "linux/riscv64"]);
  }, T);

  it("lying index: the index entry wins, verifyConfigs reports the config's platform", async () => {
    const plain = await client.resolve(ref("fmt/lie"), "1");
    expect(keys(plain)).toEqual(["linux/amd64", "linux/arm64"]);
    expect(plain.platforms.every((p) => p.configMismatch === undefined)).toBe(true);
    const checked = await client.resolve(ref("fmt/lie"), "1", { verifyConfigs: true });
    expect(checked.platforms[0].configMismatch).toBeUndefined();
    expect(checked.platforms[1].configMismatch).toEqual({ os: "linux", architecture: "amd64" });
  }, T);

  it.skipIf(!hasSkopeo)("HEAD digest = GET digest = sha256 of skopeo's inspect --raw, for every format", async () => {
    for (const repo of ["fmt/arm", "fmt/oci-image", "fmt/docker-image", "fmt/nested", "fmt/noplat", "fmt/lie"]) {
      const head = await client.headManifest(ref(repo), "1");
      const got = await client.fetchManifest(ref(repo), "1");
      const { stdout } = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${reg.host}/${repo}:1`], { encoding: "buffer" });
      expect(head.digest, repo).toBe(got.digest);
      expect(sha(stdout), repo).toBe(got.digest);
      expect(sha(got.body), repo).toBe(got.digest);
      expect(head.mediaType, repo).toBe(got.mediaType);
    }
  }, T);

  it("nested indexes: followed up to nestedIndexDepth, refused beyond", async () => {
    const { putManifest } = await import("../../e2e/fixtures/pusher");
    const oci = "application/vnd.oci.image.index.v1+json";
    const inner = pushed.get("nested")!;
    // Wrap the 2-level "fmt/nested" index in 3 more indexes: 5 levels in all.
    let child = { digest: inner.digest, size: inner.size };
    for (let i = 0; i < 3; i++) {
      const body = JSON.stringify({ schemaVersion: 2, mediaType: oci, manifests: [{ mediaType: oci, digest: child.digest, size: child.size }] });
      const digest = await putManifest({ url: reg.url }, "fmt/nested", `deep${i + 1}`, body, oci);
      child = { digest, size: Buffer.byteLength(body) };
    }
    expect(keys(await client.resolve(ref("fmt/nested"), "deep1"))).toEqual(["linux/amd64", "linux/s390x"]);
    const shallow = new RegistryClient({ insecureRegistries: [proxy.host], nestedIndexDepth: 2 });
    expect(await outcome(shallow.resolve(ref("fmt/nested"), "deep3"))).toBe("invalid-response");
    expect(keys(await client.resolve(ref("fmt/nested"), "deep3"))).toEqual(["linux/amd64", "linux/s390x"]);
  }, T);

  it("windows os.version and os.features pass through; localhost:PORT works as a registry name", async () => {
    const { deleteTag } = await import("../../e2e/fixtures/pusher");
    await pushImage({ url: reg.url }, "fmt/win", "1", {
      format: "oci-index",
      platforms: [{ os: "windows", architecture: "amd64", osVersion: "10.0.20348.3207", osFeatures: ["win32k"] }],
    });
    const port = reg.host.split(":")[1];
    const local = new RegistryClient({ insecureRegistries: [`localhost:${port}`] });
    const r = await local.resolve(parseReference(`localhost:${port}/fmt/win`), "1");
    expect(r.platforms[0].platform).toEqual({ os: "windows", architecture: "amd64", osVersion: "10.0.20348.3207", osFeatures: ["win32k"] });
    // Every tag deleted: Distribution answers {"tags": null}; that is an empty list, not an error.
    await deleteTag({ url: reg.url }, "fmt/win", "1");
    expect(await local.listTags(parseReference(`localhost:${port}/fmt/win`))).toEqual([]);
  }, T);

  it("resolve by digest works and checks the digest", async () => {
    const d = pushed.get("nested")!.digest;
    const r = await client.resolve(ref("fmt/nested"), d);
    expect(r.digest).toBe(d);
    expect(keys(r)).toEqual(["linux/amd64", "linux/s390x"]);
  }, T);

  it("missing tag -> tag-not-found; missing repository -> repository-not-found or tag-not-found; bad tag -> invalid-reference", async () => {
    expect(await outcome(client.resolve(ref("fmt/arm"), "nope"))).toBe("tag-not-found");
    expect(await outcome(client.headManifest(ref("fmt/arm"), "nope"))).toBe("tag-not-found");
    expect(await outcome(client.listTags(ref("fmt/does-not-exist")))).toBe("repository-not-found");
    expect(["repository-not-found", "tag-not-found"]).toContain(await outcome(client.resolve(ref("fmt/does-not-exist"), "1")));
    expect(await outcome(client.resolve(ref("fmt/arm"), "-bad"))).toBe("invalid-reference");
  }, T);

  it("a client without the host in insecureRegistries refuses the loopback registry", async () => {
    const strict = new RegistryClient();
    expect(await outcome(strict.headManifest(ref("fmt/arm"), "1"))).toBe("blocked-address");
  });

  describe("requests per tag, counted at the registry side", () => {
    it("HEAD on an unchanged tag = exactly 1 request", async () => {
      await client.headManifest(ref("fmt/arm"), "1"); // warm: no auth here, but keep symmetry with auth tests
      proxy.reset();
      const h = await client.headManifest(ref("fmt/arm"), "1");
      expect(h.digest).toBe(pushed.get("arm-variants")!.digest);
      expect(proxy.counts()).toMatchObject({ total: 1, byKind: { "HEAD manifests": 1 } });
    });

    it("resolving an index (attestations included) = 1 GET; requests field agrees", async () => {
      proxy.reset();
      const r = await client.resolve(ref("fmt/arm"), "1");
      expect(proxy.counts().total).toBe(1);
      expect(r.requests).toBe(1);
    });

    it("single image = manifest + config; the config is cached by digest afterwards", async () => {
      const fresh = new RegistryClient({ insecureRegistries: [proxy.host] });
      proxy.reset();
      const a = await fresh.resolve(ref("fmt/docker-image"), "1");
      expect(proxy.counts().byKind).toEqual({ "GET manifests": 1, "GET blobs": 1 });
      expect(a.requests).toBe(2);
      proxy.reset();
      const b = await fresh.resolve(ref("fmt/docker-image"), "1");
      expect(proxy.counts().total).toBe(1);
      expect(b.requests).toBe(1);
    });

    it("verifyConfigs on a 2-entry list = 1 + 2 manifests + 2 configs (configs cached on repeat)", async () => {
      const fresh = new RegistryClient({ insecureRegistries: [proxy.host] });
      proxy.reset();
      const r = await fresh.resolve(ref("fmt/lie"), "1", { verifyConfigs: true });
      expect(proxy.counts().byKind).toEqual({ "GET manifests": 3, "GET blobs": 2 });
      expect(r.requests).toBe(5);
    });

    it("a retagged (changed) tag: HEAD shows the new digest in 1 request", async () => {
      await retag({ url: reg.url }, "fmt/nested", "1", "moving");
      const before = await client.headManifest(ref("fmt/nested"), "moving");
      await retag({ url: reg.url }, "fmt/arm", "1", "moving");
      await pushImage({ url: reg.url }, "fmt/nested", "moving", { format: "oci-image", platform: { os: "linux", architecture: "amd64" }, seed: "moved" });
      proxy.reset();
      const after = await client.headManifest(ref("fmt/nested"), "moving");
      expect(after.digest).not.toBe(before.digest);
      expect(proxy.counts().total).toBe(1);
    });
  });
});

describe.skipIf(!hasRegistry)("RegistryClient against a real registry: real-world shapes (catalog)", () => {
  let reg: RunningRegistry;
  let client: RegistryClient;
  beforeAll(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ insecureRegistries: [reg.host] });
    await pushCatalog({ url: reg.url });
  }, 300_000);
  afterAll(async () => {
    await reg?.stop();
  });

  for (const entry of CATALOG) {
    it(`${entry.name}: ${entry.platformCount} platforms, missing [${entry.missing.join(", ")}]`, async () => {
      const r = await client.resolve(parseReference(`${reg.host}/${entry.repo}`), entry.tag);
      expect(r.platforms).toHaveLength(entry.platformCount);
      expect(missing(r)).toEqual(entry.missing);
      expect(r.platforms.some((p) => p.platform.os === "unknown")).toBe(false);
      for (const p of r.platforms.filter((x) => x.platform.os === "windows")) {
        expect(p.platform.osVersion).toMatch(/^10\.0\.(17763|20348|26100)\.\d+$/);
      }
    }, T);
  }

  it("golang:latest keeps both windows builds apart and arm v6/v7 as variants", async () => {
    const r = await client.resolve(parseReference(`${reg.host}/library/golang`), "latest");
    const win = r.platforms.filter((p) => p.platform.os === "windows").map((p) => p.platform.osVersion?.split(".")[2]);
    expect(win).toEqual(["20348", "17763"]);
    expect(keys(r).filter((k) => k.startsWith("linux/arm/"))).toEqual(["linux/arm/v6", "linux/arm/v7"]);
  }, T);

  it("Windows-only Docker list: Docker list media type, only windows platforms", async () => {
    const r = await client.resolve(parseReference(`${reg.host}/windows/servercore`), "ltsc2022");
    expect(r.mediaType).toBe("application/vnd.docker.distribution.manifest.list.v2+json");
    expect(r.platforms.map((p) => [platformKey(p.platform), p.platform.osVersion])).toEqual([["windows/amd64", "10.0.20348.3207"]]);
  }, T);
});

describe.skipIf(!hasRegistry)("RegistryClient against a real registry: schema1 (legacy)", () => {
  let reg: RunningRegistry;
  let digest: string;
  beforeAll(async () => {
    reg = await startRegistry({ schema1: true });
    const { pushSchema1 } = await import("../../e2e/fixtures/pusher");
    digest = (await pushSchema1({ url: reg.url }, "old/app", "v1", { architecture: "arm" })).digest;
    await pushSchema1({ url: reg.url }, "old/x86", "v1", { architecture: "amd64" });
  }, T);
  afterAll(async () => {
    await reg?.stop();
  });

  it("signed schema1: architecture from the manifest, digest = Docker-Content-Digest (canonical payload)", async () => {
    const client = new RegistryClient({ insecureRegistries: [reg.host] });
    const r = await client.resolve(parseReference(`${reg.host}/old/app`), "v1");
    expect(r.mediaType).toBe("application/vnd.docker.distribution.manifest.v1+prettyjws");
    expect(r.digest).toBe(digest);
    expect(keys(r)).toEqual(["linux/arm/v7"]);
    expect(r.platforms[0].raw.architecture).toBe("arm");
    expect((await client.headManifest(parseReference(`${reg.host}/old/app`), "v1")).digest).toBe(digest);
    expect(keys(await client.resolve(parseReference(`${reg.host}/old/x86`), "v1"))).toEqual(["linux/amd64"]);
  }, T);

  it("schema1 by digest: the requested digest is checked against the canonical payload", async () => {
    const client = new RegistryClient({ insecureRegistries: [reg.host] });
    const r = await client.resolve(parseReference(`${reg.host}/old/app`), digest);
    expect(r.digest).toBe(digest);
  }, T);
});
