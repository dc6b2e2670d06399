// Two scans of the same repositories at once: pg-boss's singleton key (the repository id) lets
// only one job per repository be active at a time, across every worker, so a repository is never
// scanned twice at once; the second scan's jobs wait and both scans still end succeeded.
// PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { expect, it } from "vitest";
import { startFaultProxy } from "../../e2e/fixtures/fault-proxy";
import { onPostgres } from "../support/pg-admin";
import { repoNames, useWorkerRig } from "../support/worker-rig";

const rig = useWorkerRig({ proxy: startFaultProxy });

it.skipIf(!onPostgres)("never runs two jobs of one repository at once, even for two scans on two workers", async () => {
  const { engine } = await import("../../lib/scan/engine");
  const { db, proxy } = rig;
  const ids = await rig.watch(repoNames("once", 3));
  // 2 workers × 4 loops = 8 free slots for 6 jobs: only the singleton key holds the second three back.
  await rig.startWorkers(2, { ARCHGRID_WORKER_CONCURRENCY: "4" });
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
