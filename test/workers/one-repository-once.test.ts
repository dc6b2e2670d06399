// Two scans of the same repositories at once: pg-boss's singleton key (the repository id) lets
// only one job per repository be active at a time, across every worker, so a repository is never
// scanned twice at once; the second scan's jobs wait and both scans still end succeeded.
// PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import { pushImage } from "../../e2e/fixtures/pusher";
import { onPostgres } from "../support/pg-admin";
import { startWorkers, type WorkerProcess } from "../support/workers";

let registry: RunningRegistry;
let proxy: FaultProxy;
let workers: WorkerProcess[] = [];
let db: pg.Client;

beforeAll(async () => {
  if (!onPostgres) return;
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.url);
  process.env.ARCHGRID_INSECURE_REGISTRIES = proxy.host;
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
  await proxy?.stop();
  await registry?.stop();
});

it.skipIf(!onPostgres)("never runs two jobs of one repository at once, even for two scans on two workers", async () => {
  const { addRepository } = await import("../../lib/watch");
  const { engine } = await import("../../lib/scan/engine");
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    await pushImage({ url: registry.url }, `once/app${i}`, "latest", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }] });
    ids.push((await addRepository({ reference: `${proxy.host}/once/app${i}` })).id);
  }
  // 2 workers × 4 loops = 8 free slots for 6 jobs: only the singleton key holds the second three back.
  workers = await startWorkers(2, { ARCHGRID_WORKER_CONCURRENCY: "4", ARCHGRID_INSECURE_REGISTRIES: proxy.host, ARCHGRID_SCAN_INTERVAL_MINUTES: "0" });
  proxy.setRules([{ name: "slow", path: /\/manifests\//, delayMs: 1_500 }]);

  const a = await engine().start(ids);
  const b = await engine().start(ids);
  let worst = 0;
  let widest = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT coalesce(max(n), 0) AS n, coalesce(sum(n), 0) AS total FROM (SELECT count(*) AS n FROM pgboss.job WHERE name = 'archgrid-scan-repository' AND state = 'active' GROUP BY data->>'repositoryId') x`,
      );
      worst = Math.max(worst, Number(rows[0].n));
      widest = Math.max(widest, Number((rows[0] as unknown as { total: string }).total));
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const [ea, eb] = [await engine().wait(a.id), await engine().wait(b.id)];
  sampling = false;
  await sampler;
  expect([ea.status, eb.status]).toEqual(["succeeded", "succeeded"]);
  expect(worst).toBe(1);
  // ... while different repositories do run at once (the key is per repository, not one for the queue).
  expect(widest).toBe(3);
  // Each scan asked for each repository's manifest itself (a GET, then a HEAD that finds it
  // unchanged): 6 slowed requests, none skipped or doubled.
  expect(proxy.hits().slow).toBe(6);
}, 120_000);
