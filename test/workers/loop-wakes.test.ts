// A worker's pg-boss loop fetches its next repository as soon as one is done, while jobs wait:
// pg-boss 10 would otherwise sleep out the loop's polling interval (1 s) after every job, and a
// worker then finished at most one repository per loop per second however fast it scanned
// (bench:workers measured 0.89-0.97). One worker with one loop runs a scan of 8 repositories;
// pg-boss's own timestamps give the gap between a job's end and the next job's start.
// PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { expect, it } from "vitest";
import { onPostgres } from "../support/pg-admin";
import { repoNames, useWorkerRig } from "../support/worker-rig";

const REPOSITORIES = 8;
const rig = useWorkerRig();

it.skipIf(!onPostgres)("takes the next job right after the last one instead of waiting out the polling interval", async () => {
  const { engine } = await import("../../lib/scan/engine");
  const ids = await rig.watch(repoNames("loop", REPOSITORIES));
  await rig.startWorkers(1, { ARCHGRID_WORKER_CONCURRENCY: "1" });
  const scan = await engine().start(ids);
  expect((await engine().wait(scan.id)).status).toBe("succeeded");

  const { rows } = await rig.db.query<{ started: Date; completed: Date }>(
    `SELECT started_on AS started, completed_on AS completed FROM pgboss.job
     WHERE name = 'archgrid-scan-repository' AND data->>'scanId' = $1 AND state = 'completed' ORDER BY started_on`,
    [scan.id],
  );
  expect(rows).toHaveLength(REPOSITORIES);
  const gaps = rows.slice(1).map((r, i) => r.started.getTime() - rows[i].completed.getTime());
  gaps.sort((a, b) => a - b);
  // Asleep, each gap is the interval less the job's time (~1 s less a few tens of ms here); awake,
  // a fetch (a few ms). The median leaves room for a slow moment on a loaded machine.
  expect(gaps[Math.floor(gaps.length / 2)], `gaps between jobs, ms: ${gaps.join(", ")}`).toBeLessThan(400);
}, 120_000);
