// The process's pg-boss instance (PostgreSQL only). pg-boss keeps its tables in its own schema
// `pgboss`, which it creates and migrates itself on start (under an advisory lock, so replicas
// and workers starting together are safe); Prisma's migrations never see it.
import PgBoss from "pg-boss";
import { env } from "../env";
import { jobsConfig } from "./config";

/** One job per repository of a scan; `singleton` policy: at most one active job per key (the repository id). */
export const SCAN_QUEUE = "archgrid-scan-repository";
/** The scheduler's cron job: pg-boss fires it once per minute across all processes. */
export const SCHEDULE_QUEUE = "archgrid-schedule";

const g = globalThis as unknown as { archgridBoss?: Promise<PgBoss> };

async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name">): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (e) {
      // Several processes starting at once race here: pg-boss's create_queue() then fails with a
      // unique violation (another created it) or a deadlock (seen with three workers starting
      // together). Both mean "look again": the queue exists, or the next try creates it.
      const code = (e as { code?: string }).code;
      if ((code !== "23505" && code !== "40P01") || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
    }
  }
}

async function open(): Promise<PgBoss> {
  const c = jobsConfig();
  const boss = new PgBoss({
    connectionString: env().DATABASE_URL,
    max: 4,
    supervise: true,
    maintenanceIntervalSeconds: c.ARCHGRID_JOB_MAINTENANCE_SECONDS,
    schedule: true,
  });
  boss.on("error", (e) => console.error("archgrid: job queue:", e.message));
  await boss.start();
  await ensureQueue(boss, SCAN_QUEUE, {
    policy: "singleton",
    expireInSeconds: c.ARCHGRID_JOB_LEASE_SECONDS,
    // Each expiry of a dead worker's lease is one retry; a retry resumes cheaply (tags already
    // stored cost one HEAD), so a generous limit only matters for a job that keeps failing.
    retryLimit: 20,
    retryDelay: 1,
  });
  await ensureQueue(boss, SCHEDULE_QUEUE, { policy: "singleton", expireInSeconds: 60, retryLimit: 0 });
  return boss;
}

/** The started pg-boss of this process (created on first use). */
export function boss(): Promise<PgBoss> {
  g.archgridBoss ??= open().catch((e) => {
    g.archgridBoss = undefined;
    throw e;
  });
  return g.archgridBoss;
}

/** Stops pg-boss (workers finish their current job, up to `timeoutMs`). */
export async function stopBoss(timeoutMs = 30_000): Promise<void> {
  const b = g.archgridBoss;
  g.archgridBoss = undefined;
  if (b) await (await b).stop({ graceful: true, timeout: timeoutMs, wait: true });
}
