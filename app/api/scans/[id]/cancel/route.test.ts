// POST /api/scans/{id}/cancel through the real route handlers, against the real Distribution
// registry slowed by the fault proxy (so a scan is still running when it is cancelled) and a
// Prisma-migrated SQLite file. What a cancel promises: the scan ends "cancelled", the
// repositories it had not reached are never requested from the registry, and a queued scan
// cancelled before its turn never runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../../../../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy } from "../../../../../e2e/fixtures/fault-proxy";
import { pushMany } from "../../../../../e2e/fixtures/pusher";
import { expectError, expectJson, get, idCtx, post, until } from "../../../../../test/support/routes";
import type { ApiRepository, ApiScan } from "../../../../../lib/api-types";

const TOKEN = "cancel-test-admin-token";
const admin = { authorization: `Bearer ${TOKEN}` };
// Long enough that the first wave of repositories (8 at once by default) is still in flight when
// the cancel lands, however busy the machine.
const SLOW_MS = 4000;

let registry: RunningRegistry;
let proxy: FaultProxy;
let api: {
  cancel: typeof import("./route");
  scans: typeof import("../../route");
  scan: typeof import("../route");
  bulk: typeof import("../../../repositories/bulk/route");
  repositories: typeof import("../../../repositories/route");
};
const repos: ApiRepository[] = [];

async function startScan(repositoryIds: string[]): Promise<ApiScan> {
  return (await expectJson<{ scan: ApiScan }>(await api.scans.POST(post("/api/scans", { repositoryIds }, admin)), 202)).scan;
}
async function scanNow(id: string): Promise<ApiScan> {
  return (await expectJson<{ scan: ApiScan }>(await api.scan.GET(get(`/api/scans/${id}`), idCtx(id)), 200)).scan;
}
async function waitDone(id: string): Promise<ApiScan> {
  return until(async () => {
    const s = await scanNow(id);
    return s.status === "queued" || s.status === "running" ? undefined : s;
  }, `scan ${id} to finish`, 60_000);
}
/** Registry requests (through the proxy) that named this repository. */
const requestsFor = (name: string) => proxy.requests().filter((r) => r.path.startsWith(`/v2/${name}/`));

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.url);
  process.env.ARCHGRID_INSECURE_REGISTRIES = proxy.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  process.env.ARCHGRID_ADMIN_TOKEN = TOKEN;
  api = {
    cancel: await import("./route"),
    scans: await import("../../route"),
    scan: await import("../route"),
    bulk: await import("../../../repositories/bulk/route"),
    repositories: await import("../../../repositories/route"),
  };
  const names = Array.from({ length: 12 }, (_, i) => `cancel/app-${String(i).padStart(2, "0")}`).concat("cancel/queued");
  await pushMany(
    { url: registry.url },
    names.map((repo) => ({ repo, tag: "latest", spec: { format: "oci-index" as const, platforms: [{ os: "linux", architecture: "amd64" }], seed: repo } })),
  );
  const res = await api.bulk.POST(post("/api/repositories/bulk", { references: names.map((n) => `${proxy.host}/${n}`) }, admin));
  repos.push(...(await expectJson<{ created: ApiRepository[] }>(res, 201)).created);
  expect(repos).toHaveLength(13);
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe("POST /api/scans/{id}/cancel", () => {
  it("stops a running scan before the repositories it has not reached, and a queued scan before it starts", async () => {
    // Every manifest answer takes SLOW_MS, so the scan is mid-way when the cancel arrives.
    proxy.setRules([{ name: "slow", path: /\/manifests\//, delayMs: SLOW_MS }]);
    proxy.reset();
    const main = repos.filter((r) => r.name !== "cancel/queued");
    const queuedRepo = repos.find((r) => r.name === "cancel/queued")!;
    const running = await startScan(main.map((r) => r.id));
    const queued = await startScan([queuedRepo.id]);

    // Without the admin token the cancel is refused and changes nothing.
    await expectError(await api.cancel.POST(post(`/api/scans/${queued.id}/cancel`, {}), idCtx(queued.id)), 401, "unauthorized");

    const q = await expectJson<{ scan: ApiScan }>(await api.cancel.POST(post(`/api/scans/${queued.id}/cancel`, {}, admin), idCtx(queued.id)), 200);
    expect(q.scan).toMatchObject({ id: queued.id, status: "queued" });

    // Cancel while the first wave's manifest requests are held by the proxy: the repositories
    // after that wave have not started, whatever the timing.
    await until(async () => proxy.requests().some((r) => r.path.includes("/manifests/")), "the scan's first registry request");
    const r = await expectJson<{ scan: ApiScan }>(await api.cancel.POST(post(`/api/scans/${running.id}/cancel`, {}, admin), idCtx(running.id)), 200);
    expect(r.scan.id).toBe(running.id);
    expect(r.scan.status).toBe("running");

    const final = await waitDone(running.id);
    expect(final.status).toBe("cancelled");
    expect(final.total).toBe(12);
    expect(final.done + final.failed).toBeLessThan(12);
    expect(final.finishedAt).not.toBeNull();

    // The repositories the cancelled scan never reached were never asked for, and stay unscanned.
    const listed = (await expectJson<{ repositories: ApiRepository[] }>(await api.repositories.GET(get("/api/repositories")), 200)).repositories;
    const untouched = main.filter((m) => requestsFor(m.name).length === 0);
    expect(untouched.length).toBe(12 - final.done - final.failed);
    for (const u of untouched) expect(listed.find((l) => l.id === u.id)?.lastScannedAt ?? null).toBeNull();

    const queuedFinal = await waitDone(queued.id);
    expect(queuedFinal).toMatchObject({ status: "cancelled", done: 0, failed: 0, startedAt: null });
    expect(requestsFor("cancel/queued")).toEqual([]);
  }, 90_000);

  it("leaves a finished scan as it was", async () => {
    proxy.clearRules();
    const one = repos[0];
    const scan = await startScan([one.id]);
    const done = await waitDone(scan.id);
    expect(done.status).toBe("succeeded");
    const res = await expectJson<{ scan: ApiScan }>(await api.cancel.POST(post(`/api/scans/${scan.id}/cancel`, {}, admin), idCtx(scan.id)), 200);
    expect(res.scan).toEqual(done);
    expect(await scanNow(scan.id)).toEqual(done);
  });

  it("answers 404 not-found for a scan that does not exist", async () => {
    const msg = await expectError(await api.cancel.POST(post("/api/scans/nope/cancel", {}, admin), idCtx("nope")), 404, "not-found");
    expect(msg).toContain("nope");
  });
});
