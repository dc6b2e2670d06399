// The reference implementations' own test documents, with what archgrid must make of each.
// image-spec's cases are read verbatim from image-spec-cases.json (extracted from the Go test
// tables); containerd's TestValidateMediaType documents are rebuilt here exactly as the Go test
// marshals them. Each case cites its source file, test name and position.
import spec from "./image-spec-cases.json";

export type Plat = { os: string; architecture: string; variant?: string };

/**
 * Content that a placeholder digest of the source document stands for. The sources use example
 * digests nobody can serve (content addressing), so the suite pushes real content and writes its
 * digest in their place; nothing else in the document changes.
 */
export type Child =
  | { kind: "image"; platform: Plat }
  | { kind: "artifact" }
  | { kind: "config"; platform: Plat }
  | { kind: "layer" };

export type Expectation =
  /** A tag that resolves: exactly these normalized platforms, and this many skipped entries. */
  | { platforms: string[]; skipped: number }
  /** A tag that is an error whose stored message matches; `ambiguous`: the CVE-2021-41190 refusal. */
  | { error: RegExp; ambiguous?: boolean };

export interface ConformanceCase {
  /** Short, unique, usable in a repository name. */
  slug: string;
  /** Source repository, file, test name and case. */
  cite: string;
  contentType: string | null;
  body: string;
  children: Record<string, Child>;
  expect: Expectation;
  /** What the reference does with the document, for the reader. */
  reference: string;
}

const MT = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
} as const;

const linux = (architecture: string): Plat => ({ os: "linux", architecture });
const D = {
  e69: "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
  b5b: "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
  a99: "sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111",
  c86: "sha256:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b",
  d9d: "sha256:9d3dd9504c685a304985025df4ed0283e47ac9ffa9bd0326fddf4d59513f0827",
  b26: "sha256:2b689805fbd00b2db1df73fae47562faac1a626d5f61744bfe29946ecff5d73d",
  c57: "sha256:c57089565e894899735d458f0fd4bb17a0f1e0df8d72da392b85c9b35ee777cd",
  e44: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
};

const invalid = (what: RegExp): Expectation => ({ error: what });
const declaresButNoImage = invalid(/declares platforms but none of its entries is an image a runtime can pull/);

/** Per image-spec case: children and expectation. Every case of the three tables is listed. */
const IMAGE_SPEC: Record<string, { children?: Record<string, Child>; expect: Expectation; reference: string }> = {
  "TestImageIndex#0": { expect: invalid(/entry 1 of 1 .*malformed mediaType "invalid"/), reference: "schema: invalid; containerd: a pull on ppc64le fails (unexpected media type)" },
  "TestImageIndex#1": { expect: invalid(/entry 1 of 1 .*has size "7682", a string where a whole number of bytes belongs/), reference: "schema: invalid; containerd: the index does not unmarshal" },
  "TestImageIndex#2": { expect: invalid(/entry 1 of 1 has no digest/), reference: "schema: invalid; containerd: nothing to fetch" },
  "TestImageIndex#3": { expect: invalid(/entry 1 of 1 .*has a platform without architecture/), reference: "schema: invalid; containerd: matches no platform" },
  "TestImageIndex#4": { expect: invalid(/entry 1 of 1 .*malformed mediaType "invalid"/), reference: "schema: invalid; containerd: a pull on amd64 fails (unexpected media type)" },
  "TestImageIndex#5": { expect: invalid(/entry 1 of 1 .*has an empty mediaType/), reference: "schema: invalid; containerd: a pull on amd64 fails (unexpected media type)" },
  "TestImageIndex#6": {
    children: { [D.e69]: { kind: "image", platform: linux("ppc64le") }, [D.b5b]: { kind: "image", platform: linux("amd64") } },
    expect: { platforms: ["linux/amd64", "linux/ppc64le"], skipped: 0 },
    reference: "valid; containerd pulls amd64 and ppc64le",
  },
  "TestImageIndex#7": {
    children: { [D.e69]: { kind: "image", platform: linux("amd64") } },
    expect: { platforms: ["linux/amd64"], skipped: 0 },
    reference: "valid; no platform on the entry, so containerd reads the image config (here linux/amd64)",
  },
  "TestImageIndex#8": {
    children: { [D.e69]: { kind: "image", platform: linux("ppc64le") } },
    expect: declaresButNoImage,
    reference: "valid; containerd: a pull on ppc64le fails (unexpected media type application/customized.manifest+json), elsewhere no match",
  },
  "TestImageIndex#9": {
    children: { [D.b5b]: { kind: "image", platform: linux("amd64") }, [D.a99]: { kind: "artifact" } },
    expect: { platforms: ["linux/amd64"], skipped: 1 },
    reference: "valid; containerd pulls the image entry (config linux/amd64); the artifact entry is no image",
  },
  "TestImageIndex#10": {
    children: { [D.b5b]: { kind: "image", platform: linux("amd64") } },
    expect: { platforms: ["linux/amd64"], skipped: 0 },
    reference: "valid; the subject does not change what is pulled",
  },
  "TestImageIndex#11": { expect: invalid(/its subject is a string, not a descriptor object/), reference: "schema: invalid; containerd: the index does not unmarshal (subject is not a descriptor)" },

  "TestManifest#0": { expect: invalid(/its config .*malformed mediaType "invalid"/), reference: "schema: invalid; containerd: no image config to read" },
  "TestManifest#1": { expect: invalid(/is not JSON/), reference: "the test's document is not even JSON (its config object is opened twice); containerd: unmarshal error" },
  "TestManifest#2": { expect: invalid(/layer 1 of 1 .*has size "675598", a string/), reference: "schema: invalid; containerd: the manifest does not unmarshal" },
  "TestManifest#3": {
    children: { [D.c86]: { kind: "config", platform: linux("ppc64le") }, [D.d9d]: { kind: "layer" }, [D.b26]: { kind: "layer" }, [D.c57]: { kind: "layer" } },
    expect: { platforms: ["linux/ppc64le"], skipped: 0 },
    reference: "valid; containerd reads the platform from the config (here linux/ppc64le)",
  },
  "TestManifest#4": {
    children: { [D.c86]: { kind: "config", platform: linux("s390x") }, [D.d9d]: { kind: "layer" }, [D.b26]: { kind: "layer" }, [D.c57]: { kind: "layer" } },
    expect: { platforms: ["linux/s390x"], skipped: 0 },
    reference: "valid; config linux/s390x",
  },
  "TestManifest#5": {
    children: { [D.c86]: { kind: "config", platform: linux("arm64") } },
    expect: { platforms: ["linux/arm64"], skipped: 0 },
    reference: "schema says invalid (minItems 1), but image-spec's text says SHOULD and containerd reads it: issue 9 keeps empty layers working",
  },
  "TestManifest#6": { expect: invalid(/its config .*the algorithm "sha256\+b64", which cannot be verified/), reference: "schema: valid; containerd: go-digest refuses the unregistered algorithm before fetching the config" },
  "TestManifest#7": {
    children: { [D.c86]: { kind: "config", platform: linux("amd64") } },
    expect: { platforms: ["linux/amd64"], skipped: 0 },
    reference: "valid; the subject does not change the image",
  },
  "TestManifest#8": { expect: invalid(/its subject is a string, not a descriptor object/), reference: "schema: invalid; containerd: the manifest does not unmarshal" },
  "TestManifest#9": { expect: invalid(/its config .*the algorithm "sha256\+b64", which cannot be verified/), reference: "schema: invalid (layer algorithm); containerd: cannot fetch" },
  "TestManifest#10": {
    children: { [D.c86]: { kind: "layer" }, [D.d9d]: { kind: "layer" } },
    expect: invalid(/is an OCI artifact \(config type "application\/vnd\.example\.config\+json"\), not a container image/),
    reference: "valid artifact; not an image: no runtime can run it, so no platform",
  },
  "TestManifest#11": {
    children: { [D.d9d]: { kind: "layer" } },
    expect: invalid(/is an OCI artifact \(config type "application\/vnd\.oci\.empty\.v1\+json"\), not a container image/),
    reference: "valid artifact (empty config); not an image",
  },
};

// TestDescriptor's descriptors are served as the one entry of an index, with platform
// linux/s390x added, so that what archgrid stores depends on the descriptor alone.
const s390x = { platforms: ["linux/s390x"], skipped: 0 };
const DESCRIPTOR: Record<number, { expect: Expectation; image?: boolean; reference: string }> = {
  0: { expect: s390x, image: true, reference: "valid" },
  1: { expect: declaresButNoImage, reference: "valid descriptor of a blob (application/octet-stream): no image; containerd: unexpected media type" },
  2: { expect: invalid(/has no mediaType/), reference: "schema: invalid" },
  3: { expect: invalid(/malformed mediaType "application"/), reference: "schema: invalid" },
  4: { expect: invalid(/malformed mediaType "\.foo\/bar"/), reference: "schema: invalid" },
  5: { expect: invalid(/malformed mediaType "foo\/\.bar"/), reference: "schema: invalid" },
  6: { expect: declaresButNoImage, reference: "valid media type of another kind: no image" },
  7: { expect: invalid(/malformed mediaType/), reference: "schema: invalid" },
  8: { expect: invalid(/malformed mediaType/), reference: "schema: invalid" },
  9: { expect: invalid(/has no size/), reference: "schema: invalid" },
  10: { expect: invalid(/has size "7682", a string/), reference: "schema: invalid; containerd: unmarshal error" },
  11: { expect: invalid(/has no digest/), reference: "schema: invalid" },
  12: { expect: invalid(/no algorithm before the colon/), reference: "schema: invalid" },
  13: { expect: invalid(/no hash after its algorithm/), reference: "schema: invalid" },
  14: { expect: invalid(/its algorithm in uppercase/), reference: "schema: invalid" },
  15: { expect: invalid(/its hash in uppercase/), reference: "schema: invalid; go-digest refuses uppercase hex" },
  16: { expect: s390x, image: true, reference: "valid (urls)" },
  17: { expect: invalid(/has urls \["value"\], where a list of absolute URLs belongs/), reference: "schema: invalid" },
  18: { expect: s390x, image: true, reference: "valid; containerd ignores artifactType and pulls the image manifest (its config is an image config)" },
  19: { expect: invalid(/malformed artifactType "foo\/\.bar"/), reference: "schema: invalid" },
  20: { expect: declaresButNoImage, reference: "valid text/plain descriptor with data: no image" },
  21: { expect: invalid(/"sha256\+b64", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  22: { expect: invalid(/"sha256\+b64", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  23: { expect: invalid(/"sha256\+foo-bar", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  24: { expect: invalid(/"sha256\.foo-bar", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  25: { expect: invalid(/"multihash\+base58", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  26: { expect: invalid(/malformed algorithm "sha256\+foo\+-b"/), reference: "schema: invalid" },
  27: { expect: invalid(/"sha256\+b64u", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  28: { expect: invalid(/"sha256\+b64u\.unknownlength", which cannot be verified/), reference: "schema: valid; go-digest: unsupported algorithm" },
  29: { expect: invalid(/has data that is not base64/), reference: "schema: invalid" },
  30: { expect: invalid(/has a negative size \(-7682\)/), reference: "schema: invalid" },
};

function imageSpecCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const c of spec.cases) {
    const cite = `${c.source} ${c.test}, test ${c.index}: ${c.comment} (schema verdict: ${c.fail ? "invalid" : "valid"})`;
    if (c.test === "TestDescriptor") {
      const d = DESCRIPTOR[c.index];
      if (!d) throw new Error(`no expectation for ${c.id}`);
      const desc = JSON.parse(c.body) as Record<string, unknown>;
      const body = JSON.stringify({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: [{ ...desc, platform: { architecture: "s390x", os: "linux" } }] }, null, 2);
      const children: Record<string, Child> = d.image && typeof desc.digest === "string" ? { [desc.digest]: { kind: "image", platform: linux("s390x") } } : {};
      out.push({ slug: `desc-${c.index}`, cite, contentType: MT.ociIndex, body, children, expect: d.expect, reference: d.reference });
      continue;
    }
    const e = IMAGE_SPEC[c.id];
    if (!e) throw new Error(`no expectation for ${c.id}`);
    const index = c.test === "TestImageIndex";
    out.push({
      slug: `${index ? "index" : "manifest"}-${c.index}`,
      cite,
      contentType: index ? MT.ociIndex : MT.ociManifest,
      body: c.body,
      children: e.children ?? {},
      expect: e.expect,
      reference: e.reference,
    });
  }
  return out;
}

// containerd core/images/image_test.go TestValidateMediaType, documents as json.Marshal writes
// them (ocispec.Manifest / ocispec.Index with zero values; Descriptor fields have no omitempty).
const CT_SOURCE = "containerd/containerd core/images/image_test.go TestValidateMediaType";
const manifestDoc = '{"schemaVersion":0,"config":{"mediaType":"","digest":"","size":1},"layers":[{"mediaType":"","digest":"","size":2}]}';
const indexDoc = '{"schemaVersion":0,"manifests":[{"mediaType":"","digest":"","size":1}]}';
const isIndexType = (mt: string) => mt === MT.ociIndex || mt === MT.dockerList;
const short = (mt: string) => (mt === MT.ociIndex ? "oci-index" : mt === MT.dockerList ? "docker-list" : mt === MT.ociManifest ? "oci-manifest" : "docker-manifest");
const ambiguous: Expectation = { error: /is ambiguous: the registry serves it as .* it is refused rather than read either way \(CVE-2021-41190\)/, ambiguous: true };

function containerdCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const all = [MT.dockerManifest, MT.ociManifest, MT.dockerList, MT.ociIndex];
  for (const mt of all) {
    out.push({
      slug: `ctd-manifest-as-${short(mt)}`,
      cite: `${CT_SOURCE} "manifest-${mt}"`,
      contentType: mt,
      body: manifestDoc,
      children: {},
      expect: isIndexType(mt) ? ambiguous : invalid(/has schemaVersion 0; only 2 is defined/),
      reference: isIndexType(mt) ? "validateMediaType: error (manifest is not a valid index)" : "validateMediaType: valid; the manifest names no config digest, so nothing can be pulled",
    });
    out.push({
      slug: `ctd-index-as-${short(mt)}`,
      cite: `${CT_SOURCE} "index-${mt}"`,
      contentType: mt,
      body: indexDoc,
      children: {},
      expect: isIndexType(mt) ? invalid(/has schemaVersion 0; only 2 is defined/) : ambiguous,
      reference: isIndexType(mt) ? "validateMediaType: valid; its one entry has no media type or digest, so nothing can be pulled" : "validateMediaType: error (index is not a valid manifest)",
    });
  }
  for (const mt of all) {
    const same = isIndexType(mt) ? [MT.dockerList, MT.ociIndex] : [MT.dockerManifest, MT.ociManifest];
    for (const body of all) {
      const valid = same.includes(body as never);
      out.push({
        slug: `ctd-${valid ? "valid" : "invalid"}-${short(mt)}-${short(body)}`,
        cite: `${CT_SOURCE} "${valid ? "valid" : "invalid"}-${mt}-${body}"`,
        contentType: mt,
        body: JSON.stringify({ mediaType: body }),
        children: {},
        expect: valid ? invalid(isIndexType(mt) ? /is an index without a manifests list/ : /is an image manifest without a config/) : ambiguous,
        reference: valid ? "validateMediaType: valid; the document has nothing else, so nothing can be pulled" : "validateMediaType: error (media type of the other kind)",
      });
    }
  }
  out.push({
    slug: "ctd-schema1",
    cite: `${CT_SOURCE} "schema1"`,
    contentType: null,
    body: JSON.stringify({ fsLayers: ["1"] }),
    children: {},
    expect: invalid(/is JSON but not a manifest/),
    reference: "validateMediaType: error (schema 1 not supported); served with no Content-Type, as the test passes an empty media type",
  });
  return out;
}

// containerd/platforms spellings as index entries: what the scan stores is the normalized
// platform, with the raw value kept (checked separately in the suite).
const PLATFORMS_SOURCE = "containerd/platforms platforms_test.go TestParseSelector (matches) and database.go normalizeArch";
const CHILD = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
function entries(platforms: Array<Record<string, string>>): string {
  return JSON.stringify({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: platforms.map((platform) => ({ mediaType: MT.ociManifest, digest: CHILD, size: 500, platform })) }, null, 2);
}

function platformCases(): ConformanceCase[] {
  return [
    {
      slug: "platforms-spellings",
      cite: PLATFORMS_SOURCE,
      contentType: MT.ociIndex,
      body: entries([
        { os: "linux", architecture: "aarch64" },
        { os: "linux", architecture: "arm64", variant: "v8" },
        { os: "linux", architecture: "armhf" },
        { os: "linux", architecture: "armel" },
        { os: "linux", architecture: "arm", variant: "7" },
        { os: "Linux", architecture: "x86_64" },
        { os: "linux", architecture: "i386" },
        { os: "linux", architecture: "amd64", variant: "v3" },
        { os: "linux", architecture: "arm64", variant: "9.0" },
      ]),
      children: { [CHILD]: { kind: "image", platform: linux("amd64") } },
      expect: { platforms: ["linux/386", "linux/amd64", "linux/amd64/v3", "linux/arm/v6", "linux/arm/v7", "linux/arm64", "linux/arm64/v9"], skipped: 0 },
      reference: "containerd's Normalize of each entry",
    },
    {
      slug: "platforms-untrimmed",
      cite: `${PLATFORMS_SOURCE} (lowercase only, no trimming)`,
      contentType: MT.ociIndex,
      body: entries([{ os: "linux", architecture: "amd64 " }, { os: "linux", architecture: "S390X" }]),
      children: { [CHILD]: { kind: "image", platform: linux("amd64") } },
      expect: { platforms: ["linux/amd64 ", "linux/s390x"], skipped: 0 },
      reference: 'containerd: "amd64 " is its own architecture (a pull on amd64 does not pick it); "S390X" lowercases to s390x',
    },
  ];
}

export const CASES: ConformanceCase[] = [...imageSpecCases(), ...containerdCases(), ...platformCases()];
export const IMAGE_SPEC_COMMIT: string = spec.commit;
