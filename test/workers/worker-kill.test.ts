// Three `npm run worker` processes share one scan on PostgreSQL; one is SIGKILLed while it holds
// repositories. Its jobs' leases run out, pg-boss hands them to the others, and the scan still
// ends succeeded within 60 s of the kill: every selected tag stored at its new digest, exactly
// one change event per tag, every repository counted once. PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { expect, it } from "vitest";
import { startFaultProxy } from "../../e2e/fixtures/fault-proxy";
import { pushImage } from "../../e2e/fixtures/pusher";
import { onPostgres } from "../support/pg-admin";
import { linux, repoNames, useWorkerRig } from "../support/worker-rig";

const REPOS = 12;
const TAGS = ["1.0", "1.1", "2.0", "latest"];
const CONCURRENCY = 2;

// This process only queues the scans: the three worker processes do all the scanning.
const rig = useWorkerRig({ proxy: startFaultProxy });

const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await rig.db.query<{ n: string }>(sql, params)).rows[0].n);

it.skipIf(!onPostgres)("finishes a scan whose worker was SIGKILLed mid-scan, losing no tag and duplicating no event", async () => {
  const { engine } = await import("../../lib/scan/engine");
  const { db, proxy } = rig;
  const reg = { url: rig.registry.url };
  const names = repoNames("fleet", REPOS);
  const ids = await rig.watch(names, { tags: TAGS, platforms: [linux("amd64"), linux("arm64")] });
  const workers = await rig.startWorkers(3, { ARCHGRID_WORKER_CONCURRENCY: String(CONCURRENCY) });

  // First scan: stores every tag (amd64 + arm64).
  const first = await engine().start(ids);
  expect((await engine().wait(first.id)).status).toBe("succeeded");

  // Every tag moves to a new image (s390x added); each manifest GET is slowed so the kill finds
  // every worker holding repositories.
  const pushed = new Map<string, string>();
  for (const n of names) for (const t of TAGS) pushed.set(`${n}:${t}`, (await pushImage(reg, n, t, { format: "oci-index", platforms: [linux("amd64"), linux("arm64"), linux("s390x")], seed: "v2" })).digest);
  proxy.setRules([{ name: "slow", method: "GET", path: /\/manifests\//, delayMs: 3_000 }]);
  const scan = await engine().start(ids);

  // All 3 × CONCURRENCY slots busy: each worker holds CONCURRENCY repositories, the victim included.
  const active = () => count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'archgrid-scan-repository' AND state = 'active'`);
  await expect.poll(active, { timeout: 30_000, interval: 100 }).toBe(3 * CONCURRENCY);
  workers[0].kill();
  const killedAt = Date.now();
  proxy.clearRules();

  const end = await engine().wait(scan.id);
  const afterKillMs = Date.now() - killedAt;
  console.log(`[workers] scan ended ${end.status} ${afterKillMs} ms after the kill; ${end.done}/${end.total} repositories`);
  expect(end.status).toBe("succeeded");
  expect({ done: end.done, failed: end.failed, total: end.total }).toEqual({ done: REPOS, failed: 0, total: REPOS });
  expect(afterKillMs).toBeLessThan(60_000);

  // The victim's jobs were taken back and run again by another worker.
  expect(await count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'archgrid-scan-repository' AND retry_count > 0 AND data->>'scanId' = $1`, [scan.id])).toBeGreaterThanOrEqual(CONCURRENCY);
  expect(await count(`SELECT count(*) AS n FROM "ScanJob" WHERE "scanId" = $1 AND status = 'succeeded'`, [scan.id])).toBe(REPOS);

  // Every selected tag stored at its new digest, with s390x.
  const tags = await db.query<{ reference: string; name: string; digest: string }>(
    `SELECT r.reference, t.name, t.digest FROM "Tag" t JOIN "Repository" r ON r.id = t."repositoryId"`,
  );
  const stored = new Map(tags.rows.map((r) => [`${r.reference.slice(proxy.host.length + 1)}:${r.name}`, r.digest]));
  expect(stored).toEqual(pushed);

  // Exactly one change event per tag for the move to the new image: none lost, none twice.
  const events = await db.query<{ tag: string; n: string }>(
    `SELECT r.reference || ':' || e.tag AS tag, count(*) AS n FROM "ChangeEvent" e JOIN "Repository" r ON r.id = e."repositoryId"
      WHERE e.kind = 'changed' GROUP BY 1`,
  );
  expect(events.rows.length).toBe(REPOS * TAGS.length);
  expect(events.rows.filter((r) => r.n !== "1")).toEqual([]);
}, 180_000);
