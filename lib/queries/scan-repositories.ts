// Each repository's outcome within one scan, from the per-repository jobs the engine writes
// (ScanJob). Failures come first so that "Partly failed · 3" leads straight to the three.
import { prisma } from "../db";
import { getScan } from "./scans";
import type { ApiScan } from "../api-types";

/** ok | failed | cancelled | running | not-reached (queued, or left running by a scan that has ended). */
export type ScanRepositoryOutcome = "ok" | "failed" | "cancelled" | "running" | "not-reached";

export interface ApiScanRepository {
  repositoryId: string;
  reference: string;
  outcome: ScanRepositoryOutcome;
  error: { code: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

const order: Record<ScanRepositoryOutcome, number> = { failed: 0, cancelled: 1, "not-reached": 2, running: 3, ok: 4 };

function outcomeOf(jobStatus: string, scanActive: boolean): ScanRepositoryOutcome {
  if (jobStatus === "succeeded") return "ok";
  if (jobStatus === "failed") return "failed";
  if (jobStatus === "cancelled") return "cancelled";
  // A job still queued or running in a scan that has ended was never finished (interrupted).
  if (jobStatus === "running" && scanActive) return "running";
  return "not-reached";
}

/** The scan and its repositories (failed first, then by reference). Throws NotFoundError for an unknown id. */
export async function listScanRepositories(scanId: string): Promise<{ scan: ApiScan; repositories: ApiScanRepository[] }> {
  const scan = await getScan(scanId);
  const active = scan.status === "queued" || scan.status === "running";
  const jobs = await prisma.scanJob.findMany({
    where: { scanId },
    select: {
      repositoryId: true, status: true, errorCode: true, errorMessage: true, startedAt: true, finishedAt: true,
      repository: { select: { reference: true } },
    },
  });
  const repositories = jobs.map((j): ApiScanRepository => {
    const outcome = outcomeOf(j.status, active);
    return {
      repositoryId: j.repositoryId,
      reference: j.repository.reference,
      outcome,
      error: outcome === "failed" ? { code: j.errorCode ?? "unknown", message: j.errorMessage ?? "No error message was recorded." } : null,
      startedAt: j.startedAt?.toISOString() ?? null,
      finishedAt: j.finishedAt?.toISOString() ?? null,
    };
  });
  repositories.sort((a, b) => order[a.outcome] - order[b.outcome] || a.reference.localeCompare(b.reference));
  return { scan, repositories };
}
