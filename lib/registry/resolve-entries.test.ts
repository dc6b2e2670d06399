// resolve.ts answers index entries that name their platform without a promise each, and awaits only
// the entries that fetch something. An entry that fails at once (here: an index nested one level
// too deep) must not leave another entry's fetch unwatched: its later rejection would be an
// unhandled one, which ends a Node process. The source below plays the registry because Distribution
// refuses to store an index whose entries do not exist, so it cannot serve an entry that fails
// later beside one that fails at once.
import { afterEach, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { resolvePlatforms } from "./resolve";
import type { FetchedManifest, ManifestSource } from "./types";

const INDEX = "application/vnd.oci.image.index.v1+json";
const IMAGE = "application/vnd.oci.image.manifest.v1+json";
const d = (c: string) => `sha256:${c.repeat(64)}`;
const doc = (digest: string, json: Record<string, unknown>): FetchedManifest => ({ digest, mediaType: String(json.mediaType), body: Buffer.from(JSON.stringify(json)), json });
const repo = { registry: "registry.test", repository: "team/app" };

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
process.on("unhandledRejection", onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

function source(children: Record<string, () => Promise<FetchedManifest>>, nestedIndexDepth = 1): ManifestSource {
  return {
    nestedIndexDepth,
    maxDescriptorsPerTag: 1024,
    maxRequestsPerTag: 256,
    fetchManifest: (_r, digest) => children[digest]?.() ?? Promise.reject(new Error(`unexpected fetch of ${digest}`)),
    configPlatform: () => Promise.reject(new Error("no config expected")),
  };
}

it("entries with their platform resolve without any fetch, attestations skipped", async () => {
  const top = doc(d("a"), {
    schemaVersion: 2,
    mediaType: INDEX,
    manifests: [
      { mediaType: IMAGE, digest: d("b"), size: 10, platform: { os: "linux", architecture: "amd64" } },
      { mediaType: IMAGE, digest: d("c"), size: 10, platform: { os: "linux", architecture: "arm64", variant: "v8" } },
      { mediaType: IMAGE, digest: d("e"), size: 10, platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": d("b") } },
    ],
  });
  const counter = { requests: 1 };
  const r = await resolvePlatforms(source({}), repo, top, counter, { verifyConfigs: false, label: "team/app:1" });
  expect(r.platforms.map((p) => p.platform)).toEqual([{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }]);
  expect(r.skipped).toBe(1);
  expect(counter.requests).toBe(1);
});

it("an entry that fails at once fails the tag, and another entry's fetch failing later is still watched (no unhandled rejection)", async () => {
  const child = doc(d("c"), {
    schemaVersion: 2,
    mediaType: INDEX,
    manifests: [
      // No platform: its manifest is fetched (and that fetch fails, 30 ms later).
      { mediaType: IMAGE, digest: d("1"), size: 10 },
      // An index one level deeper than nestedIndexDepth allows: refused at once.
      { mediaType: INDEX, digest: d("2"), size: 10 },
    ],
  });
  const top = doc(d("a"), { schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: INDEX, digest: d("c"), size: 10 }] });
  let failedLater = false;
  const src = source({
    [d("c")]: async () => child,
    [d("1")]: async () => {
      await new Promise((r) => setTimeout(r, 30));
      failedLater = true;
      throw new RegistryError("tag-not-found", "no such manifest");
    },
  });
  await expect(resolvePlatforms(src, repo, top, { requests: 1 }, { verifyConfigs: false, label: "team/app:1" })).rejects.toMatchObject({ code: "invalid-response" });
  await new Promise((r) => setTimeout(r, 80));
  expect(failedLater).toBe(true);
  expect(unhandled).toEqual([]);
});
