// Scan jobs as seen by queue workers (PostgreSQL + pg-boss, lib/jobs). Several processes may
// handle jobs of one scan, and pg-boss may hand a job out twice (a worker died, or its lease ran
// out): every step here is idempotent and counts a job into its scan's progress exactly once.
import { prisma } from "../db";
import type { ScanStatus } from "../api-types";
import { hotAll, hotRun, sql } from "./hot-sql";

export type ClaimResult = "run" | "finished" | "scan-over";

/**
 * Takes a scan's job for this worker: the scan becomes running (once), the job running. A job
 * already finished (a retried delivery of work that was done) or of a scan that ended
 * (cancelled, interrupted) is not run again.
 */
export async function claimScanJob(scanId: string, jobId: string): Promise<ClaimResult> {
  // Two plain statements on the hot path (hot-sql.ts) instead of four model queries: the job is
  // taken only while its scan is open, and both updates are idempotent for a repeated delivery.
  const now = new Date();
  const [, taken] = await hotRun(
    [
      sql`UPDATE "Scan" SET "status" = 'running', "startedAt" = ${now} WHERE "id" = ${scanId} AND "status" = 'queued'`,
      sql`UPDATE "ScanJob" SET "status" = 'running', "startedAt" = ${now} WHERE "id" = ${jobId} AND "status" IN ('queued', 'running')
        AND EXISTS (SELECT 1 FROM "Scan" s WHERE s."id" = ${scanId} AND s."status" IN ('queued', 'running'))`,
    ],
    false,
  );
  if (taken === 1) return "run";
  const scan = await prisma.scan.findUnique({ where: { id: scanId }, select: { status: true } });
  return !scan || !["queued", "running"].includes(scan.status) ? "scan-over" : "finished";
}

/**
 * Finishes a job and counts it into its scan, in one statement, only if the job was still open:
 * a second delivery of the same job changes nothing (it waits on the job row's lock, then finds
 * the job closed). Returns whether every job of the scan is now counted. PostgreSQL only (a
 * data-modifying WITH): the queue workers run only there.
 */
export async function finishScanJobOnce(
  scanId: string,
  jobId: string,
  result: { ok: boolean; tagsTotal: number; tagsDone: number; requests: number; error?: { code: string; message: string } },
): Promise<{ counted: boolean; complete: boolean }> {
  const [counted] = await hotAll<{ done: number | bigint; total: number | bigint }>(
    sql`WITH closed AS (
        UPDATE "ScanJob" SET "status" = ${result.ok ? "succeeded" : "failed"}, "tagsTotal" = ${result.tagsTotal}, "tagsDone" = ${result.tagsDone},
          "requests" = ${result.requests}, "errorCode" = ${result.error?.code ?? null}, "errorMessage" = ${result.error?.message ?? null}, "finishedAt" = ${new Date()}
        WHERE "id" = ${jobId} AND "status" IN ('queued', 'running') RETURNING 1)
      UPDATE "Scan" SET "done" = "done" + 1, "failed" = "failed" + ${result.ok ? 0 : 1}
      WHERE "id" = ${scanId} AND EXISTS (SELECT 1 FROM closed) RETURNING "done", "total"`,
  );
  if (counted) return { counted: true, complete: Number(counted.done) >= Number(counted.total) };
  const s = await prisma.scan.findUnique({ where: { id: scanId }, select: { done: true, total: true } });
  return { counted: false, complete: s !== null && s.done >= s.total };
}

/**
 * Closes a scan whose jobs are all counted: succeeded, partial or failed by its counters. Only the
 * first caller changes it (the status is checked in the same statement), so two workers finishing
 * the last jobs at once close it once. Returns whether this call closed it.
 */
export async function closeCompleteScan(scanId: string): Promise<boolean> {
  const s = await prisma.scan.findUnique({ where: { id: scanId }, select: { done: true, total: true, failed: true } });
  if (!s || s.done < s.total) return false;
  const status: ScanStatus = s.failed === 0 ? "succeeded" : s.failed >= s.total ? "failed" : "partial";
  const r = await prisma.scan.updateMany({ where: { id: scanId, status: { in: ["queued", "running"] } }, data: { status, finishedAt: new Date() } });
  return r.count === 1;
}

/**
 * Cancels a scan for every worker, as the in-process engine does: jobs not started yet become
 * cancelled (no worker runs them, and their state tells workers to stop); a job a worker holds
 * stops at its next tag and is still counted; the scan turns `cancelled` when the last of those
 * is in (closeCancelledScan), or at once when none is running.
 */
export async function cancelScanEverywhere(scanId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const stopped = await tx.scanJob.updateMany({ where: { scanId, status: "queued" }, data: { status: "cancelled" } });
    const running = await tx.scanJob.count({ where: { scanId, status: "running" } });
    // No queued job left to carry the request (or nothing running to wait for): close it now.
    if (running === 0 || stopped.count === 0) {
      await tx.scan.updateMany({ where: { id: scanId, status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: new Date() } });
    }
  });
}

/** Has the scan ended, or has a cancel been asked for (a job of it cancelled)? Workers poll this, twice a second per job: one plain read. */
export async function isScanStopping(scanId: string): Promise<boolean> {
  const [s] = await hotAll<{ status: string; cancelled: boolean | number | bigint }>(
    sql`SELECT s."status", EXISTS (SELECT 1 FROM "ScanJob" j WHERE j."scanId" = s."id" AND j."status" = 'cancelled') AS "cancelled" FROM "Scan" s WHERE s."id" = ${scanId}`,
  );
  if (!s || (s.status !== "queued" && s.status !== "running")) return true;
  return Boolean(Number(s.cancelled));
}

/** A cancelled scan whose in-flight jobs are all counted becomes `cancelled`. */
export async function closeCancelledScan(scanId: string): Promise<void> {
  const open = await prisma.scanJob.count({ where: { scanId, status: { in: ["queued", "running"] } } });
  const cancelled = await prisma.scanJob.count({ where: { scanId, status: "cancelled" } });
  if (open > 0 || cancelled === 0) return;
  await prisma.scan.updateMany({ where: { id: scanId, status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: new Date() } });
}

/**
 * Lease expiry, PostgreSQL only: open scans older than `graceSeconds` none of whose repository
 * jobs is still waiting, active or due for a retry in pg-boss (`queue` in schema `pgboss`). Their
 * work can no longer be done by anyone: the last delivery failed or expired with no retry left.
 * A scan whose jobs are active on a live worker is never among them, whichever replica asks.
 */
export async function scansWithNoLiveJobs(queue: string, graceSeconds: number): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT s."id" FROM "Scan" s
      WHERE s."status" IN ('queued', 'running')
        AND s."createdAt" < $2
        AND NOT EXISTS (
          SELECT 1 FROM pgboss.job j
           WHERE j.name = $1 AND j.data->>'scanId' = s."id" AND j.state < 'completed')`,
    queue,
    // Bound from here (not now() in SQL): Prisma stores UTC in a column without a time zone.
    new Date(Date.now() - graceSeconds * 1000),
  );
  return rows.map((r) => r.id);
}

/** Marks the given open scans interrupted, their open jobs cancelled (stored snapshots are whole: one transaction per batch). */
export async function markScansInterrupted(ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [, scans] = await prisma.$transaction([
    prisma.scanJob.updateMany({ where: { scanId: { in: ids }, status: { in: ["queued", "running"] } }, data: { status: "cancelled" } }),
    prisma.scan.updateMany({ where: { id: { in: ids }, status: { in: ["queued", "running"] } }, data: { status: "interrupted", finishedAt: new Date() } }),
  ]);
  return scans.count;
}
