import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { canonicalDigest, detectMediaType, digestOf, isAttestation, matchesDigest, parseIndex, schema1PayloadDigest } from "./manifest";
import { MediaTypes } from "./media-types";

const D = `sha256:${"a".repeat(64)}`;
const buf = (o: unknown) => Buffer.from(JSON.stringify(o));

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof RegistryError ? e.code : String(e);
  }
}

describe("detectMediaType", () => {
  it.each([
    [MediaTypes.ociIndex, {}, MediaTypes.ociIndex],
    [`${MediaTypes.dockerList}; charset=utf-8`, { mediaType: MediaTypes.ociIndex }, MediaTypes.dockerList], // header wins
    ["application/json", { mediaType: MediaTypes.dockerManifest }, MediaTypes.dockerManifest],
    [null, { schemaVersion: 2, manifests: [] }, MediaTypes.ociIndex],
    ["", { schemaVersion: 2, config: {}, layers: [] }, MediaTypes.ociManifest],
    ["text/plain", { schemaVersion: 1, architecture: "amd64", signatures: [] }, MediaTypes.dockerSchema1Signed],
    ["application/octet-stream", { schemaVersion: 1, architecture: "amd64" }, MediaTypes.dockerSchema1],
  ])("%s + %j", (ct, body, want) => expect(detectMediaType(ct, buf(body), "m")).toBe(want));

  it.each([
    ["text/html", "<html>", "unsupported-media-type"],
    ["application/vnd.cncf.helm.chart.content.v1.tar+gzip", "x", "unsupported-media-type"],
    ["application/json", JSON.stringify({ mediaType: "application/vnd.oci.artifact.manifest.v1+json" }), "unsupported-media-type"],
    ["application/json", JSON.stringify({ hello: "world" }), "invalid-response"],
    ["application/json", "not json", "invalid-response"],
    [null, "[1,2]", "invalid-response"],
  ])("%s %s -> %s", (ct, body, code) => expect(codeOf(() => detectMediaType(ct, Buffer.from(body), "m"))).toBe(code));
});

describe("digests", () => {
  const body = Buffer.from('{"a":1}');
  it("sha256 and sha512", () => {
    expect(matchesDigest(body, digestOf(body))).toBe(true);
    expect(matchesDigest(body, digestOf(body, "sha512"))).toBe(true);
    expect(matchesDigest(body, D)).toBe(false);
    expect(codeOf(() => matchesDigest(body, `md5:${"0".repeat(32)}`))).toBe("invalid-response");
  });

  it("signed schema1 digests cover the payload without signatures", () => {
    const payload = '{\n   "schemaVersion": 1,\n   "name": "a/b",\n   "architecture": "arm"\n}';
    const formatLength = payload.length - 2;
    const protectedHeader = Buffer.from(JSON.stringify({ formatLength, formatTail: Buffer.from("\n}").toString("base64url") })).toString("base64url");
    const signed = Buffer.from(`${payload.slice(0, formatLength)},\n   "signatures": [{"protected": "${protectedHeader}", "signature": "x"}]\n}`);
    const want = digestOf(Buffer.from(payload));
    expect(schema1PayloadDigest(signed)).toBe(want);
    expect(canonicalDigest(signed, MediaTypes.dockerSchema1Signed)).toBe(want);
    expect(matchesDigest(signed, want, MediaTypes.dockerSchema1Signed)).toBe(true);
    expect(matchesDigest(signed, want, MediaTypes.dockerManifest)).toBe(false);
    expect(schema1PayloadDigest(Buffer.from("{}"))).toBeNull();
  });
});

describe("index descriptors", () => {
  const index = {
    schemaVersion: 2,
    manifests: [
      { mediaType: MediaTypes.ociManifest, digest: D, size: 10, platform: { os: "linux", architecture: "arm", variant: "v7" } },
      { mediaType: MediaTypes.ociManifest, digest: D, size: 10, platform: { os: "windows", architecture: "amd64", "os.version": "10.0.20348.1", "os.features": ["win32k"] } },
      { mediaType: MediaTypes.ociManifest, digest: D, size: 10, platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": D } },
      { mediaType: MediaTypes.ociManifest, digest: D, size: 10, annotations: { "vnd.docker.reference.type": "attestation-manifest" } },
      { mediaType: MediaTypes.ociManifest, digest: D, size: 10, platform: { os: "unknown", architecture: "unknown" } },
      { mediaType: MediaTypes.ociIndex, digest: D, size: 10 },
    ],
  };
  it("parses platforms as written and recognises attestations", () => {
    const ds = parseIndex(index, "m");
    expect(ds[0].platform).toEqual({ os: "linux", architecture: "arm", variant: "v7" });
    expect(ds[1].platform).toEqual({ os: "windows", architecture: "amd64", osVersion: "10.0.20348.1", osFeatures: ["win32k"] });
    expect(ds.map(isAttestation)).toEqual([false, false, true, true, true, false]);
  });
  it.each([
    [{ manifests: "x" }],
    [{ manifests: [{ mediaType: MediaTypes.ociManifest, digest: "sha256:short" }] }],
    [{ manifests: [7] }],
  ])("rejects %j", (obj) => expect(codeOf(() => parseIndex(obj, "m"))).toBe("invalid-response"));
});
