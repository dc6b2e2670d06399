// Honest figures through the route handlers, the real registry and a migrated SQLite file: the
// summary says how many were scanned; a regression is marked while it lasts and can be filtered
// by date in the grid's API and in the reports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import type { ApiRepository, CoverageResponseFull } from "../api-types";

let registry: RunningRegistry;
let api: {
  repositories: typeof import("../../app/api/repositories/route");
  scans: typeof import("../../app/api/scans/route");
  coverage: typeof import("../../app/api/coverage/route");
  gaps: typeof import("../../app/api/reports/gaps/route");
};
let waitForScan: (id: string) => Promise<unknown>;

const base = "http://archgrid.test";
const post = (path: string, body: unknown) => new Request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const linux = (architecture: string) => ({ os: "linux", architecture });
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function add(reference: string): Promise<ApiRepository> {
  const res = await api.repositories.POST(post("/api/repositories", { reference }));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { repository: ApiRepository }).repository;
}
async function scan(repositoryIds: string[]): Promise<void> {
  const res = await api.scans.POST(post("/api/scans", { repositoryIds }));
  await waitForScan(((await res.json()) as { scan: { id: string } }).scan.id);
}
async function coverage(query = ""): Promise<CoverageResponseFull> {
  const res = await api.coverage.GET(new Request(`${base}/api/coverage${query}`));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as CoverageResponseFull;
}

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    repositories: await import("../../app/api/repositories/route"),
    scans: await import("../../app/api/scans/route"),
    coverage: await import("../../app/api/coverage/route"),
    gaps: await import("../../app/api/reports/gaps/route"),
  };
  const { engine } = await import("../scan/engine");
  waitForScan = (id) => engine().wait(id);
  const five = ["amd64", "arm", "arm64", "ppc64le", "s390x"].map(linux);
  await pushImage({ url: registry.url }, "acme/app", "latest", { format: "oci-index", platforms: five, seed: "v1" });
  await pushImage({ url: registry.url }, "acme/other", "latest", { format: "oci-index", platforms: five, seed: "o1" });
  await pushImage({ url: registry.url }, "acme/third", "latest", { format: "oci-index", platforms: five, seed: "t1" });
  for (const tag of ["1.9.0", "2.0.0", "1.10.0", "latest", "edge"]) {
    await pushImage({ url: registry.url }, "acme/versions", tag, { format: "oci-index", platforms: tag === "latest" ? [linux("amd64")] : [linux("amd64"), linux("arm64")], seed: tag });
  }
}, 120_000);

afterAll(async () => registry?.stop());

describe("honest figures", () => {
  it("1 of 3 scanned: the summary says so, and the percentage is over the scanned one only", async () => {
    const app = await add(`${registry.host}/acme/app`);
    await add(`${registry.host}/acme/other`);
    await add(`${registry.host}/acme/third`);
    await scan([app.id]);
    const { summary } = await coverage();
    expect([summary.scanned, summary.repositories]).toEqual([1, 3]);
    const amd64 = summary.columns.find((c) => c.key === "amd64")!;
    expect(amd64).toMatchObject({ complete: 1, unknown: 2, completePercent: 100 });
  });
});

describe("regressions", () => {
  it("a tag that loses arm64 is marked, filtered by date, and unmarked once fixed", async () => {
    const app = (await coverage("?q=acme/app")).repositories[0];
    expect(app.regression).toBeUndefined();

    await pushImage({ url: registry.url }, "acme/app", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm"), linux("ppc64le"), linux("s390x")], seed: "v2" });
    await scan([app.id]);
    const after = await coverage();
    const row = after.repositories.find((r) => r.id === app.id)!;
    expect(row.regression).toMatchObject({ tag: "latest", lost: ["arm64"] });
    expect(after.repositories.filter((r) => r.regression).map((r) => r.id)).toEqual([app.id]);

    expect((await coverage(`?regressedSince=${day(-1)}`)).repositories.map((r) => r.id)).toEqual([app.id]);
    expect((await coverage(`?regressedSince=${day(1)}`)).repositories).toEqual([]);

    const report = await api.gaps.GET(new Request(`${base}/api/reports/gaps?format=json&regressedSince=${day(-1)}`));
    const doc = (await report.json()) as { repositories: Array<{ reference: string }> };
    expect(doc.repositories.map((r) => r.reference)).toEqual([`${registry.host}/acme/app`]);

    const bad = await api.coverage.GET(new Request(`${base}/api/coverage?regressedSince=last-tuesday`));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/"last-tuesday" is not a date/);

    await pushImage({ url: registry.url }, "acme/app", "latest", { format: "oci-index", platforms: ["amd64", "arm", "arm64", "ppc64le", "s390x"].map(linux), seed: "v3" });
    await scan([app.id]);
    expect((await coverage()).repositories.find((r) => r.id === app.id)!.regression).toBeUndefined();
    // The filter still finds it: it did regress in that period.
    expect((await coverage(`?regressedSince=${day(-1)}`)).repositories.map((r) => r.id)).toEqual([app.id]);
  });
});

describe("the repository page's order and first advice", () => {
  it("lists latest, then versions newest first (1.10.0 after 2.0.0, before 1.9.0), then other names", async () => {
    const res = await api.repositories.POST(post("/api/repositories", { reference: `${registry.host}/acme/versions`, tagPolicy: { kind: "newest", count: 10 } }));
    const { repository } = (await res.json()) as { repository: ApiRepository };
    await scan([repository.id]);
    const row = (await coverage("?q=acme/versions")).repositories[0];
    expect(row.tags.map((t) => t.tag)).toEqual(["latest", "2.0.0", "1.10.0", "1.9.0", "edge"]);
  });
});
