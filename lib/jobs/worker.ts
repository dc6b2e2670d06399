// A scan worker on PostgreSQL: `npm run worker` runs one as its own process, and `npm start` runs
// one inside the app unless ARCHGRID_WORKERS=0. Any number of them, on any number of machines,
// take repository jobs from pg-boss; one of them handles each minute's schedule tick.
import type PgBoss from "pg-boss";
import type { RegistryClient } from "../registry";
import { markScansInterrupted, scansWithNoLiveJobs } from "../queries";
import { boss, SCAN_QUEUE, SCHEDULE_QUEUE } from "./boss";
import { jobsConfig } from "./config";
import type { ScanJobData } from "./enqueue";
import { runScanJob } from "./scan-job";

/** How long a scan may have no live job in pg-boss before it counts as interrupted (covers the gap between writing a scan and queuing its jobs). */
const INTERRUPT_GRACE_SECONDS = 30;

/**
 * Lease expiry, not start-up, decides that a scan was interrupted: a scan is interrupted once no
 * job of it is waiting, active or due for a retry in pg-boss. Any replica may run this: a scan
 * another replica's worker is running still has an active job, so it is left alone.
 */
export async function sweepInterruptedScans(): Promise<number> {
  const n = await markScansInterrupted(await scansWithNoLiveJobs(SCAN_QUEUE, INTERRUPT_GRACE_SECONDS));
  if (n) console.warn(`archgrid: ${n} scan(s) marked interrupted: their jobs' leases ran out with no retry left; stored data is intact`);
  return n;
}

const g = globalThis as unknown as { archgridSweeper?: NodeJS.Timeout };

/** Runs the interruption sweep every 15 s in this process (app replicas and workers alike). */
export function startSweeper(): void {
  if (g.archgridSweeper) return;
  g.archgridSweeper = setInterval(() => void sweepInterruptedScans().catch((e) => console.error("archgrid: interruption sweep failed:", (e as Error).message)), 15_000);
  g.archgridSweeper.unref();
}

export interface WorkerHandle {
  /** Wakes this worker's idle loops now instead of at their next poll (after queuing jobs here). */
  notify(): void;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** The registry client of this process (its token cache and per-registry limit). */
  client: RegistryClient;
  /** Repositories at once (default ARCHGRID_WORKER_CONCURRENCY). */
  concurrency?: number;
  tagConcurrency?: number;
  /** Told after each repository job (`npm run worker` logs it). */
  onJob?: (data: ScanJobData, ms: number, error?: Error) => void;
  /** Handles the schedule's cron tick when given. */
  onTick?: () => Promise<void>;
}

/** Starts this process's share of the work: `concurrency` repositories at once, the schedule, the sweep. */
export async function startWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const c = jobsConfig();
  const b = await boss();
  const leaseMs = c.ARCHGRID_JOB_LEASE_SECONDS * 1000;
  const handle = async (jobs: PgBoss.Job<ScanJobData>[]) => {
    // batchSize 1: one repository per polling loop; the lease counts from now (pg-boss's started_on).
    for (const job of jobs) {
      const t0 = Date.now();
      try {
        await runScanJob(job.data, { client: opts.client, tagConcurrency: opts.tagConcurrency ?? 4, leaseEndsAt: t0 + leaseMs });
      } catch (e) {
        opts.onJob?.(job.data, Date.now() - t0, e as Error);
        throw e; // pg-boss retries it
      }
      opts.onJob?.(job.data, Date.now() - t0);
    }
  };
  const ids: string[] = [];
  // pg-boss 10 runs one job at a time per work() loop: N loops are N repositories at once.
  // After a job a loop would wait out its polling interval before fetching the next one, so a
  // loop finished at most one repository a second however fast the scan was (bench:workers
  // measured 0.89-0.97 per loop per second). Waking the loop after each job makes it fetch again
  // at once while there is work; an empty fetch (or a failed job) still waits the interval.
  for (let i = 0; i < (opts.concurrency ?? c.ARCHGRID_WORKER_CONCURRENCY); i++) {
    const loop = { id: "" };
    loop.id = await b.work<ScanJobData>(SCAN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      await handle(jobs);
      // Only after a job that succeeded: a failing one goes back to pg-boss, which retries it after its delay.
      if (jobs.length > 0) b.notifyWorker(loop.id);
    });
    ids.push(loop.id);
  }
  if (opts.onTick) {
    const tick = opts.onTick;
    ids.push(await b.work(SCHEDULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, () => tick()));
  }
  startSweeper();
  const scanLoops = ids.slice(0, opts.concurrency ?? c.ARCHGRID_WORKER_CONCURRENCY);
  return {
    notify: () => scanLoops.forEach((id) => b.notifyWorker(id)),
    async stop() {
      for (const id of ids) await b.offWork({ id });
    },
  };
}
