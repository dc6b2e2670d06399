// Scheduled rescans: every ARCHGRID_SCAN_INTERVAL_MINUTES (default 6 h; 0 turns them off). The
// schedule is derived from the last scan stored in the database, so it survives restarts.
import { env } from "../env";
import { lastScheduledScanAt, markInterruptedScans, resolveRepositoryIds } from "../queries";
import { engine } from "./engine";
import { startWebhooks } from "../webhooks/deliver";
import { databaseProvider } from "../db-provider";

const g = globalThis as unknown as { archgridScheduler?: NodeJS.Timeout };

/** Is a scheduled scan due now? */
export function isDue(last: Date | null, intervalMinutes: number, now = new Date()): boolean {
  if (intervalMinutes <= 0) return false;
  if (!last) return true;
  return now.getTime() - last.getTime() >= intervalMinutes * 60_000;
}

/** One look at the schedule: starts a scan of everything when one is due and none is running. */
export async function tick(): Promise<void> {
  const interval = env().ARCHGRID_SCAN_INTERVAL_MINUTES;
  if (!isDue(await lastScheduledScanAt(), interval)) return;
  if (await engine().hasActiveScan()) return;
  if ((await resolveRepositoryIds()).length === 0) return;
  await engine().start(undefined, "schedule");
}

/**
 * PostgreSQL: nothing is closed at start-up (another replica may be running a scan); scans are
 * interrupted by lease expiry (lib/jobs/worker.ts). The tick is a pg-boss cron job, so it fires
 * once per minute across all replicas and workers.
 */
async function startQueued(): Promise<void> {
  const { boss, SCHEDULE_QUEUE } = await import("../jobs/boss");
  const { startSweeper } = await import("../jobs/worker");
  const b = await boss();
  if (env().ARCHGRID_SCAN_INTERVAL_MINUTES > 0) await b.schedule(SCHEDULE_QUEUE, "* * * * *");
  else await b.unschedule(SCHEDULE_QUEUE);
  startSweeper();
  await engine().localWorker(tick);
  await startWebhooks().catch((e) => console.error("archgrid: webhook deliveries could not resume:", (e as Error).message));
}

/** Called once at server start: closes scans a stopped process left open, then starts the timer. */
export async function startScheduler(): Promise<void> {
  if (databaseProvider(env().DATABASE_URL) === "postgresql") return startQueued();
  const interrupted = await markInterruptedScans();
  if (interrupted) console.warn(`archgrid: ${interrupted} scan(s) were interrupted by the last shutdown; their stored data is intact`);
  // Webhook deliveries a stopped process left pending (or sending) go out again.
  await startWebhooks().catch((e) => console.error("archgrid: webhook deliveries could not resume:", (e as Error).message));
  if (g.archgridScheduler || env().ARCHGRID_SCAN_INTERVAL_MINUTES <= 0) return;
  g.archgridScheduler = setInterval(() => void tick().catch((e) => console.error("archgrid: scheduled scan failed to start", e)), 60_000);
  g.archgridScheduler.unref();
}
