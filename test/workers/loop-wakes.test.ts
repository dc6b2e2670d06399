// A worker's pg-boss loop fetches its next repository as soon as one is done, while jobs wait:
// pg-boss 10 would otherwise sleep out the loop's polling interval (1 s) after every job, and a
// worker then finished at most one repository per loop per second however fast it scanned
// (bench:workers measured 0.89-0.97). One worker with one loop runs a scan of 8 repositories;
// pg-boss's own timestamps give the gap between a job's end and the next job's start.
// PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import { onPostgres } from "../support/pg-admin";
import { startWorkers, type WorkerProcess } from "../support/workers";

const REPOSITORIES = 8;
let registry: RunningRegistry;
let workers: WorkerProcess[] = [];
let db: pg.Client;

beforeAll(async () => {
  if (!onPostgres) return;
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  process.env.ARCHGRID_WORKERS = "0";
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.kill();
  const { stopBoss } = await import("../../lib/jobs/boss");
  await stopBoss(1_000).catch(() => undefined);
  await db?.end();
  await registry?.stop();
});

it.skipIf(!onPostgres)("takes the next job right after the last one instead of waiting out the polling interval", async () => {
  const { addRepository } = await import("../../lib/watch");
  const { engine } = await import("../../lib/scan/engine");
  const ids: string[] = [];
  for (let i = 0; i < REPOSITORIES; i++) {
    await pushImage({ url: registry.url }, `loop/app${i}`, "latest", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }] });
    ids.push((await addRepository({ reference: `${registry.host}/loop/app${i}` })).id);
  }
  workers = await startWorkers(1, { ARCHGRID_WORKER_CONCURRENCY: "1", ARCHGRID_INSECURE_REGISTRIES: registry.host, ARCHGRID_SCAN_INTERVAL_MINUTES: "0" });
  const scan = await engine().start(ids);
  expect((await engine().wait(scan.id)).status).toBe("succeeded");

  const { rows } = await db.query<{ started: Date; completed: Date }>(
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
