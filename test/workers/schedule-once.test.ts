// Scheduled rescans fire once across processes: three `npm run worker` processes and one app
// replica (this process, ARCHGRID_WORKERS=0, which registers the pg-boss cron job as `npm start`
// does) share one PostgreSQL database. A schedule tick must create exactly one "schedule" scan
// with one job per repository — not one scan per process — and the next tick must create the
// next one. PostgreSQL only (ARCHGRID_TEST_PG_URL).
//
// Timing: pg-boss's cron resolution is one minute (it sends a cron job at most once per minute
// slot), so this test waits for two real ticks, 1–3 minutes. The rescan interval is 30 minutes;
// between the ticks the test ages the first scan by 30 minutes in the database (as time passing
// would), so the next tick is due. Nothing in the product is shortened for the test.
import { expect, it } from "vitest";
import { onPostgres } from "../support/pg-admin";
import { repoNames, useWorkerRig } from "../support/worker-rig";

const INTERVAL_MINUTES = 30;
const REPOS = 3;
/** pg-boss fires a minute's tick within its cron monitor (30 s) plus two 5 s polls of the minute boundary. */
const NEXT_TICK_MS = 60_000 + 30_000 + 10_000 + 20_000; // + slack for a loaded machine

// This process is an app replica that only serves and queues: the three workers take the ticks.
const rig = useWorkerRig({ intervalMinutes: INTERVAL_MINUTES });

interface ScheduledScan {
  id: string;
  status: string;
  createdAt: Date;
}

const scheduledScans = async (): Promise<ScheduledScan[]> =>
  (await rig.db.query<ScheduledScan>(`SELECT id, status, "createdAt" FROM "Scan" WHERE trigger = 'schedule' ORDER BY "createdAt"`)).rows;

/** The scan's ScanJob rows and the pg-boss jobs queued for it (live or archived), as repository ids. */
async function jobsOf(scanId: string): Promise<{ scanJobs: string[]; queued: string[] }> {
  const scanJobs = (await rig.db.query<{ r: string }>(`SELECT "repositoryId" AS r FROM "ScanJob" WHERE "scanId" = $1 ORDER BY 1`, [scanId])).rows.map((x) => x.r);
  const queued = (
    await rig.db.query<{ r: string }>(
      `SELECT data->>'repositoryId' AS r FROM (SELECT name, data FROM pgboss.job UNION ALL SELECT name, data FROM pgboss.archive) j
       WHERE name = 'archgrid-scan-repository' AND data->>'scanId' = $1 ORDER BY 1`,
      [scanId],
    )
  ).rows.map((x) => x.r);
  return { scanJobs, queued };
}

/** Waits for a scheduled scan created after `after` to end; then a few seconds more, so that a second scan of the same tick would have shown up too. */
async function nextTickScans(after: Date, timeoutMs: number): Promise<ScheduledScan[]> {
  const deadline = Date.now() + timeoutMs;
  let first: ScheduledScan | undefined;
  while (!(first = (await scheduledScans()).find((s) => s.createdAt > after && s.status !== "queued" && s.status !== "running"))) {
    if (Date.now() > deadline) throw new Error(`no scheduled scan created after ${after.toISOString()} ended within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 8_000));
  const all = (await scheduledScans()).filter((s) => s.createdAt > after);
  expect(all[0].id).toBe(first.id);
  return all;
}

it.skipIf(!onPostgres)("a schedule tick creates one scan across three workers and an app replica, and the next tick the next one", async () => {
  const { startScheduler } = await import("../../lib/scan/schedule");
  const ids = await rig.watch(repoNames("sched", REPOS));
  ids.sort();
  const t0 = new Date();
  await startScheduler(); // the app replica's start-up: registers the cron job
  const workers = await rig.startWorkers(3, { ARCHGRID_WORKER_CONCURRENCY: "2" });

  // First tick: nothing scheduled has run yet, so it is due at once.
  const first = await nextTickScans(t0, NEXT_TICK_MS + 30_000);
  expect(first.map((s) => s.status)).toEqual(["succeeded"]);
  expect(await jobsOf(first[0].id)).toEqual({ scanJobs: ids, queued: ids });

  // Half an hour passes (in the database): the next tick is due again, and only the next one fires it.
  await rig.db.query(`UPDATE "Scan" SET "createdAt" = "createdAt" - make_interval(mins => $1) WHERE trigger = 'schedule'`, [INTERVAL_MINUTES]);
  const aged = new Date();
  const second = await nextTickScans(aged, NEXT_TICK_MS);
  expect(second.map((s) => s.status)).toEqual(["succeeded"]);
  expect(second[0].createdAt.getTime() - aged.getTime()).toBeLessThan(NEXT_TICK_MS);
  expect(await jobsOf(second[0].id)).toEqual({ scanJobs: ids, queued: ids });

  // The mechanism: pg-boss sent each minute's tick once (one schedule job per minute, whichever process took it).
  const perMinute = await rig.db.query<{ minute: Date; n: string }>(
    `SELECT date_trunc('minute', created_on) AS minute, count(*) AS n FROM (SELECT name, created_on FROM pgboss.job UNION ALL SELECT name, created_on FROM pgboss.archive) j
     WHERE name = 'archgrid-schedule' GROUP BY 1 ORDER BY 1`,
  );
  expect(perMinute.rows.length).toBeGreaterThanOrEqual(2);
  for (const r of perMinute.rows) expect(Number(r.n), `schedule jobs in minute ${r.minute.toISOString()}`).toBe(1);
  for (const w of workers) expect(w.alive()).toBe(true);
}, 330_000);
