// Three `npm run worker` processes share one scan on PostgreSQL; one is SIGKILLed while it holds
// repositories. Its jobs' leases run out, pg-boss hands them to the others, and the scan still
// ends succeeded within 60 s of the kill: every selected tag stored at its new digest, exactly
// one change event per tag, every repository counted once. PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { onPostgres } from "../support/pg-admin";
import { startWorkers, type WorkerProcess } from "../support/workers";

const linux = (architecture: string): Plat => ({ os: "linux", architecture });
const REPOS = 12;
const TAGS = ["1.0", "1.1", "2.0", "latest"];
const CONCURRENCY = 2;

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
  // This process only queues the scans: the three worker processes do all the scanning.
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

const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.query<{ n: string }>(sql, params)).rows[0].n);

it.skipIf(!onPostgres)("finishes a scan whose worker was SIGKILLed mid-scan, losing no tag and duplicating no event", async () => {
  const { addRepository } = await import("../../lib/watch");
  const { engine } = await import("../../lib/scan/engine");
  const reg = { url: registry.url };
  const names = Array.from({ length: REPOS }, (_, i) => `fleet/app${i}`);
  const ids: string[] = [];
  for (const n of names) {
    for (const t of TAGS) await pushImage(reg, n, t, { format: "oci-index", platforms: [linux("amd64"), linux("arm64")] });
    ids.push((await addRepository({ reference: `${proxy.host}/${n}`, tags: TAGS })).id);
  }
  workers = await startWorkers(3, { ARCHGRID_WORKER_CONCURRENCY: String(CONCURRENCY), ARCHGRID_INSECURE_REGISTRIES: proxy.host, ARCHGRID_SCAN_INTERVAL_MINUTES: "0" });

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
