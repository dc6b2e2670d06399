// GET /api/repositories/{id}/preview: the tags a tag policy selects now, listed from the real
// registry through the route handler, on a migrated SQLite file. Nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../../../../e2e/fixtures/registry";
import { pushImage } from "../../../../../e2e/fixtures/pusher";
import { expectError, expectJson, get, idCtx, post } from "../../../../../test/support/routes";
import type { ApiRepository } from "../../../../../lib/api-types";

let registry: RunningRegistry;
let api: { repositories: typeof import("../../route"); preview: typeof import("./route"); one: typeof import("../route") };
let repo: ApiRepository;

const preview = (policy?: unknown, id = repo.id) =>
  api.preview.GET(get(`/api/repositories/${id}/preview${policy === undefined ? "" : `?policy=${encodeURIComponent(typeof policy === "string" ? policy : JSON.stringify(policy))}`}`), idCtx(id));

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = { repositories: await import("../../route"), preview: await import("./route"), one: await import("../route") };
  for (const tag of ["1.0.0", "1.1.0", "2.0.0", "latest", "nightly"]) {
    await pushImage({ url: registry.url }, "acme/app", tag, { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], seed: tag });
  }
  repo = (await expectJson<{ repository: ApiRepository }>(await api.repositories.POST(post("/api/repositories", { reference: `${registry.host}/acme/app` })), 201)).repository;
}, 120_000);

afterAll(async () => {
  await registry?.stop();
});

describe("GET /api/repositories/{id}/preview", () => {
  it("lists the tags a policy selects from the registry's tag list", async () => {
    const newest = await expectJson<{ tags: string[]; availableCount: number }>(await preview({ kind: "newest", count: 2 }), 200);
    expect(newest.tags).toEqual(["2.0.0", "1.1.0"]);
    expect(newest.availableCount).toBe(5);
    const pattern = await expectJson<{ tags: string[] }>(await preview({ kind: "pattern", include: ["1.*"], max: 10 }), 200);
    expect(pattern.tags.sort()).toEqual(["1.0.0", "1.1.0"]);
  });

  it("uses the stored policy without a query, and stores nothing", async () => {
    const r = await expectJson<{ tags: string[]; policy: unknown }>(await preview(), 200);
    expect(r).toMatchObject({ policy: { kind: "tags", tags: ["latest"] }, tags: ["latest"] });
    const after = await expectJson<{ repository: ApiRepository }>(await api.one.GET(get(`/api/repositories/${repo.id}`), idCtx(repo.id)), 200);
    expect(after.repository.tagPolicy).toEqual({ kind: "tags", tags: ["latest"] });
  });

  it("answers a bad policy and an unknown repository in plain words", async () => {
    expect(await expectError(await preview("{nope"), 400, "invalid-request")).toMatch(/policy must be a JSON tag policy/);
    expect(await expectError(await preview({ kind: "newest", count: 0 }), 400, "invalid-request")).toMatch(/^policy: count/);
    await expectError(await preview({ kind: "newest", count: 1 }, "no-such-id"), 404, "not-found");
  });
});
