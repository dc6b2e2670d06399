// POST /api/repositories/import with source "catalog": a whole namespace from the real
// Distribution registry's /v2/_catalog, through the route handler into a Prisma-migrated SQLite
// file. The registry pages its catalog 2 names at a time (catalog.maxentries: 2), so the import
// must also fall back from the page size it asks for (400 PAGINATION_NUMBER_INVALID) and follow
// the registry's Link headers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRegistry, type RunningRegistry } from "../../../../e2e/fixtures/registry";
import { pushMany } from "../../../../e2e/fixtures/pusher";
import { expectError, expectJson, get, post } from "../../../../test/support/routes";
import type { ApiRepository, BulkAddResponse } from "../../../../lib/api-types";

let registry: RunningRegistry;
let closedHost: string;
let api: { import: typeof import("./route"); repositories: typeof import("../route") };

const NAMES = ["payments/api", "payments/db-migrate", "payments/ledger", "payments/worker", "search/indexer", "search/web", "tools/ci"];

const importNs = (body: unknown) => api.import.POST(post("/api/repositories/import", body));
async function watched(): Promise<ApiRepository[]> {
  return (await expectJson<{ repositories: ApiRepository[] }>(await api.repositories.GET(get("/api/repositories")), 200)).repositories;
}

beforeAll(async () => {
  registry = await startRegistry({ catalogMaxEntries: 2 });
  closedHost = `127.0.0.1:${await freePort()}`;
  process.env.ARCHGRID_INSECURE_REGISTRIES = `${registry.host},${closedHost}`;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = { import: await import("./route"), repositories: await import("../route") };
  await pushMany(
    { url: registry.url },
    NAMES.map((repo) => ({ repo, tag: "latest", spec: { format: "oci-image" as const, platform: { os: "linux", architecture: "amd64" }, seed: repo } })),
  );
}, 60_000);

afterAll(async () => registry?.stop());

describe("POST /api/repositories/import (catalog)", () => {
  it("adds every repository under the prefix across catalog pages, with the given tags (201)", async () => {
    const r = await expectJson<BulkAddResponse>(await importNs({ source: "catalog", registry: registry.host, prefix: "payments/", tags: ["1.0", "latest"] }), 201);
    expect(r.created.map((c) => c.reference)).toEqual(NAMES.filter((n) => n.startsWith("payments/")).map((n) => `${registry.host}/${n}`));
    expect(r.existing).toEqual([]);
    expect(r.invalid).toEqual([]);
    for (const c of r.created) expect(c.tagPolicy).toEqual({ kind: "tags", tags: ["1.0", "latest"] });
    expect((await watched()).map((w) => w.name).sort()).toEqual(["payments/api", "payments/db-migrate", "payments/ledger", "payments/worker"]);
  });

  it("is idempotent (200, nothing created), and without a prefix takes the whole catalog", async () => {
    const again = await expectJson<BulkAddResponse>(await importNs({ source: "catalog", registry: registry.host, prefix: "payments/" }), 200);
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(4);
    const all = await expectJson<BulkAddResponse>(await importNs({ source: "catalog", registry: registry.host, tagPolicy: { kind: "newest", count: 2 } }), 201);
    expect(all.created.map((c) => c.name)).toEqual(["search/indexer", "search/web", "tools/ci"]);
    for (const c of all.created) expect(c.tagPolicy).toEqual({ kind: "newest", count: 2 });
    expect(all.existing).toHaveLength(4);
    expect(await watched()).toHaveLength(NAMES.length);
  });

  it("stops at `limit` names", async () => {
    const { DELETE } = await import("../[id]/route");
    for (const w of await watched()) await DELETE(new Request(`http://archgrid.test/api/repositories/${w.id}`, { method: "DELETE" }), { params: Promise.resolve({ id: w.id }) });
    const r = await expectJson<BulkAddResponse>(await importNs({ source: "catalog", registry: registry.host, limit: 3 }), 201);
    expect(r.created.map((c) => c.name)).toEqual(NAMES.slice(0, 3));
  });

  it("refuses bad requests in plain words and adds nothing", async () => {
    const before = await watched();
    expect(await expectError(await importNs({ source: "catalog" }), 400, "invalid-request")).toMatch(/registry is required/);
    expect(await expectError(await importNs({ source: "ftp", registry: registry.host }), 400, "invalid-request")).toMatch(/^source: /);
    expect(await expectError(await importNs({ source: "catalog", registry: "docker.io" }), 400, "invalid-reference")).toMatch(/Docker Hub offers no catalog/);
    expect(await expectError(await importNs({ source: "catalog", registry: registry.host, limit: 0 }), 400, "invalid-request")).toMatch(/^limit: /);
    const bad = await api.import.POST(new Request("http://archgrid.test/api/repositories/import", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }));
    expect(await expectError(bad, 400, "invalid-request")).toMatch(/not valid JSON/);
    expect(await watched()).toEqual(before);
  });

  it("says which registry could not be reached (502) and adds nothing", async () => {
    const before = await watched();
    const msg = await expectError(await importNs({ source: "catalog", registry: closedHost }), 502, "registry-unavailable");
    expect(msg).toContain(closedHost);
    expect(await watched()).toEqual(before);
  });

  it("refuses a loopback registry that is not in ARCHGRID_INSECURE_REGISTRIES", async () => {
    const port = registry.host.split(":")[1];
    const msg = await expectError(await importNs({ source: "catalog", registry: `localhost:${port}` }), 502, "blocked-address");
    expect(msg.length).toBeGreaterThan(10);
  });
});
