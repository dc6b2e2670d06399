// GET /api/registries and the rate-limit recording behind it: two real Distribution registries,
// each behind a fault proxy that adds Docker Hub's rate-limit headers to its answers (one in
// `RateLimit-*` spelling, one in Docker Hub's lower-case `ratelimit-*`), a third registry that
// sends none. Scans run through the real route handlers into a Prisma-migrated SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy } from "../../../e2e/fixtures/fault-proxy";
import { pushImage } from "../../../e2e/fixtures/pusher";
import { expectJson, get, post, until } from "../../../test/support/routes";
import type { ApiRegistry, ApiRepository, ApiScan } from "../../../lib/api-types";

let registry: RunningRegistry;
let hub: FaultProxy;
let lower: FaultProxy;
let plain: FaultProxy;
let api: {
  registries: typeof import("./route");
  repositories: typeof import("../repositories/route");
  scans: typeof import("../scans/route");
};
let waitForScan: (id: string) => Promise<ApiScan>;

async function registries(): Promise<ApiRegistry[]> {
  return (await expectJson<{ registries: ApiRegistry[] }>(await api.registries.GET(get("/api/registries")), 200)).registries;
}
async function watch(reference: string): Promise<ApiRepository> {
  return (await expectJson<{ repository: ApiRepository }>(await api.repositories.POST(post("/api/repositories", { reference })), 201)).repository;
}
async function scan(ids: string[]): Promise<void> {
  const { scan } = await expectJson<{ scan: ApiScan }>(await api.scans.POST(post("/api/scans", { repositoryIds: ids })), 202);
  expect((await waitForScan(scan.id)).status).toBe("succeeded");
}
const entry = async (host: string) => (await registries()).find((r) => r.host === host);

beforeAll(async () => {
  registry = await startRegistry();
  // Only manifest answers carry the headers, as on Docker Hub (which counts manifest GETs).
  hub = await startFaultProxy(registry.url, [{ path: /\/manifests\//, headers: { "RateLimit-Limit": "100;w=21600", "RateLimit-Remaining": "76;w=21600" } }]);
  lower = await startFaultProxy(registry.url, [{ path: /\/manifests\//, headers: { "ratelimit-limit": "200", "ratelimit-remaining": "199" } }]);
  plain = await startFaultProxy(registry.url);
  process.env.ARCHGRID_INSECURE_REGISTRIES = [hub.host, lower.host, plain.host].join(",");
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    registries: await import("./route"),
    repositories: await import("../repositories/route"),
    scans: await import("../scans/route"),
  };
  const { engine } = await import("../../../lib/scan");
  waitForScan = (id) => engine().wait(id);
  for (const repo of ["org/api", "org/web"]) {
    await pushImage({ url: registry.url }, repo, "latest", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], seed: repo });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([hub?.stop(), lower?.stop(), plain?.stop()]);
  await registry?.stop();
});

describe("GET /api/registries", () => {
  it("lists each registry of the watch list with its repository count, and no rate limit before any scan", async () => {
    expect(await registries()).toEqual([]);
    await watch(`${hub.host}/org/api`);
    await watch(`${hub.host}/org/web`);
    await watch(`${lower.host}/org/api`);
    await watch(`${plain.host}/org/api`);
    const list = await registries();
    expect(list.map((r) => r.host)).toEqual([hub.host, lower.host, plain.host].sort());
    expect(Object.fromEntries(list.map((r) => [r.host, r.repositories]))).toEqual({ [hub.host]: 2, [lower.host]: 1, [plain.host]: 1 });
    for (const r of list) expect(r.rateLimit).toBeNull();
  });

  it("records the rate-limit headers a registry answers a scan with, in either spelling", async () => {
    const ids = (await expectJson<{ repositories: ApiRepository[] }>(await api.repositories.GET(get("/api/repositories")), 200)).repositories.map((r) => r.id);
    const before = Date.now();
    await scan(ids);
    // Recording is fire-and-forget beside the scan, so it may land just after the scan ends.
    const h = await until(async () => (await entry(hub.host))?.rateLimit, "the hub proxy's rate limit");
    expect(h).toMatchObject({ limit: 100, remaining: 76, windowSeconds: 21600 });
    expect(Date.parse(h.at ?? "")).toBeGreaterThanOrEqual(before - 1000);
    const l = await until(async () => (await entry(lower.host))?.rateLimit, "the lower-case proxy's rate limit");
    expect(l).toMatchObject({ limit: 200, remaining: 199, windowSeconds: null });
    expect((await entry(plain.host))?.rateLimit).toBeNull();
  });

  it("keeps the latest figures: a later answer replaces the earlier one", async () => {
    hub.setRules([{ path: /\/manifests\//, headers: { "RateLimit-Limit": "100;w=21600", "RateLimit-Remaining": "3;w=21600" } }]);
    const repo = (await expectJson<{ repositories: ApiRepository[] }>(await api.repositories.GET(get("/api/repositories")), 200)).repositories.find((r) => r.reference === `${hub.host}/org/api`)!;
    await scan([repo.id]);
    const h = await until(async () => {
      const rl = (await entry(hub.host))?.rateLimit;
      return rl?.remaining === 3 ? rl : undefined;
    }, "remaining to drop to 3");
    expect(h).toMatchObject({ limit: 100, remaining: 3, windowSeconds: 21600 });
  });
});
