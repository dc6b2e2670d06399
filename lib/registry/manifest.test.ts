import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { canonicalDigest, detectMediaType, digestOf, isAttestation, matchesDigest, parseIndex, schema1PayloadDigest, validateMediaType } from "./manifest";
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

describe("validateMediaType (containerd core/images/image.go)", () => {
  const idx = { schemaVersion: 2, manifests: [] };
  const img = { schemaVersion: 2, config: {}, layers: [] };
  it.each<[string, Record<string, unknown>, boolean]>([
    [MediaTypes.ociIndex, idx, true],
    [MediaTypes.dockerList, { ...idx, mediaType: MediaTypes.ociIndex }, true], // same kind, other spelling: agrees
    [MediaTypes.ociIndex, { ...idx, config: {} }, false],
    [MediaTypes.ociIndex, { ...idx, layers: [] }, false],
    [MediaTypes.ociIndex, { ...idx, mediaType: MediaTypes.dockerManifest }, false],
    [MediaTypes.ociManifest, img, true],
    [MediaTypes.dockerManifest, { ...img, mediaType: MediaTypes.ociManifest }, true],
    [MediaTypes.ociManifest, { ...img, manifests: [] }, false],
    [MediaTypes.ociManifest, { ...img, mediaType: MediaTypes.ociIndex }, false],
    [MediaTypes.ociManifest, { ...img, fsLayers: [] }, false],
    [MediaTypes.ociManifest, { ...img, mediaType: "application/vnd.example+json" }, true], // not a manifest type: left to the reader
  ])("%s %j -> ok %s", (mt, body, ok) => {
    const code = codeOf(() => validateMediaType(body, mt, "m"));
    expect(code).toBe(ok ? null : "invalid-response");
  });
  it("names the refusal in plain words", () => {
    expect(() => validateMediaType({ manifests: [], layers: [] }, MediaTypes.ociIndex, 'manifest "a:1"')).toThrow(
      'manifest "a:1" is ambiguous: the registry serves it as an index (application/vnd.oci.image.index.v1+json) but its body carries layers; it is refused rather than read either way (CVE-2021-41190)',
    );
    expect(() => validateMediaType({ mediaType: 7 }, MediaTypes.ociIndex, "m")).toThrow("m has mediaType 7, a number where a string belongs");
  });
});

describe("index entries that cannot be read", () => {
  const ok = { mediaType: MediaTypes.ociManifest, digest: D, size: 1, platform: { os: "linux", architecture: "amd64" } };
  it.each<[string, Record<string, unknown>, string]>([
    ["empty media type", { ...ok, mediaType: "" }, "has an empty mediaType"],
    ["malformed media type", { ...ok, mediaType: "nope" }, 'has a malformed mediaType "nope"'],
    ["no algorithm", { ...ok, digest: `:${"a".repeat(64)}` }, "with no algorithm before the colon"],
    ["no hash", { ...ok, digest: "sha256:" }, "with no hash after the colon"],
    ["uppercase algorithm", { ...ok, digest: `SHA256:${"a".repeat(64)}` }, "with its algorithm in uppercase"],
    ["unknown algorithm", { ...ok, digest: `md5:${"a".repeat(32)}` }, 'with the algorithm "md5", which cannot be verified'],
    ["short hash", { ...ok, digest: "sha256:abc" }, "with a hash that is not 64 lowercase hex characters"],
    ["size as a string", { ...ok, size: "1" }, 'has size "1", a string where a whole number of bytes belongs'],
    ["fractional size", { ...ok, size: 1.5 }, "has size 1.5, not a whole number of bytes"],
    ["negative size", { ...ok, size: -1 }, "has a negative size (-1)"],
    ["platform os as a number", { ...ok, platform: { os: 1, architecture: "amd64" } }, "has platform os 1, a number where a string belongs"],
    ["platform without os", { ...ok, platform: { architecture: "amd64" } }, "has a platform without os"],
    ["annotations not strings", { ...ok, annotations: { a: 1 } }, 'has annotations {"a":1}, where a map of strings belongs'],
  ])("%s", (_name, entry, words) => {
    expect(() => parseIndex({ manifests: [ok, entry] }, "m")).toThrow(`m cannot be read: index entry 2 of 2`);
    expect(() => parseIndex({ manifests: [ok, entry] }, "m")).toThrow(words);
  });
  it("a subject that is not a descriptor", () => {
    expect(() => parseIndex({ manifests: [], subject: "nope" }, "m")).toThrow("m: its subject is a string, not a descriptor object");
  });
  it("counts the other unreadable entries", () => {
    expect(() => parseIndex({ manifests: [{}, {}, {}] }, "m")).toThrow("(and 2 more entries that cannot be read)");
  });
});
