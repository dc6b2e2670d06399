// manifest.ts wording and edges the first suites left open: every validateMediaType refusal with
// its exact words (schema1 bodies with schema2 fields included), the common checks, index and
// image-manifest structure errors, signed-schema1 payload digests, and schema1 platforms.
import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { canonicalDigest, detectMediaType, digestOf, isAttestation, matchesDigest, parseImageManifest, parseIndex, parseJsonObject, schema1PayloadDigest, schema1Platform, validateMediaType } from "./manifest";
import { MediaTypes } from "./media-types";

const D = `sha256:${"a".repeat(64)}`;
const desc = { mediaType: MediaTypes.ociManifest, digest: D, size: 1 };
const W = "m";
function msg(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return (e as RegistryError).message;
  }
  return "no error";
}
const amb = (served: string, mt: string, found: string) => `m is ambiguous: the registry serves it as ${served} (${mt}) but ${found}; it is refused rather than read either way (CVE-2021-41190)`;

describe("validateMediaType", () => {
  it("index refusals, word for word", () => {
    const mt = MediaTypes.ociIndex;
    expect(msg(() => validateMediaType({ manifests: [], fsLayers: [] }, mt, W))).toBe(amb("an index", mt, "its body carries schema1 fsLayers"));
    expect(msg(() => validateMediaType({ manifests: [], config: {} }, mt, W))).toBe(amb("an index", mt, "its body carries an image config"));
    expect(msg(() => validateMediaType({ manifests: [], layers: [] }, mt, W))).toBe(amb("an index", mt, "its body carries layers"));
    expect(msg(() => validateMediaType({ mediaType: MediaTypes.ociManifest }, mt, W))).toBe(amb("an index", mt, `its body says it is an image manifest (${MediaTypes.ociManifest})`));
    expect(msg(() => validateMediaType({ mediaType: MediaTypes.dockerSchema1 }, mt, W))).toBe(amb("an index", mt, `its body says it is a schema1 manifest (${MediaTypes.dockerSchema1})`));
    expect(msg(() => validateMediaType({ mediaType: 5 }, mt, W))).toBe("m has mediaType 5, a number where a string belongs");
  });
  it("image refusals, word for word", () => {
    const mt = MediaTypes.dockerManifest;
    expect(msg(() => validateMediaType({ manifests: [] }, mt, W))).toBe(amb("an image manifest", mt, "its body carries a manifests list"));
    expect(msg(() => validateMediaType({ fsLayers: [] }, mt, W))).toBe(amb("an image manifest", mt, "its body carries schema1 fsLayers"));
    expect(msg(() => validateMediaType({ mediaType: MediaTypes.ociIndex }, mt, W))).toBe(amb("an image manifest", mt, `its body says it is an index (${MediaTypes.ociIndex})`));
    expect(msg(() => validateMediaType({ mediaType: MediaTypes.ociManifest, config: {}, layers: [] }, mt, W))).toBe("no error");
  });
  it("schema1 refuses schema2 fields and nothing else", () => {
    const mt = MediaTypes.dockerSchema1Signed;
    for (const extra of [{ manifests: [] }, { config: {} }, { layers: [] }]) {
      expect(msg(() => validateMediaType({ fsLayers: [], ...extra }, mt, W))).toBe(amb("a schema1 manifest", mt, "its body carries schema2 fields"));
    }
    expect(msg(() => validateMediaType({ fsLayers: [], mediaType: MediaTypes.ociIndex }, mt, W))).toBe("no error");
    // Another kind of document is not checked against any shape.
    expect(msg(() => validateMediaType({ manifests: [], config: {}, layers: [] }, "application/vnd.example+json", W))).toBe("no error");
  });
});

describe("common checks", () => {
  it("schemaVersion, subject, artifactType, annotations", () => {
    const base = { config: desc, layers: [] };
    expect(msg(() => parseImageManifest({ ...base, schemaVersion: 3 }, W))).toBe("m has schemaVersion 3; only 2 is defined");
    expect(msg(() => parseImageManifest({ ...base, schemaVersion: "2" }, W))).toBe('m has schemaVersion "2"; only 2 is defined');
    expect(msg(() => parseImageManifest({ ...base, schemaVersion: 1 }, W))).toBe("no error");
    expect(msg(() => parseImageManifest({ ...base, subject: { digest: D } }, W))).toMatch(/^m: its subject \(sha256:a+…\) has no mediaType; has no size$/);
    expect(msg(() => parseImageManifest({ ...base, artifactType: "bad" }, W))).toBe('m has a malformed artifactType "bad"');
    expect(msg(() => parseImageManifest({ ...base, artifactType: 1 }, W))).toBe("m has a malformed artifactType 1");
    expect(msg(() => parseImageManifest({ ...base, artifactType: "application/x+json" }, W))).toBe("no error");
    for (const a of [null, [], "x", { k: 1 }]) expect(msg(() => parseImageManifest({ ...base, annotations: a }, W))).toBe("m has annotations that are not a map of strings");
    expect(msg(() => parseImageManifest({ ...base, annotations: { k: "v" } }, W))).toBe("no error");
  });
});

describe("structure", () => {
  it("index: manifests missing, not a list, and how many entries are bad", () => {
    expect(msg(() => parseIndex({}, W))).toBe("m is an index without a manifests list");
    expect(msg(() => parseIndex({ manifests: {} }, W))).toBe("m has manifests that are an object, not a list");
    const bad = { ...desc, size: -1 };
    expect(msg(() => parseIndex({ manifests: [desc, bad] }, W))).toBe(`m cannot be read: index entry 2 of 2 (sha256:${"a".repeat(24)}…) has a negative size (-1)`);
    expect(msg(() => parseIndex({ manifests: [bad, bad] }, W))).toMatch(/ \(and 1 more entry that cannot be read\)$/);
    expect(msg(() => parseIndex({ manifests: [bad, bad, bad] }, W))).toMatch(/ \(and 2 more entries that cannot be read\)$/);
    expect(parseIndex({ manifests: [] }, W)).toEqual([]);
  });
  it("image manifest: config and layers missing, not a list, a bad layer named", () => {
    expect(msg(() => parseImageManifest({ layers: [] }, W))).toBe("m is an image manifest without a config");
    expect(msg(() => parseImageManifest({ config: { ...desc, size: "1" }, layers: [] }, W))).toMatch(/^m: its config \(sha256:a+…\) has size "1"/);
    expect(msg(() => parseImageManifest({ config: desc }, W))).toBe("m is an image manifest without a layers list");
    expect(msg(() => parseImageManifest({ config: desc, layers: "x" }, W))).toBe("m has layers that are a string, not a list");
    expect(msg(() => parseImageManifest({ config: desc, layers: [desc, {}] }, W))).toBe("m: layer 2 of 2 has no mediaType; has no digest; has no size");
    expect(parseImageManifest({ config: desc, layers: [desc] }, W)).toEqual(desc);
  });
  it("JSON and detection wording", () => {
    expect(msg(() => parseJsonObject(Buffer.from("{"), W))).toBe("m is not JSON");
    expect(msg(() => parseJsonObject(Buffer.from("[]"), W))).toBe("m is not a JSON object");
    expect(msg(() => detectMediaType("text/html", Buffer.from("{}"), W))).toBe('m has media type "text/html", which is not a container image manifest');
    expect(msg(() => detectMediaType("application/json", Buffer.from('{"mediaType":"text/plain"}'), W))).toBe('m has media type "text/plain", which is not a container image manifest');
    expect(msg(() => detectMediaType(null, Buffer.from("{}"), W))).toBe("m is JSON but not a manifest");
  });
  it("schema1 platform and attestations", () => {
    expect(schema1Platform({ architecture: "arm" }, W)).toEqual({ os: "linux", architecture: "arm" });
    for (const architecture of ["", 5, undefined]) expect(msg(() => schema1Platform({ architecture }, W))).toBe("m is a schema1 manifest without an architecture");
    expect(isAttestation({ ...desc, platform: { os: "unknown", architecture: "amd64" } })).toBe(false);
    expect(isAttestation({ ...desc, platform: { os: "unknown", architecture: "unknown" } })).toBe(true);
    expect(isAttestation({ ...desc })).toBe(false);
  });
});

describe("digests", () => {
  // A signed schema1 body: the payload is the first formatLength bytes plus formatTail.
  const payload = '{"schemaVersion":1,"name":"a","architecture":"amd64"';
  const tail = "}";
  const prot = (h: object) => Buffer.from(JSON.stringify(h)).toString("base64url");
  const signed = (h: object) => Buffer.from(`${payload},"signatures":[{"protected":"${prot(h)}"}]}`);
  const good = signed({ formatLength: payload.length, formatTail: Buffer.from(tail).toString("base64url") });
  const payloadDigest = digestOf(Buffer.from(payload + tail));

  it("the payload digest of a signed schema1 body, and null when it cannot be computed", () => {
    expect(schema1PayloadDigest(good)).toBe(payloadDigest);
    expect(schema1PayloadDigest(good, "sha512")).toBe(digestOf(Buffer.from(payload + tail), "sha512"));
    expect(schema1PayloadDigest(signed({ formatLength: "1", formatTail: "fQ" }))).toBe(null);
    expect(schema1PayloadDigest(signed({ formatLength: 3 }))).toBe(null);
    expect(schema1PayloadDigest(Buffer.from('{"signatures":[]}'))).toBe(null);
    expect(schema1PayloadDigest(Buffer.from('{"signatures":[{"protected":5}]}'))).toBe(null);
    expect(schema1PayloadDigest(Buffer.from("{}"))).toBe(null);
    expect(schema1PayloadDigest(Buffer.from("not json"))).toBe(null);
  });
  it("matchesDigest and canonicalDigest use the payload digest for signed schema1 only", () => {
    expect(matchesDigest(good, payloadDigest, MediaTypes.dockerSchema1Signed)).toBe(true);
    expect(matchesDigest(good, payloadDigest, MediaTypes.dockerSchema1)).toBe(false);
    expect(matchesDigest(good, digestOf(good), MediaTypes.dockerSchema1Signed)).toBe(true);
    expect(canonicalDigest(good, MediaTypes.dockerSchema1Signed)).toBe(payloadDigest);
    expect(canonicalDigest(good, MediaTypes.dockerSchema1)).toBe(digestOf(good));
    expect(canonicalDigest(Buffer.from("{}"), MediaTypes.dockerSchema1Signed)).toBe(digestOf(Buffer.from("{}")));
    expect(msg(() => matchesDigest(good, "md5:abc"))).toBe("cannot verify digest md5:abc: only sha256 and sha512 are supported");
    expect(digestOf(Buffer.from(""))).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
