// Bounded, deduplicated resolution (issue 10 item 6) and entries named in errors (issue 9 item 3),
// against the served-body fixture: a loopback /v2 server that serves exactly the documents given,
// so that hostile shapes Distribution would refuse can be served, and every request is counted.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anonymous, failure } from "../../test/support/harness";
import { type ServedBodies, startServedBodies } from "../../test/support/served-body";
import { RegistryClient } from "./client";
import { platformKey } from "./platform";
import type { Reference } from "./types";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const repo = "team/app";
let served: ServedBodies;
let client: RegistryClient;
const ref = (): Reference => ({ registry: served.host, repository: repo });

beforeEach(async () => {
  served = await startServedBodies();
  client = new RegistryClient({ insecureRegistries: [served.host], credentials: anonymous, backoffBaseMs: 5 });
});
afterEach(() => served.stop());

/** An image whose config says `architecture`; returns its descriptor. */
function image(architecture: string, salt = ""): { mediaType: string; digest: string; size: number } {
  const config = Buffer.from(JSON.stringify({ os: "linux", architecture, rootfs: { type: "layers", diff_ids: [] }, salt }));
  const body = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: served.putBlob(config), size: config.length }, layers: [] });
  return { mediaType: OCI_MANIFEST, digest: served.putManifest(repo, null, body, OCI_MANIFEST), size: body.length };
}

function index(manifests: unknown[], tag: string | null = null): { mediaType: string; digest: string; size: number } {
  const body = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests });
  return { mediaType: OCI_INDEX, digest: served.putManifest(repo, tag, body, OCI_INDEX), size: body.length };
}

const gets = () => served.requests().filter((r) => r.startsWith("GET "));

describe("nested indexes: deduplicated by digest", () => {
  it("an index naming the same child index 500 times costs one GET for it", async () => {
    const child = index([
      { ...image("amd64"), platform: { os: "linux", architecture: "amd64" } },
      { ...image("arm64"), platform: { os: "linux", architecture: "arm64" } },
    ]);
    index(Array.from({ length: 500 }, () => child), "fan");
    const r = await client.resolve(ref(), "fan");
    expect(r.platforms.map((p) => platformKey(p.platform)).sort()).toEqual(["linux/amd64", "linux/arm64"]);
    expect(gets()).toHaveLength(2); // the tag's index and the child index, once
    expect(r.requests).toBe(2);
  });

  it("the same platform-less image listed 300 times: one manifest GET and one config GET", async () => {
    const img = image("s390x");
    index(Array.from({ length: 300 }, () => img), "same");
    const r = await client.resolve(ref(), "same");
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/s390x"]);
    expect(gets()).toHaveLength(3);
  });
});

describe("caps per tag, each with a plain-words error", () => {
  it("at most 1,024 index entries, nested ones included", async () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ ...image("amd64", String(i)), platform: { os: "linux", architecture: "amd64", variant: `v${i}` } }));
    index(entries(1024), "max");
    expect((await client.resolve(ref(), "max")).platforms).toHaveLength(1024);
    index(entries(1025), "over");
    const e = await failure(client.resolve(ref(), "over"));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/lists more than 1,024 index entries \(nested indexes included\); archgrid reads at most 1,024 per tag/);
  });

  it("at most 256 registry requests: 300 images whose platform must be read from their configs", async () => {
    index(Array.from({ length: 300 }, (_, i) => image("arm64", String(i))), "many");
    const e = await failure(client.resolve(ref(), "many"));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/needs more than 256 registry requests to resolve; archgrid makes at most 256 per tag/);
    expect(gets().length).toBeLessThanOrEqual(256);
  });

  it("at most 4 levels of nesting", async () => {
    let inner = { ...image("amd64"), platform: { os: "linux", architecture: "amd64" } } as unknown;
    for (let i = 0; i < 6; i++) inner = index([inner]);
    index([inner], "deep");
    const e = await failure(client.resolve(ref(), "deep"));
    expect(e.message).toMatch(/nests indexes more than 4 levels deep/);
  });
});

describe("an entry that cannot be read is named", () => {
  it("by position, digest and what is wrong", async () => {
    const good = { ...image("amd64"), platform: { os: "linux", architecture: "amd64" } };
    const upper = { ...good, digest: good.digest.toUpperCase().replace("SHA256", "sha256") };
    index([good, good, upper, good], "bad");
    const e = await failure(client.resolve(ref(), "bad"));
    expect(e.code).toBe("invalid-response");
    expect(e.message).toContain(`index entry 3 of 4 (${upper.digest.slice(0, 31)}…)`);
    expect(e.message).toContain(`has digest "${upper.digest}" with its hash in uppercase (digests are lowercase hex)`);
  });

  it("a child served as another kind than its entry declares is refused", async () => {
    const child = index([{ ...image("amd64"), platform: { os: "linux", architecture: "amd64" } }]);
    index([{ ...child, mediaType: OCI_MANIFEST }], "liar");
    const e = await failure(client.resolve(ref(), "liar"));
    expect(e.message).toMatch(/entry 1 of 1 .* is declared as "application\/vnd\.oci\.image\.manifest\.v1\+json" but the registry serves it as "application\/vnd\.oci\.image\.index\.v1\+json"/);
  });

  it("signatures and attestations are skipped and counted, never platforms", async () => {
    const sig = { mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", digest: image("amd64", "sig").digest, size: 10 };
    const att = { ...image("amd64", "att"), platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest" } };
    index([{ ...image("riscv64"), platform: { os: "linux", architecture: "riscv64" } }, sig, att], "signed");
    const r = await client.resolve(ref(), "signed");
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/riscv64"]);
    expect(r.skipped).toBe(2);
  });
});
