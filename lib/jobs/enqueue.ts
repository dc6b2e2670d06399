// A scan on PostgreSQL: its ScanJob rows are written as on SQLite, then one pg-boss job per
// repository is queued for whichever worker is free.
import { pendingJobs } from "../queries";
import { boss, SCAN_QUEUE } from "./boss";

export interface ScanJobData {
  scanId: string;
  /** The ScanJob row this delivery finishes (counted once, however often pg-boss delivers it). */
  jobId: string;
  repositoryId: string;
}

/** Queues every open job of the scan. The singleton key (the repository) keeps one repository from being scanned by two workers at once, even by two scans. */
export async function enqueueScan(scanId: string): Promise<number> {
  const b = await boss();
  const jobs = await pendingJobs(scanId);
  for (let i = 0; i < jobs.length; i += 500) {
    await b.insert(
      jobs.slice(i, i + 500).map((j) => ({
        name: SCAN_QUEUE,
        data: { scanId, jobId: j.id, repositoryId: j.repositoryId } satisfies ScanJobData,
        singletonKey: j.repositoryId,
      })),
    );
  }
  return jobs.length;
}
