// The scheduler's start-up and tick with a fake clock (vitest's fake setInterval and Date; the
// database, the registry and every other timer are real): start-up closes the scans a stopped
// process left open, then a tick starts a full scan when one is due, there are repositories,
// and no scan is active, and never otherwise.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import { until } from "../../test/support/routes";
import type { ApiScan } from "../api-types";

const INTERVAL_MIN = 30;
let registry: RunningRegistry;
let q: typeof import("../queries");
let scan: typeof import("./index");
const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

const scheduled = async (): Promise<ApiScan[]> => (await q.listScans(100)).filter((s) => s.trigger === "schedule");
/** Fires the scheduler's 60 s timer once. */
const tick = () => vi.advanceTimersByTimeAsync(60_000);
/** A tick that should not start a scan: wait well past the time a tick takes, then look. */
async function quietTick(): Promise<void> {
  await tick();
  await new Promise((r) => setTimeout(r, 400));
}
async function finished(s: ApiScan): Promise<ApiScan> {
  return until(async () => {
    const now = await q.getScan(s.id);
    return now.status === "queued" || now.status === "running" ? undefined : now;
  }, `scan ${s.id} to finish`);
}

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = String(INTERVAL_MIN);
  q = await import("../queries");
  scan = await import("./index");
  await pushImage({ url: registry.url }, "sched/app", "latest", { format: "oci-index", platforms: [{ os: "linux", architecture: "arm64" }] });
  // Only the scheduler's timer and the clock are fake; Prisma, fetch and the registry use real timers.
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"], shouldAdvanceTime: true });
}, 60_000);

afterAll(async () => {
  vi.useRealTimers();
  warn.mockRestore();
  await registry?.stop();
});

describe("scheduler", () => {
  it("at start-up marks the scans a stopped process left open as interrupted, then starts one timer", async () => {
    const repo = await q.createRepository({ registry: registry.host, name: "sched/app", reference: `${registry.host}/sched/app`, tagPolicy: { kind: "tags", tags: ["latest"] }, verifyConfigs: false });
    const running = await q.createScan([repo.id], "manual");
    await q.markScanRunning(running.id);
    const queued = await q.createScan([repo.id], "schedule");
    const done = await q.createScan([repo.id], "manual");
    await q.finishScan(done.id);

    await scan.startScheduler();

    for (const s of [running, queued]) {
      const now = await q.getScan(s.id);
      expect(now.status).toBe("interrupted");
      expect(now.finishedAt).not.toBeNull();
      expect(await q.pendingJobs(s.id)).toEqual([]);
    }
    expect((await q.getScan(done.id)).status).toBe("succeeded");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("2 scan(s) were interrupted"));
    expect(vi.getTimerCount()).toBe(1);
    await scan.startScheduler();
    expect(vi.getTimerCount()).toBe(1);
  });

  it("a tick starts no scan while another scan is active", async () => {
    const active = await q.createScan(await q.resolveRepositoryIds(), "manual");
    // Due by the clock (the last scheduled scan, interrupted above, is an interval old): only the
    // active scan holds the tick back.
    vi.setSystemTime(Date.now() + INTERVAL_MIN * 60_000);
    const before = (await scheduled()).length;
    await quietTick();
    expect((await scheduled()).length).toBe(before);
    await q.finishScan(active.id, true);
  });

  it("a tick starts a full scan once the interval has passed since the last scheduled scan", async () => {
    const before = await scheduled();
    await tick();
    const started = await until(async () => (await scheduled()).find((s) => !before.some((b) => b.id === s.id)), "a scheduled scan");
    expect(started.total).toBe(1);
    const end = await finished(started);
    expect(end.status).toBe("succeeded");
    const row = (await q.listRepositories())[0];
    expect(row.lastScannedAt).not.toBeNull();
  });

  it("does not start another until the interval has passed since the last one, then does", async () => {
    const count = (await scheduled()).length;
    vi.setSystemTime(Date.now() + (INTERVAL_MIN - 2) * 60_000);
    await quietTick();
    expect((await scheduled()).length).toBe(count);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await tick();
    const s = await until(async () => ((await scheduled()).length === count + 1 ? (await scheduled())[0] : undefined), "the next scheduled scan");
    expect((await finished(s)).status).toBe("succeeded");
    await quietTick();
    expect((await scheduled()).length).toBe(count + 1);
  });

  it("starts nothing when there is nothing to watch", async () => {
    for (const r of await q.listRepositories()) await q.deleteRepository(r.id);
    const count = (await q.listScans(100)).length;
    vi.setSystemTime(Date.now() + 2 * INTERVAL_MIN * 60_000);
    await quietTick();
    expect((await q.listScans(100)).length).toBe(count);
  });
});
