// The scan engine of this server process: scans are persisted, run one after another, and their
// repositories are scanned with bounded concurrency (the registry client adds a per-host limit).
// On PostgreSQL the engine only writes the scan and queues one pg-boss job per repository
// (lib/jobs): worker processes, this one included unless ARCHGRID_WORKERS=0, do the scanning.
import { RegistryClient } from "../registry";
import { env } from "../env";
import { DEFAULT_COLUMNS } from "../coverage";
import {
  createConfigCache,
  createScan,
  finishJob,
  finishJobStatements,
  finishScan,
  getScan,
  getScanTargets,
  listActiveScans,
  markJobRunning,
  markScanRunning,
  pendingJobs,
  recordRateLimit,
  resolveRepositoryIds,
} from "../queries";
import type { ApiScan } from "../api-types";
import { countRegistryRequest } from "../metrics/process";
import { describeError, scanRepository, type ScanContext } from "./scan-repository";
import { refreshStaleBases } from "./base-lineage";
import { notifyFindings } from "../webhooks/deliver";
import { databaseProvider } from "../db-provider";
import { cancelScanEverywhere, markScansInterrupted } from "../queries/scan-jobs";
import { enqueueScan } from "../jobs/enqueue";
import { jobsConfig } from "../jobs/config";
import { sharedRegistryLimit } from "../jobs/registry-budget";
import type { WorkerHandle } from "../jobs/worker";

export interface EngineOptions {
  client?: RegistryClient;
  /** Repositories scanned at once. */
  repositoryConcurrency?: number;
  tagConcurrency?: number;
}

export class ScanEngine {
  readonly client: RegistryClient;
  private readonly repositoryConcurrency: number;
  private readonly tagConcurrency: number;
  private chain: Promise<void> = Promise.resolve();
  private readonly cancelled = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  /** PostgreSQL: scans go through the job queue and may run in other processes. */
  private readonly queued: boolean;

  constructor(opts: EngineOptions = {}) {
    const e = env();
    const queued = databaseProvider(e.DATABASE_URL) === "postgresql";
    const rate = queued ? jobsConfig().ARCHGRID_REGISTRY_RATE : 0;
    this.client =
      opts.client ??
      new RegistryClient({
        insecureRegistries: e.ARCHGRID_INSECURE_REGISTRIES,
        dockerConfigDir: e.DOCKER_CONFIG,
        timeoutMs: e.ARCHGRID_REQUEST_TIMEOUT_MS,
        concurrencyPerRegistry: e.ARCHGRID_REGISTRY_CONCURRENCY,
        configCache: createConfigCache(),
        // info.host is the reference's registry ("docker.io"), as repositories are stored.
        onRateLimit: (info) => void recordRateLimit(info.host, info).catch(() => undefined),
        // Per-process counts for GET /api/metrics (e.host is the host actually asked).
        onRequest: (e) => countRegistryRequest(e.host, e.status),
        // PostgreSQL: one request budget per registry host across all workers and replicas.
        beforeRequest: rate > 0 ? sharedRegistryLimit(rate) : undefined,
      });
    this.repositoryConcurrency = opts.repositoryConcurrency ?? Math.max(4, e.ARCHGRID_REGISTRY_CONCURRENCY);
    this.tagConcurrency = opts.tagConcurrency ?? 4;
    this.queued = queued;
  }

  /** Persists a scan of the given repositories (all when none) and runs it in the background. */
  async start(repositoryIds: string[] | undefined, trigger = "manual"): Promise<ApiScan> {
    const ids = await resolveRepositoryIds(repositoryIds);
    const scan = await createScan(ids, repositoryIds ? trigger : trigger === "manual" ? "manual-all" : trigger);
    if (this.queued) {
      try {
        await enqueueScan(scan.id);
      } catch (e) {
        // No job was queued: nobody would ever run this scan, so say so now rather than after the sweep's grace.
        await markScansInterrupted([scan.id]);
        throw e;
      }
      (await this.localWorker())?.notify();
      return scan;
    }
    const run = (this.chain = this.chain.then(() => this.run(scan.id)).catch((e) => console.error("archgrid: scan failed", e)));
    this.running.set(scan.id, run);
    void run.finally(() => this.running.delete(scan.id));
    return scan;
  }

  /** Resolves when the scan has finished (for tests and scripts). */
  async wait(scanId: string): Promise<ApiScan> {
    if (this.queued) {
      // Any worker may run it: the database says when it has ended.
      for (;;) {
        const s = await getScan(scanId);
        if (s.status !== "queued" && s.status !== "running") return s;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await this.running.get(scanId);
    return getScan(scanId);
  }

  async cancel(scanId: string): Promise<ApiScan> {
    const scan = await getScan(scanId);
    if (this.queued) {
      // Written to the database: every worker sees it (they poll the scan's status) and stops.
      if (scan.status === "queued" || scan.status === "running") await cancelScanEverywhere(scanId);
      return scan;
    }
    if (scan.status === "queued" || scan.status === "running") this.cancelled.add(scanId);
    return scan;
  }

  /**
   * PostgreSQL: this process's in-process worker, started with the first engine that asks (the
   * app's, or a script's) unless ARCHGRID_WORKERS=0. It scans with this engine's registry client.
   */
  localWorker(onTick?: () => Promise<void>): Promise<WorkerHandle | null> {
    if (!this.queued || jobsConfig().ARCHGRID_WORKERS === 0) return Promise.resolve(null);
    g.archgridLocalWorker ??= import("../jobs/worker").then(({ startWorker }) =>
      startWorker({ client: this.client, concurrency: this.repositoryConcurrency, tagConcurrency: this.tagConcurrency, onTick }),
    );
    return g.archgridLocalWorker;
  }

  /** `npm run worker`: the process's own worker is the local one (a schedule tick's scan must not start a second). */
  adoptWorker(w: WorkerHandle): void {
    g.archgridLocalWorker = Promise.resolve(w);
  }

  hasActiveScan(): Promise<boolean> {
    return listActiveScans().then((s) => s.length > 0);
  }

  private async run(scanId: string): Promise<void> {
    if (this.cancelled.has(scanId)) {
      await finishScan(scanId, true);
      return;
    }
    await markScanRunning(scanId);
    const jobs = await pendingJobs(scanId);
    const targets = new Map((await getScanTargets(jobs.map((j) => j.repositoryId))).map((t) => [t.id, t]));
    const ctx: ScanContext = {
      client: this.client,
      maxTags: env().ARCHGRID_MAX_TAGS_PER_REPOSITORY,
      tagConcurrency: this.tagConcurrency,
      siblingRegistry: env().ARCHGRID_SIBLING_REGISTRY,
      columns: DEFAULT_COLUMNS,
      isCancelled: () => this.cancelled.has(scanId),
    };
    // Each of `repositoryConcurrency` slots takes jobs one after another. A slot's first job is
    // marked running on its own; each later one in the transaction that finishes the job before
    // it (with that repository's last writes: scanRepository's `closing`), so that a repository
    // costs one closing transaction, and a running job is still shown as such while it runs.
    let next = 0;
    const take = () => (ctx.isCancelled() || next >= jobs.length ? undefined : jobs[next++]);
    const slot = async (): Promise<void> => {
      let job = take();
      if (job) await markJobRunning(job.id);
      // A cancel stops a slot before its next repository (finishScan marks that job cancelled).
      while (job && !ctx.isCancelled()) {
        const current: { id: string; repositoryId: string } = job;
        const target = targets.get(current.repositoryId);
        const before = this.client.requestCount;
        // Taken once, when the job's result is first written: a retried closing write marks the same one.
        let following: { id: string; repositoryId: string } | undefined;
        let followingTaken = false;
        const takeFollowing = () => {
          if (!followingTaken) [following, followingTaken] = [take(), true];
          return following;
        };
        let marked = false;
        try {
          if (!target) throw new MissingRepository();
          await scanRepository(target, {
            ...ctx,
            closing: (r) => {
              const then = takeFollowing();
              return finishJobStatements(scanId, current.id, { ok: r.ok, tagsTotal: r.tagsTotal, tagsDone: r.tagsDone, requests: this.client.requestCount - before, error: r.error }, then?.id);
            },
          });
          marked = true;
        } catch (e) {
          const error = e instanceof MissingRepository ? { code: "not-found", message: "repository was deleted" } : describeError(e);
          await finishJob(scanId, current.id, { ok: false, tagsTotal: 0, tagsDone: 0, requests: 0, error });
        }
        job = takeFollowing();
        if (job && !marked) await markJobRunning(job.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.repositoryConcurrency, jobs.length) }, slot));
    if (!this.cancelled.has(scanId)) await refreshStaleBases(this.client);
    await finishScan(scanId, this.cancelled.has(scanId));
    this.cancelled.delete(scanId);
    // The scan's change events are written: queue their findings for the webhooks, in the
    // background (a slow receiver must not hold the next scan; deliveries retry on their own).
    void notifyFindings();
  }
}

/** A job whose repository was deleted after the scan was queued. */
class MissingRepository extends Error {}

const g = globalThis as unknown as { archgridEngine?: ScanEngine; archgridLocalWorker?: Promise<WorkerHandle> };

/** The process-wide engine (one registry client, one token cache, one config cache). */
export function engine(): ScanEngine {
  g.archgridEngine ??= new ScanEngine();
  return g.archgridEngine;
}
