// Installation-wide figures for GET /api/metrics, read from the database on every scrape so that
// any replica answers the same. Aggregates only: a scrape costs a few grouped counts, plus the
// coverage summary (served from the matrix cache when it is fresh).
import { prisma } from "../db";
import { DEFAULT_COLUMNS } from "../coverage";
import type { ApiColumnSummary } from "../api-types";
import { loadCoverage } from "./coverage";

export interface InstallationTotals {
  scansByStatus: Array<{ status: string; count: number }>;
  jobsByStatus: Array<{ status: string; count: number }>;
  /** Sums over every scan job ever recorded. */
  tagsScanned: number;
  scanRequests: number;
  tags: { total: number; scanned: number };
  repositories: { total: number; scanned: number; complete: number };
  coverage: ApiColumnSummary[];
  rateLimits: Array<{ host: string; limit: number | null; remaining: number | null; at: Date }>;
}

export async function readInstallationTotals(): Promise<InstallationTotals> {
  const [scans, jobs, sums, tagsTotal, tagsScanned, registries, cov] = await Promise.all([
    prisma.scan.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.scanJob.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.scanJob.aggregate({ _sum: { tagsDone: true, requests: true } }),
    prisma.tag.count(),
    prisma.tag.count({ where: { digest: { not: null } } }),
    prisma.registry.findMany({
      where: { rateLimitAt: { not: null } },
      orderBy: { host: "asc" },
      select: { host: true, rateLimitLimit: true, rateLimitRemaining: true, rateLimitAt: true },
    }),
    loadCoverage({ columns: [...DEFAULT_COLUMNS] }, { limit: 0 }),
  ]);
  return {
    scansByStatus: scans.map((s) => ({ status: s.status, count: s._count._all })),
    jobsByStatus: jobs.map((j) => ({ status: j.status, count: j._count._all })),
    tagsScanned: sums._sum.tagsDone ?? 0,
    scanRequests: sums._sum.requests ?? 0,
    tags: { total: tagsTotal, scanned: tagsScanned },
    repositories: { total: cov.summary.repositories, scanned: cov.summary.scanned, complete: cov.summary.complete },
    coverage: cov.summary.columns,
    rateLimits: registries.map((r) => ({ host: r.host, limit: r.rateLimitLimit, remaining: r.rateLimitRemaining, at: r.rateLimitAt! })),
  };
}
