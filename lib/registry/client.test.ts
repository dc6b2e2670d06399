// RegistryClient against the real Distribution registry (with schema1 pushes enabled) behind the
// fault proxy: platform resolution from hand-written indexes, HEAD, error mapping. The fault proxy
// plays what Distribution never does on its own: a generic Content-Type, a HEAD refused with 405
// or answered without Docker-Content-Digest, a 403 DENIED.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { MediaTypes } from "./media-types";
import { platformKey } from "./platform";
import { parseReference } from "./reference";
import { getManifestBytes, pushImage, pushRawBlob, pushSchema1, putManifest, sha256 } from "../../e2e/fixtures/pusher";
import { errorBody, failure, faultyRegistry, pushSingle, type Faulty } from "../../test/support/harness";

let f: Faulty;
let host: string;
let client: RegistryClient;
const ref = (name: string) => parseReference(`${host}/${name}`);
const digests: Record<string, string> = {};
const hits = () => f.proxy.requests();

type Desc = { mediaType: string; digest: string; size: number; platform?: Record<string, unknown>; annotations?: Record<string, string> };
/** Pushes a hand-written index (Distribution checks that every entry it names exists). */
async function putIndex(repo: string, tag: string | undefined, manifests: Desc[], mediaType: string = MediaTypes.ociIndex): Promise<Desc> {
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests }, null, 2));
  const digest = await putManifest(f.target, repo, tag ?? sha256(body), body, mediaType);
  return { mediaType, digest, size: body.length };
}
async function image(repo: string, platform: { os: string; architecture: string; variant?: string; osVersion?: string }, seed: string): Promise<Desc> {
  const r = await pushSingle(f.target, repo, `img-${seed}`, platform, seed);
  return { mediaType: r.mediaType, digest: r.digest, size: r.size };
}

beforeAll(async () => {
  f = await faultyRegistry({ schema1: true });
  host = f.proxy.host;
  client = new RegistryClient({ insecureRegistries: [host], credentials: { get: async () => undefined }, maxRetries: 0 });

  // A BuildKit-style multi-arch index with attestations, a Windows entry, raw names and a signature.
  const amd = await image("team/app", { os: "linux", architecture: "amd64" }, "amd");
  const arm = await image("team/app", { os: "linux", architecture: "arm", variant: "v7" }, "arm");
  const win = await image("team/app", { os: "windows", architecture: "amd64", osVersion: "10.0.20348.2655" }, "win");
  const att = await image("team/app", { os: "unknown", architecture: "unknown" }, "att");
  digests.multi = (
    await putIndex("team/app", "multi", [
      { ...amd, platform: { os: "linux", architecture: "x86_64" } },
      { ...arm, platform: { os: "linux", architecture: "arm" } },
      { ...win, platform: { os: "windows", architecture: "amd64", "os.version": "10.0.20348.2655" } },
      { ...att, platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd.digest } },
      { mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", digest: amd.digest, size: amd.size },
    ])
  ).digest;
  // Single image (Docker schema2): platform from the config blob.
  await pushImage(f.target, "team/single", "1.0", { format: "docker-image", platform: { os: "linux", architecture: "aarch64", variant: "v8" } });
  // Nested index + an entry without platform.
  const s390 = await image("team/nested", { os: "linux", architecture: "s390x" }, "s390");
  const ppc = await image("team/nested", { os: "linux", architecture: "ppc64le" }, "ppc");
  const inner = await putIndex("team/nested", undefined, [{ ...s390, platform: { os: "linux", architecture: "s390x" } }]);
  await putIndex("team/nested", "n", [inner, ppc]);
  // Index entry whose config disagrees with the descriptor.
  const liar = await image("team/liar", { os: "linux", architecture: "amd64" }, "liar");
  await putIndex("team/liar", "l", [{ ...liar, platform: { os: "linux", architecture: "arm64" } }], MediaTypes.dockerList);
  // Legacy schema1 (Distribution accepts it signed, with compatibility.schema1 on).
  await pushSchema1(f.target, "team/legacy", "old", { architecture: "armhf" });
  // The body decides when the Content-Type is generic (set by the proxy below).
  const g = await image("team/generic", { os: "linux", architecture: "riscv64" }, "g");
  await putIndex("team/generic", "g", [{ ...g, platform: { os: "linux", architecture: "riscv64" } }]);
  // A Helm chart: an artifact, not an image.
  const chart = Buffer.from(JSON.stringify({ name: "chart" }));
  const chartDigest = await pushRawBlob(f.target, "team/chart", chart);
  const chartManifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: { mediaType: "application/vnd.cncf.helm.config.v1+json", digest: chartDigest, size: chart.length }, layers: [] }));
  await putManifest(f.target, "team/chart", "c", chartManifest, MediaTypes.ociManifest);
  // Deeply nested indexes.
  let desc: Desc = { ...(await image("team/deep", { os: "linux", architecture: "amd64" }, "deep")), platform: { os: "linux", architecture: "amd64" } };
  for (let i = 0; i < 6; i++) desc = await putIndex("team/deep", i === 5 ? "deep" : undefined, [desc]);
  // Two images for the HEAD fallbacks.
  await pushSingle(f.target, "q/a", "t", { os: "linux", architecture: "amd64" });
  await pushSingle(f.target, "q/b", "t", { os: "linux", architecture: "amd64" });
}, 90_000);
afterEach(() => {
  f.proxy.clearRules();
  f.proxy.reset();
});
afterAll(async () => f?.stop());

describe("resolve", () => {
  it("index: normalized platforms, raw kept, attestations and artifacts dropped, 1 request", async () => {
    const r = await client.resolve(ref("team/app"), "multi");
    expect(r.mediaType).toBe(MediaTypes.ociIndex);
    expect(r.digest).toBe(digests.multi);
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64", "linux/arm/v7", "windows/amd64"]);
    expect(r.platforms[0].raw).toEqual({ os: "linux", architecture: "x86_64" });
    expect(r.platforms[2].platform.osVersion).toBe("10.0.20348.2655");
    expect(r.platforms[0].digest).toMatch(/^sha256:/);
    expect(r.requests).toBe(1);
  });

  it("single image: platform from the config blob, cached afterwards", async () => {
    const fresh = new RegistryClient({ insecureRegistries: [host], credentials: { get: async () => undefined } });
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
    const deeper = new RegistryClient({ insecureRegistries: [host], credentials: { get: async () => undefined }, nestedIndexDepth: 6 });
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
    f.proxy.setRules([{ path: /\/manifests\/g$/, headers: { "content-type": "application/json" } }]);
    const r = await client.resolve(ref("team/generic"), "g");
    expect(r.mediaType).toBe(MediaTypes.ociIndex);
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/riscv64"]);
  });

  it("resolving by digest verifies the digest", async () => {
    const d = digests.multi;
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
    // Distribution answers MANIFEST_UNKNOWN for a missing repository too; Docker Hub and others
    // answer NAME_UNKNOWN, which the proxy plays here.
    if (name === "team/ghost") f.proxy.setRules([{ path: /^\/v2\/team\/ghost\//, status: 404, body: errorBody("NAME_UNKNOWN", "repository name not known to registry") }]);
    const e = await failure(client.resolve(ref(name), tag));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(msg);
    if (code !== "invalid-reference") expect(e.message).toContain(host);
  });
});

describe("headManifest", () => {
  it("answers from Docker-Content-Digest with one HEAD", async () => {
    const before = client.requestCount;
    const h = await client.headManifest(ref("team/app"), "multi");
    expect(h).toEqual({ digest: digests.multi, mediaType: MediaTypes.ociIndex });
    expect(client.requestCount - before).toBe(1);
    expect(hits().map((x) => x.method)).toEqual(["HEAD"]);
  });

  it("falls back to GET when HEAD is refused or lacks the digest header", async () => {
    f.proxy.setRules([
      { method: "HEAD", path: /^\/v2\/q\/a\//, status: 405 },
      { method: "HEAD", path: /^\/v2\/q\/b\//, dropDigest: true },
    ]);
    const c = new RegistryClient({ insecureRegistries: [host], credentials: { get: async () => undefined } });
    for (const name of ["q/a", "q/b"]) {
      const h = await c.headManifest(ref(name), "t");
      expect(h.digest).toBe((await getManifestBytes(f.target, name, "t")).digest);
    }
    expect(hits().map((h) => h.method)).toEqual(["HEAD", "GET", "HEAD", "GET"]);
    const e = await failure(c.headManifest(ref("q/a"), "missing", { fallbackGet: false }));
    expect(e.status).toBe(405);
  });

  it("a missing tag is tag-not-found (HEAD 404, then GET 404)", async () => {
    expect((await failure(client.headManifest(ref("team/app"), "nope"))).code).toBe("tag-not-found");
    expect(hits().map((h) => [h.method, h.status])).toEqual([
      ["HEAD", 404],
      ["GET", 404],
    ]);
  });
});

describe("address policy in the client", () => {
  it("refuses a loopback registry that is not listed as insecure, before any request", async () => {
    const strict = new RegistryClient({ credentials: { get: async () => undefined } });
    const e = await failure(strict.resolve(ref("team/app"), "multi"));
    expect(e.code).toBe("blocked-address");
    expect(strict.requestCount).toBe(0);
    expect(hits()).toEqual([]);
  });
});

describe("misc", () => {
  it("a 403 in the registry's own error shape maps with its code", async () => {
    f.proxy.setRules([{ status: 403, body: errorBody("DENIED", "requested access to the resource is denied") }]);
    const e = await failure(client.resolve(ref("team/app"), "multi"));
    expect(e.code).toBe("forbidden");
    expect(e.registryCode).toBe("DENIED");
    expect(e.temporary).toBe(false);
  });
});
