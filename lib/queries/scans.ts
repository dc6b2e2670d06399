// Scans and their per-repository jobs. Jobs are persisted so that progress survives a reload and
// a server that stopped mid-scan can say so when it comes back.
import { prisma } from "../db";
import { hotAll, hotRun, join, row, sql, type Fragment } from "./hot-sql";
import { newId } from "./ids";
import { NotFoundError } from "../errors";
import type { ApiScan, ScanStatus } from "../api-types";

const scanSelect = {
  id: true,
  status: true,
  trigger: true,
  total: true,
  done: true,
  failed: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

type ScanRow = {
  id: string;
  status: string;
  trigger: string;
  total: number;
  done: number;
  failed: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

function toApiScan(s: ScanRow): ApiScan {
  return {
    id: s.id,
    status: s.status as ScanStatus,
    total: s.total,
    done: s.done,
    failed: s.failed,
    trigger: s.trigger,
    createdAt: s.createdAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
  };
}

/**
 * A queued scan and one queued job per repository, in one transaction on the hot path (hot-sql.ts):
 * through Prisma, the createMany of a 500-repository scan cost ~85 ms of CPU (0.04 ms per tag of
 * a 4-tag scan), more than any other per-scan step. Ids come from newId() like the scan's other
 * raw-SQL rows.
 */
export async function createScan(repositoryIds: string[], trigger: string): Promise<ApiScan> {
  const id = newId();
  const createdAt = new Date();
  const statements = [
    sql`INSERT INTO "Scan" ("id", "status", "trigger", "total", "done", "failed", "createdAt") VALUES (${id}, 'queued', ${trigger}, ${repositoryIds.length}, 0, 0, ${createdAt})`,
  ];
  // 7 values a row: 500 rows stay well under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < repositoryIds.length; i += 500) {
    const rows = repositoryIds.slice(i, i + 500).map((repositoryId) => row([newId(), id, repositoryId, "queued", 0, 0, 0]));
    statements.push(sql`INSERT INTO "ScanJob" ("id", "scanId", "repositoryId", "status", "tagsTotal", "tagsDone", "requests") VALUES ${join(rows)}`);
  }
  await hotRun(statements, true);
  return toApiScan({ id, status: "queued", trigger, total: repositoryIds.length, done: 0, failed: 0, createdAt, startedAt: null, finishedAt: null });
}

type RawDate = Date | string;
type RawScanRow = Omit<ScanRow, "total" | "done" | "failed" | "createdAt" | "startedAt" | "finishedAt"> & {
  total: number | bigint;
  done: number | bigint;
  failed: number | bigint;
  createdAt: RawDate;
  startedAt: RawDate | null;
  finishedAt: RawDate | null;
};

const asDate = (v: RawDate | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/**
 * One scan, on the hot path: this is the progress poll (the scans page asks every second while a
 * scan runs). Through Prisma's findUnique, compiling the query cost ~0.8 ms of CPU per poll.
 */
export async function getScan(id: string): Promise<ApiScan> {
  const [s] = await hotAll<RawScanRow>(
    sql`SELECT "id", "status", "trigger", "total", "done", "failed", "createdAt", "startedAt", "finishedAt" FROM "Scan" WHERE "id" = ${id}`,
  );
  if (!s) throw new NotFoundError(`scan ${id}`);
  return toApiScan({
    ...s,
    total: Number(s.total),
    done: Number(s.done),
    failed: Number(s.failed),
    createdAt: asDate(s.createdAt) as Date,
    startedAt: asDate(s.startedAt),
    finishedAt: asDate(s.finishedAt),
  });
}

export async function listScans(limit = 10): Promise<ApiScan[]> {
  const rows = await prisma.scan.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: scanSelect });
  return rows.map(toApiScan);
}

/** The scans still queued or running (oldest first). */
export async function listActiveScans(): Promise<ApiScan[]> {
  const rows = await prisma.scan.findMany({ where: { status: { in: ["queued", "running"] } }, orderBy: { createdAt: "asc" }, select: scanSelect });
  return rows.map(toApiScan);
}

export async function markScanRunning(id: string): Promise<void> {
  await prisma.scan.update({ where: { id }, data: { status: "running", startedAt: new Date() } });
}

/** Repository ids of a scan's jobs that are still to do. */
export async function pendingJobs(scanId: string): Promise<Array<{ id: string; repositoryId: string }>> {
  return prisma.scanJob.findMany({ where: { scanId, status: { in: ["queued", "running"] } }, select: { id: true, repositoryId: true } });
}

export async function markJobRunning(jobId: string): Promise<void> {
  await hotRun([jobRunningStatement(jobId)], false);
}

/** markJobRunning's statement: the scan engine marks a slot's next job running in the same transaction that finishes its last one. */
export function jobRunningStatement(jobId: string, at = new Date()): Fragment {
  return sql`UPDATE "ScanJob" SET "status" = 'running', "startedAt" = ${at} WHERE "id" = ${jobId}`;
}

export interface JobResult {
  ok: boolean;
  tagsTotal: number;
  tagsDone: number;
  requests: number;
  error?: { code: string; message: string };
}

/** Finishes a job and counts it into its scan's progress in one transaction (hot path: hot-sql.ts). */
export async function finishJob(scanId: string, jobId: string, result: JobResult): Promise<void> {
  await hotRun(finishJobStatements(scanId, jobId, result), true);
}

/**
 * finishJob's statements, to run in one transaction (the scan commits them with the repository's
 * last writes). With `nextJobId`, the slot's next job is marked running in the same transaction.
 * Two UPDATEs of ScanJob rather than one with a CASE per column: the CASE form was measured
 * slower on SQLite (80-105 against 70-85 µs of CPU per closing, 2,000 closings, bench/FINDINGS.md).
 */
export function finishJobStatements(scanId: string, jobId: string, result: JobResult, nextJobId?: string): Fragment[] {
  const status = result.ok ? "succeeded" : "failed";
  const failed = result.ok ? 0 : 1;
  const now = new Date();
  const statements = [
    sql`UPDATE "ScanJob" SET "status" = ${status}, "tagsTotal" = ${result.tagsTotal}, "tagsDone" = ${result.tagsDone},
      "requests" = ${result.requests}, "errorCode" = ${result.error?.code ?? null}, "errorMessage" = ${result.error?.message ?? null}, "finishedAt" = ${now}
      WHERE "id" = ${jobId}`,
    sql`UPDATE "Scan" SET "done" = "done" + 1, "failed" = "failed" + ${failed} WHERE "id" = ${scanId}`,
  ];
  if (nextJobId !== undefined) statements.push(jobRunningStatement(nextJobId, now));
  return statements;
}

/** Closes a scan: succeeded when every job did, failed when all failed, partial otherwise. */
export async function finishScan(id: string, cancelled = false): Promise<ApiScan> {
  const s = await prisma.scan.findUniqueOrThrow({ where: { id }, select: scanSelect });
  let status: ScanStatus;
  if (cancelled) status = "cancelled";
  else if (s.failed === 0) status = "succeeded";
  else if (s.failed >= s.total) status = "failed";
  else status = "partial";
  if (cancelled) await prisma.scanJob.updateMany({ where: { scanId: id, status: { in: ["queued", "running"] } }, data: { status: "cancelled" } });
  const row = await prisma.scan.update({ where: { id }, data: { status, finishedAt: new Date() }, select: scanSelect });
  return toApiScan(row);
}

/**
 * On start-up: scans left queued or running by a process that stopped are marked interrupted.
 * Their jobs' tag snapshots were written one tag per transaction, so the stored matrix is intact.
 */
export async function markInterruptedScans(): Promise<number> {
  const stale = await prisma.scan.findMany({ where: { status: { in: ["queued", "running"] } }, select: { id: true } });
  if (stale.length === 0) return 0;
  const ids = stale.map((s) => s.id);
  await prisma.$transaction([
    prisma.scanJob.updateMany({ where: { scanId: { in: ids }, status: { in: ["queued", "running"] } }, data: { status: "cancelled" } }),
    prisma.scan.updateMany({ where: { id: { in: ids } }, data: { status: "interrupted", finishedAt: new Date() } }),
  ]);
  return ids.length;
}

/** When the last scan that covered every repository finished, for the scheduler. */
export async function lastScheduledScanAt(): Promise<Date | null> {
  const s = await prisma.scan.findFirst({ where: { trigger: { in: ["schedule", "manual-all"] } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  return s?.createdAt ?? null;
}
