// GET /api/trend: coverage over time, rebuilt from the change events that real scans write.
// Scans run on chosen days (a fake Date only; timers stay real) against the real Distribution
// registry, whose images change between the days, into a Prisma-migrated SQLite file.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startRegistry, type RunningRegistry } from "../../../e2e/fixtures/registry";
import { pushImage, type Plat } from "../../../e2e/fixtures/pusher";
import { expectError, expectJson, get, post } from "../../../test/support/routes";
import type { ApiRepository, ApiScan, TrendPoint } from "../../../lib/api-types";

const linux = (architecture: string, variant?: string): Plat => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });
const today = new Date();
const daysAgo = (n: number, hour = 12) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - n, hour));
const dayKey = (n: number) => `${daysAgo(n).toISOString().slice(0, 10)}T00:00:00.000Z`;

let registry: RunningRegistry;
let api: { trend: typeof import("./route"); repositories: typeof import("../repositories/route"); scans: typeof import("../scans/route") };
let waitForScan: (id: string) => Promise<ApiScan>;
const ids: Record<string, string> = {};

async function push(repo: string, platforms: Plat[], seed: string) {
  await pushImage({ url: registry.url }, repo, "latest", { format: "oci-index", platforms, seed });
}
/** Scans every watched repository as if it were `at` (only Date is faked, so I/O runs normally). */
async function scanOn(at: Date): Promise<void> {
  vi.useFakeTimers({ toFake: ["Date"], now: at, shouldAdvanceTime: true });
  const { scan } = await expectJson<{ scan: ApiScan }>(await api.scans.POST(post("/api/scans", {})), 202);
  expect((await waitForScan(scan.id)).status).toBe("succeeded");
  vi.useRealTimers();
}
async function trend(query = ""): Promise<TrendPoint[]> {
  return (await expectJson<{ points: TrendPoint[] }>(await api.trend.GET(get(`/api/trend${query}`)), 200)).points;
}

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = { trend: await import("./route"), repositories: await import("../repositories/route"), scans: await import("../scans/route") };
  const { engine } = await import("../../../lib/scan");
  waitForScan = (id) => engine().wait(id);
}, 60_000);

afterEach(() => vi.useRealTimers());
afterAll(async () => registry?.stop());

describe("GET /api/trend", () => {
  it("has no points before anything was scanned", async () => {
    expect(await trend()).toEqual([]);
  });

  it("gives one point per day with changes: the share of repositories covering each column that day", async () => {
    // 100 days ago (outside the 90-day window): "old" is watched and covers amd64 only.
    await push("trend/old", [linux("amd64")], "old-1");
    ids.old = (await expectJson<{ repository: ApiRepository }>(await api.repositories.POST(post("/api/repositories", { reference: `${registry.host}/trend/old` })), 201)).repository.id;
    await scanOn(daysAgo(100));

    // 10 days ago: two more repositories; "a" amd64 only, "b" amd64 + arm64.
    await push("trend/a", [linux("amd64")], "a-1");
    await push("trend/b", [linux("amd64"), linux("arm64")], "b-1");
    for (const n of ["a", "b"]) {
      ids[n] = (await expectJson<{ repository: ApiRepository }>(await api.repositories.POST(post("/api/repositories", { reference: `${registry.host}/trend/${n}` })), 201)).repository.id;
    }
    await scanOn(daysAgo(10, 9));
    // Later the same day "a" gains arm64: still one point for that day, holding the later state.
    await push("trend/a", [linux("amd64"), linux("arm64")], "a-2");
    await scanOn(daysAgo(10, 18));

    // 3 days ago: "b" loses arm64 and gains arm/v7; "old" gains s390x.
    await push("trend/b", [linux("amd64"), linux("arm", "v7")], "b-2");
    await push("trend/old", [linux("amd64"), linux("s390x")], "old-2");
    await scanOn(daysAgo(3));
    // Yesterday: nothing changed, so no point.
    await scanOn(daysAgo(1));

    const points = await trend();
    // The event 100 days ago lies outside the window but still counts as "old"'s state afterwards.
    expect(points).toEqual([
      { at: dayKey(10), columns: { amd64: 100, arm: 0, arm64: 66.7, ppc64le: 0, s390x: 0 } },
      { at: dayKey(3), columns: { amd64: 100, arm: 33.3, arm64: 33.3, ppc64le: 0, s390x: 33.3 } },
    ]);
  });

  it("follows the columns filter, and refuses an unknown column with a clear error", async () => {
    expect(await trend("?columns=arm64,riscv64")).toEqual([
      { at: dayKey(10), columns: { arm64: 66.7, riscv64: 0 } },
      { at: dayKey(3), columns: { arm64: 33.3, riscv64: 0 } },
    ]);
    const msg = await expectError(await api.trend.GET(get("/api/trend?columns=arm64,sparc")), 400, "invalid-request");
    expect(msg).toContain('"sparc"');
  });
});
