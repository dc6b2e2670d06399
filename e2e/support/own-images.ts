// Images a spec pushes for itself while it runs (the shared catalog stays untouched), then
// watches and scans through the app's API. Safe to call again on a retry: a push of the same
// spec gives the same digests, and `seed` reuses a watch an earlier attempt made.
import type { APIRequestContext } from "@playwright/test";
import type { ApiRepository } from "../../lib/api-types";
import { pushImage, type ImageSpec } from "../fixtures/pusher";
import { seed } from "./api";
import { e2eState } from "./state";

export interface OwnImage {
  repo: string;
  tags: Array<[tag: string, spec: ImageSpec]>;
}

/** Pushes every tag of `images`, then watches each repository (all its tags) and scans it. */
export async function pushAndSeed(request: APIRequestContext, images: OwnImage[]): Promise<ApiRepository[]> {
  const { registryUrl, registryHost } = e2eState();
  for (const img of images) for (const [tag, spec] of img.tags) await pushImage({ url: registryUrl }, img.repo, tag, { ...spec, seed: `${img.repo}:${tag}` });
  const out: ApiRepository[] = [];
  for (const img of images) {
    const [repo] = await seed(request, [`${registryHost}/${img.repo}`], img.tags.map(([t]) => t));
    out.push(repo);
  }
  return out;
}

export const ALL_FIVE: ImageSpec = {
  format: "oci-index",
  platforms: [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm", variant: "v7" },
    { os: "linux", architecture: "arm64", variant: "v8" },
    { os: "linux", architecture: "ppc64le" },
    { os: "linux", architecture: "s390x" },
  ],
  attestations: true,
};

export const AMD64_ARM64: ImageSpec = {
  format: "oci-index",
  platforms: [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm64", variant: "v8" },
  ],
};

export const AMD64_ONLY: ImageSpec = { format: "docker-image", platform: { os: "linux", architecture: "amd64" } };
