// A namespace import takes every tag policy, not only tag names, and a host field typed as a URL:
// through the route handlers, the real Distribution registry's catalog and tags, a scan, and a
// migrated SQLite file. The scan then tracks exactly what the policy picks (newest N by semver).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import type { BulkAddResponse, CoverageResponseFull } from "../api-types";

let registry: RunningRegistry;
let api: {
  import: typeof import("../../app/api/repositories/import/route");
  scans: typeof import("../../app/api/scans/route");
  coverage: typeof import("../../app/api/coverage/route");
};
let waitForScan: (id: string) => Promise<unknown>;

const base = "http://archgrid.test";
const post = (path: string, body: unknown) => new Request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

async function importNs(body: unknown): Promise<{ status: number; json: BulkAddResponse & { error?: { message: string } } }> {
  const res = await api.import.POST(post("/api/repositories/import", body));
  return { status: res.status, json: await res.json() };
}

async function scanAndRead(ids: string[]): Promise<Map<string, string[]>> {
  const res = await api.scans.POST(post("/api/scans", { repositoryIds: ids }));
  await waitForScan(((await res.json()) as { scan: { id: string } }).scan.id);
  const cov = (await (await api.coverage.GET(new Request(`${base}/api/coverage`))).json()) as CoverageResponseFull;
  return new Map(cov.repositories.filter((r) => ids.includes(r.id)).map((r) => [r.reference.split("/").slice(1).join("/"), r.tags.map((t) => t.tag).sort()]));
}

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    import: await import("../../app/api/repositories/import/route"),
    scans: await import("../../app/api/scans/route"),
    coverage: await import("../../app/api/coverage/route"),
  };
  const { engine } = await import("../scan/engine");
  waitForScan = (id) => engine().wait(id);
  const img = (seed: string) => ({ format: "oci-image" as const, platform: { os: "linux", architecture: "amd64" }, seed });
  for (const t of ["1.2.0", "1.10.0", "1.9.3", "2.0.0-rc.1", "latest"]) await pushImage({ url: registry.url }, "shop/api", t, img(`api-${t}`));
  for (const t of ["0.9.0", "1.0.0", "nightly"]) await pushImage({ url: registry.url }, "shop/worker", t, img(`worker-${t}`));
  await pushImage({ url: registry.url }, "other/thing", "1.0.0", img("other"));
}, 120_000);

afterAll(async () => registry?.stop());

describe("namespace import with a tag policy", () => {
  it("newest N with an exclude pattern, from a host typed as a URL: each repository tracks its own newest tags", async () => {
    const r = await importNs({ source: "catalog", registry: `http://${registry.host}/`, namespace: "shop/", tagPolicy: { kind: "newest", count: 2, exclude: ["*-rc*"] } });
    expect(r.status).toBe(201);
    expect(r.json.created.map((c) => [c.reference, c.tagPolicy])).toEqual([
      [`${registry.host}/shop/api`, { kind: "newest", count: 2, exclude: ["*-rc*"] }],
      [`${registry.host}/shop/worker`, { kind: "newest", count: 2, exclude: ["*-rc*"] }],
    ]);
    const tracked = await scanAndRead(r.json.created.map((c) => c.id));
    expect(tracked.get("shop/api")).toEqual(["1.10.0", "1.9.3"]); // semver: 1.10 is newer than 1.9 and 1.2
    expect(tracked.get("shop/worker")).toEqual(["0.9.0", "1.0.0"]);
  });

  it("a pattern policy with at most N", async () => {
    const r = await importNs({ source: "catalog", registry: `https://${registry.host}`, namespace: "other/", tagPolicy: { kind: "pattern", include: ["1.*"], max: 1 } });
    expect(r.status).toBe(201);
    expect(await scanAndRead(r.json.created.map((c) => c.id))).toEqual(new Map([["other/thing", ["1.0.0"]]]));
  });

  it("a host with a path is refused in plain words, naming no internal path", async () => {
    const r = await importNs({ source: "catalog", registry: `http://${registry.host}/shop/api`, tagPolicy: { kind: "newest", count: 2 } });
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toBe(`registry: "http://${registry.host}/shop/api" has a path or query; give only the host and port, e.g. ${registry.host}`);
  });
});
