// One pg-boss delivery of one repository of a scan, on whichever worker process took it. A
// delivery may repeat (the worker before died, or its lease ran out): claimScanJob and
// finishScanJobOnce make sure the repository is counted into its scan once, and the stored tag
// snapshots make a repeat cheap (a tag already written costs one HEAD and records no new event).
import type { RegistryClient } from "../registry";
import { DEFAULT_COLUMNS } from "../coverage";
import { env } from "../env";
import { claimScanJob, closeCancelledScan, closeCompleteScan, finishScanJobOnce, getScanTargets, isScanStopping } from "../queries";
import { describeError, scanRepository, type RepositoryScanResult, type ScanContext } from "../scan/scan-repository";
import { refreshStaleBases } from "../scan/base-lineage";
import { notifyFindings } from "../webhooks/deliver";
import type { ScanJobData } from "./enqueue";

/** Thrown to hand a repository back to the queue before pg-boss's lease would expire it. */
export class LeaseEndingError extends Error {}

export interface ScanJobOptions {
  client: RegistryClient;
  tagConcurrency: number;
  /** When this delivery's lease ends (ms since epoch): stop 5 s before and hand the job back. */
  leaseEndsAt: number;
}

/** Closes the scan when every repository is counted; the one worker that closes it sends the findings. */
async function closeIfComplete(scanId: string, client: RegistryClient): Promise<void> {
  await refreshStaleBases(client);
  if (await closeCompleteScan(scanId)) void notifyFindings();
}

export async function runScanJob(data: ScanJobData, opts: ScanJobOptions): Promise<void> {
  const claim = await claimScanJob(data.scanId, data.jobId);
  if (claim === "scan-over") return;
  if (claim === "finished") {
    // Counted by an earlier delivery that died before closing the scan: close it now if due.
    await closeIfComplete(data.scanId, opts.client).catch(() => undefined);
    await closeCancelledScan(data.scanId).catch(() => undefined);
    return;
  }
  const [target] = await getScanTargets([data.repositoryId]);
  let result: Pick<RepositoryScanResult, "ok" | "tagsTotal" | "tagsDone" | "error">;
  let requests = 0;
  let cut = false;
  const stopAt = opts.leaseEndsAt - 5_000;
  let cancelled = false;
  if (!target) {
    result = { ok: false, tagsTotal: 0, tagsDone: 0, error: { code: "not-found", message: "repository was deleted" } };
  } else {
    // A cancel is written to the database by whichever replica received it: look twice a second.
    const watch = setInterval(() => void isScanStopping(data.scanId).then((stop) => (cancelled = stop), () => undefined), 500);
    const ctx: ScanContext = {
      client: opts.client,
      maxTags: env().ARCHGRID_MAX_TAGS_PER_REPOSITORY,
      tagConcurrency: opts.tagConcurrency,
      siblingRegistry: env().ARCHGRID_SIBLING_REGISTRY,
      columns: DEFAULT_COLUMNS,
      isCancelled: () => cancelled || Date.now() >= stopAt,
    };
    const before = opts.client.requestCount;
    try {
      const r = await scanRepository(target, ctx);
      // Tags left untouched: only isCancelled stops a pass early (a cancel, or the lease ending).
      cut = r.tagsDone + r.failedTags < r.tagsTotal;
      result = r;
    } catch (e) {
      result = { ok: false, tagsTotal: 0, tagsDone: 0, error: describeError(e) };
    } finally {
      clearInterval(watch);
    }
    requests = opts.client.requestCount - before;
  }
  // Out of lease: the tags done so far are stored; the next delivery resumes from them.
  // Cancelled: those tags are stored and the repository counts as reached, as on SQLite
  // (closeCompleteScan leaves a cancelled scan as it is).
  if (!cancelled && cut) throw new LeaseEndingError(`lease of repository ${data.repositoryId} ran out before its scan finished; handed back to the queue`);
  const { complete } = await finishScanJobOnce(data.scanId, data.jobId, { ...result, requests });
  if (complete) await closeIfComplete(data.scanId, opts.client);
  if (cancelled) await closeCancelledScan(data.scanId);
}
