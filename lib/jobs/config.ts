// Settings of the PostgreSQL job queue (pg-boss), parsed once with zod like lib/env.ts. They only
// matter when DATABASE_URL is PostgreSQL; on SQLite the in-process engine runs scans.
import { z } from "zod";

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).optional().transform((v) => v ?? fallback);

const Schema = z.object({
  /** In-process workers of `npm start` (0 = this replica only serves pages and enqueues; `npm run worker` scans). */
  ARCHGRID_WORKERS: int(1, 0, 64),
  /** Repositories one worker process scans at once (one pg-boss polling loop each). */
  ARCHGRID_WORKER_CONCURRENCY: int(4, 1, 64),
  /**
   * A repository job's lease: pg-boss 10 has no heartbeat, so a job active longer than this is
   * taken back (retried on another worker). A live worker stops its repository 5 s before and
   * hands it back itself, so two workers never scan one repository at once. With the maintenance
   * interval this bounds how long a dead worker's jobs stay lost: 40 + 10 + polling < 60 s.
   */
  ARCHGRID_JOB_LEASE_SECONDS: int(40, 10, 3600),
  /**
   * Requests per second to one registry host, shared by every worker and replica (a token bucket
   * in the database, burst = one second's worth). 0 = no shared limit (each process keeps its
   * ARCHGRID_REGISTRY_CONCURRENCY cap on requests in flight).
   */
  ARCHGRID_REGISTRY_RATE: z.coerce.number().min(0).max(100_000).optional().transform((v) => v ?? 0),
  /** How often pg-boss's maintenance (expiry of dead workers' jobs) runs, across all processes. */
  ARCHGRID_JOB_MAINTENANCE_SECONDS: int(10, 1, 300),
});

export type JobsConfig = z.infer<typeof Schema>;

let cached: JobsConfig | undefined;

export function jobsConfig(): JobsConfig {
  if (cached) return cached;
  const r = Schema.safeParse(process.env);
  if (!r.success) throw new Error(`invalid job queue settings: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  cached = r.data;
  return cached;
}
