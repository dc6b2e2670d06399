// RegistryClient against an in-memory registry on 127.0.0.1: platform resolution, HEAD, error mapping.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { MediaTypes } from "./media-types";
import { platformKey } from "./platform";
import { parseReference } from "./reference";
import { FakeRegistry, sendError, sha256 } from "../../test/support/fake-registry";
import { failure } from "../../test/support/harness";

let reg: FakeRegistry;
let client: RegistryClient;
const ref = (name: string) => parseReference(`${reg.host}/${name}`);

beforeAll(async () => {
  reg = await new FakeRegistry().start();
  client = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined }, maxRetries: 0 });

  // A BuildKit-style multi-arch index with attestations, a Windows entry and raw names.
  const amd = reg.putImage("team/app", undefined, { os: "linux", architecture: "amd64" });
  const arm = reg.putImage("team/app", undefined, { os: "linux", architecture: "arm", variant: "v7" });
  const win = reg.putImage("team/app", undefined, { os: "windows", architecture: "amd64", "os.version": "10.0.20348.2655" });
  const att = reg.putImage("team/app", undefined, { os: "unknown", architecture: "unknown" });
  reg.putManifest(
    "team/app",
    "multi",
    {
      schemaVersion: 2,
      mediaType: MediaTypes.ociIndex,
      manifests: [
        { mediaType: amd.mediaType, digest: amd.digest, size: amd.size, platform: { os: "linux", architecture: "x86_64" } },
        { mediaType: arm.mediaType, digest: arm.digest, size: arm.size, platform: { os: "linux", architecture: "arm" } },
        { mediaType: win.mediaType, digest: win.digest, size: win.size, platform: { os: "windows", architecture: "amd64", "os.version": "10.0.20348.2655" } },
        { mediaType: att.mediaType, digest: att.digest, size: att.size, platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd.digest } },
        { mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", digest: amd.digest, size: 1 },
      ],
    },
    MediaTypes.ociIndex,
  );
  // Single image (Docker schema2): platform from the config blob.
  reg.putImage("team/single", "1.0", { os: "linux", architecture: "aarch64", variant: "v8" }, MediaTypes.dockerManifest);
  // Nested index + an entry without platform.
  const s390 = reg.putImage("team/nested", undefined, { os: "linux", architecture: "s390x" });
  const ppc = reg.putImage("team/nested", undefined, { os: "linux", architecture: "ppc64le" });
  const inner = reg.putManifest("team/nested", undefined, { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [{ mediaType: s390.mediaType, digest: s390.digest, size: s390.size, platform: { os: "linux", architecture: "s390x" } }] }, MediaTypes.ociIndex);
  reg.putManifest(
    "team/nested",
    "n",
    { schemaVersion: 2, manifests: [{ mediaType: MediaTypes.ociIndex, digest: inner.digest, size: inner.size }, { mediaType: ppc.mediaType, digest: ppc.digest, size: ppc.size }] },
    MediaTypes.ociIndex,
  );
  // Index entry whose config disagrees with the descriptor.
  const liar = reg.putImage("team/liar", undefined, { os: "linux", architecture: "amd64" });
  reg.putManifest("team/liar", "l", { schemaVersion: 2, manifests: [{ mediaType: liar.mediaType, digest: liar.digest, size: liar.size, platform: { os: "linux", architecture: "arm64" } }] }, MediaTypes.dockerList);
  // Legacy schema1.
  reg.putManifest("team/legacy", "old", { schemaVersion: 1, name: "team/legacy", tag: "old", architecture: "armhf", fsLayers: [], history: [] }, MediaTypes.dockerSchema1);
  // Missing/generic Content-Type: the body decides.
  const g = reg.putImage("team/generic", undefined, { os: "linux", architecture: "riscv64" });
  reg.putManifest("team/generic", "g", { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [{ mediaType: g.mediaType, digest: g.digest, size: g.size, platform: { os: "linux", architecture: "riscv64" } }] }, "application/json");
  // A Helm chart: an artifact, not an image.
  const chart = reg.putBlob({ name: "chart" });
  reg.putManifest("team/chart", "c", { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: { mediaType: "application/vnd.cncf.helm.config.v1+json", digest: chart.digest, size: chart.size }, layers: [] }, MediaTypes.ociManifest);
  // Deeply nested indexes.
  let child = reg.putImage("team/deep", undefined, { os: "linux", architecture: "amd64" });
  let desc = { mediaType: child.mediaType, digest: child.digest, size: child.size, platform: { os: "linux", architecture: "amd64" } as Record<string, string> | undefined };
  for (let i = 0; i < 6; i++) {
    const m = reg.putManifest("team/deep", i === 5 ? "deep" : undefined, { schemaVersion: 2, manifests: [desc] }, MediaTypes.ociIndex);
    desc = { mediaType: MediaTypes.ociIndex, digest: m.digest, size: m.size, platform: undefined };
  }
});
afterAll(async () => reg.server.close());

describe("resolve", () => {
  it("index: normalized platforms, raw kept, attestations and artifacts dropped, 1 request", async () => {
    const r = await client.resolve(ref("team/app"), "multi");
    expect(r.mediaType).toBe(MediaTypes.ociIndex);
    expect(r.digest).toBe(sha256(reg.manifests.get("team/app:multi")!.body));
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64", "linux/arm/v7", "windows/amd64"]);
    expect(r.platforms[0].raw).toEqual({ os: "linux", architecture: "x86_64" });
    expect(r.platforms[2].platform.osVersion).toBe("10.0.20348.2655");
    expect(r.platforms[0].digest).toMatch(/^sha256:/);
    expect(r.requests).toBe(1);
    // Every accepted type is sent, lists included.
    const accept = reg.server.hits.at(-1)?.accept ?? "";
    expect(accept).toContain(MediaTypes.ociIndex);
    expect(accept).toContain(MediaTypes.dockerList);
  });

  it("single image: platform from the config blob, cached afterwards", async () => {
    const fresh = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined } });
    const r = await fresh.resolve(ref("team/single"), "1.0");
    expect(r.mediaType).toBe(MediaTypes.dockerManifest);
    expect(r.platforms).toHaveLength(1);
    expect(r.platforms[0].platform).toEqual({ os: "linux", architecture: "arm64" });
    expect(r.platforms[0].raw).toEqual({ os: "linux", architecture: "aarch64", variant: "v8" });
    expect(r.requests).toBe(2);
    expect((await fresh.resolve(ref("team/single"), "1.0")).requests).toBe(1);
  });

  it("nested index and platform-less entries are followed", async () => {
    const r = await client.resolve(ref("team/nested"), "n");
    expect(r.platforms.map((p) => platformKey(p.platform)).sort()).toEqual(["linux/ppc64le", "linux/s390x"]);
    expect(r.requests).toBe(4); // index, inner index, ppc64le manifest, its config (s390x comes from its descriptor)
  });

  it("nesting deeper than the cap is an invalid response", async () => {
    const e = await failure(client.resolve(ref("team/deep"), "deep"));
    expect(e.code).toBe("invalid-response");
    expect(e.message).toMatch(/more than 4 levels/);
    const deeper = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined }, nestedIndexDepth: 6 });
    expect((await deeper.resolve(ref("team/deep"), "deep")).platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64"]);
  });

  it("verifyConfigs flags an index entry its config contradicts", async () => {
    const plain = await client.resolve(ref("team/liar"), "l");
    expect(plain.platforms[0].configMismatch).toBeUndefined();
    const checked = await client.resolve(ref("team/liar"), "l", { verifyConfigs: true });
    expect(platformKey(checked.platforms[0].platform)).toBe("linux/arm64");
    expect(checked.platforms[0].configMismatch).toEqual({ os: "linux", architecture: "amd64" });
  });

  it("schema1: top-level architecture, os linux", async () => {
    const r = await client.resolve(ref("team/legacy"), "old");
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/arm/v7"]);
    expect(r.platforms[0].raw).toEqual({ os: "linux", architecture: "armhf" });
  });

  it("generic Content-Type falls back to the body's mediaType", async () => {
    const r = await client.resolve(ref("team/generic"), "g");
    expect(r.mediaType).toBe(MediaTypes.ociIndex);
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/riscv64"]);
  });

  it("resolving by digest verifies the digest", async () => {
    const d = sha256(reg.manifests.get("team/app:multi")!.body);
    expect((await client.resolve(ref("team/app"), d)).digest).toBe(d);
  });

  it("an OCI artifact is not an image", async () => {
    expect((await failure(client.resolve(ref("team/chart"), "c"))).code).toBe("unsupported-media-type");
  });

  it.each([
    ["team/app", "nope", "tag-not-found", /has no manifest for "team\/app:nope" \(MANIFEST_UNKNOWN\)/],
    ["team/ghost", "latest", "repository-not-found", /says repository "team\/ghost" does not exist \(NAME_UNKNOWN\)/],
    ["team/app", "bad tag", "invalid-reference", /not a valid tag/],
  ])("%s:%s -> %s", async (name, tag, code, msg) => {
    const e = await failure(client.resolve(ref(name), tag));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(msg);
    if (code !== "invalid-reference") expect(e.message).toContain(reg.host);
  });
});

describe("headManifest", () => {
  it("answers from Docker-Content-Digest with one HEAD", async () => {
    const before = client.requestCount;
    const h = await client.headManifest(ref("team/app"), "multi");
    expect(h).toEqual({ digest: sha256(reg.manifests.get("team/app:multi")!.body), mediaType: MediaTypes.ociIndex });
    expect(client.requestCount - before).toBe(1);
    expect(reg.server.hits.at(-1)?.method).toBe("HEAD");
  });

  it("falls back to GET when HEAD is refused or lacks the digest header", async () => {
    const quirky = await new FakeRegistry().start();
    try {
      quirky.putImage("q/a", "t", { os: "linux", architecture: "amd64" });
      quirky.putImage("q/b", "t", { os: "linux", architecture: "amd64" });
      quirky.hook = (req, res, url) => {
        if (req.method !== "HEAD") return false;
        if (url.pathname.startsWith("/v2/q/a/")) {
          res.writeHead(405);
          res.end();
        } else {
          res.writeHead(200, { "Content-Type": MediaTypes.ociManifest });
          res.end();
        }
        return true;
      };
      const c = new RegistryClient({ insecureRegistries: [quirky.host], credentials: { get: async () => undefined } });
      for (const name of ["q/a", "q/b"]) {
        const h = await c.headManifest(parseReference(`${quirky.host}/${name}`), "t");
        expect(h.digest).toBe(sha256(quirky.manifests.get(`${name}:t`)!.body));
      }
      expect(quirky.server.hits.map((h) => h.method)).toEqual(["HEAD", "GET", "HEAD", "GET"]);
      const e = await failure(c.headManifest(parseReference(`${quirky.host}/q/a`), "missing", { fallbackGet: false }));
      expect(e.status).toBe(405);
    } finally {
      await quirky.server.close();
    }
  });

  it("a missing tag is tag-not-found (HEAD 404, then GET 404)", async () => {
    expect((await failure(client.headManifest(ref("team/app"), "nope"))).code).toBe("tag-not-found");
  });
});

describe("address policy in the client", () => {
  it("refuses a loopback registry that is not listed as insecure, before any request", async () => {
    const before = reg.server.hits.length;
    const strict = new RegistryClient({ credentials: { get: async () => undefined } });
    const e = await failure(strict.resolve(parseReference(`${reg.host}/team/app`), "multi"));
    expect(e.code).toBe("blocked-address");
    expect(strict.requestCount).toBe(0);
    expect(reg.server.hits.length).toBe(before);
  });
});

describe("misc", () => {
  it("404 on the registry's own error shape maps with its code", async () => {
    const s = await new FakeRegistry().start();
    s.hook = (_req, res) => (sendError(res, 403, "DENIED", "requested access to the resource is denied"), true);
    try {
      const e = await failure(new RegistryClient({ insecureRegistries: [s.host], credentials: { get: async () => undefined } }).resolve(parseReference(`${s.host}/a/b`), "t"));
      expect(e.code).toBe("forbidden");
      expect(e.registryCode).toBe("DENIED");
      expect(e.temporary).toBe(false);
    } finally {
      await s.server.close();
    }
  });
});
