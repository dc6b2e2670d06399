// PostgreSQL replicas agree on which scans are alive: a replica starting up leaves another's
// scan alone (nothing is closed at start-up), and a scan is marked interrupted only once none of
// its repository jobs is left in pg-boss (waiting, active or due for a retry): lease expiry, not
// a restart, decides. PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { afterAll, expect, it, vi } from "vitest";
import { onPostgres } from "../support/pg-admin";
import { useWorkerRig } from "../support/worker-rig";

// This process queues scans but runs no worker: their jobs stay waiting in pg-boss.
const rig = useWorkerRig({ registry: false });
const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
afterAll(() => warn.mockRestore());

/** Makes a scan look `seconds` old (older than the sweep's grace period). */
const age = (scanId: string, seconds: number) => rig.db.query(`UPDATE "Scan" SET "createdAt" = "createdAt" - make_interval(secs => $2) WHERE id = $1`, [scanId, seconds]);

it.skipIf(!onPostgres)("a starting replica leaves another replica's scan running; the sweep interrupts only scans with no job left in pg-boss", async () => {
  const q = await import("../../lib/queries");
  const { engine } = await import("../../lib/scan/engine");
  const { startScheduler } = await import("../../lib/scan/schedule");
  const { sweepInterruptedScans } = await import("../../lib/jobs/worker");
  const repo = await q.createRepository({ registry: "registry.example.org", name: "team/app", reference: "registry.example.org/team/app", tagPolicy: { kind: "tags", tags: ["latest"] }, verifyConfigs: false });

  // Replica A's scan: queued in pg-boss, its job taken by a worker (active) as far as pg-boss knows.
  const alive = await engine().start([repo.id]);
  await q.markScanRunning(alive.id);
  await rig.db.query(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE data->>'scanId' = $1`, [alive.id]);
  // A scan whose only job ran out of retries (failed in pg-boss): nobody will ever finish it.
  const orphan = await engine().start([repo.id]);
  await q.markScanRunning(orphan.id);
  await rig.db.query(`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE data->>'scanId' = $1`, [orphan.id]);
  await age(alive.id, 120);
  await age(orphan.id, 120);

  // Replica B starts: on SQLite this would close every open scan; here it closes none.
  await startScheduler();
  expect((await q.getScan(alive.id)).status).toBe("running");
  expect((await q.getScan(orphan.id)).status).toBe("running");

  // The sweep (every replica and worker runs it every 15 s) closes only the orphan.
  expect(await sweepInterruptedScans()).toBe(1);
  expect((await q.getScan(alive.id)).status).toBe("running");
  const closed = await q.getScan(orphan.id);
  expect(closed.status).toBe("interrupted");
  expect(closed.finishedAt).not.toBeNull();
  expect(await q.pendingJobs(orphan.id)).toEqual([]);

  // A scan just written whose jobs are not queued yet is inside the grace period: left alone.
  const fresh = await q.createScan([repo.id], "manual");
  expect(await sweepInterruptedScans()).toBe(0);
  expect((await q.getScan(fresh.id)).status).toBe("queued");
});
