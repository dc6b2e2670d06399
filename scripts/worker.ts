// `npm run worker`: a scan worker process for a PostgreSQL installation (DATABASE_URL=postgres://…).
// Run as many as the registries and the database allow, on any machines; they share the jobs
// through pg-boss. SIGTERM/SIGINT: finish the repositories in hand (up to 30 s), then exit.
import { databaseProvider } from "../lib/db-provider";
import { env } from "../lib/env";
import { jobsConfig } from "../lib/jobs/config";
import { stopBoss } from "../lib/jobs/boss";
import { startWorker } from "../lib/jobs/worker";
import { tick } from "../lib/scan/schedule";
import { engine } from "../lib/scan/engine";

async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  if (databaseProvider(url) !== "postgresql") {
    console.error("archgrid worker: DATABASE_URL must be a postgres:// URL; on SQLite `npm start` scans in-process");
    process.exit(2);
  }
  const c = jobsConfig();
  const w = await startWorker({
    client: engine().client,
    onTick: tick,
    // One line per repository: which worker scanned what, and handed-back jobs with the reason.
    onJob: (job, ms, error) =>
      console.log(`archgrid worker ${process.pid}: scan ${job.scanId} repository ${job.repositoryId} ${error ? `handed back (${error.message})` : "done"} in ${ms} ms`),
  });
  engine().adoptWorker(w);
  console.log(`archgrid worker ${process.pid}: ready, ${c.ARCHGRID_WORKER_CONCURRENCY} repositories at once, lease ${c.ARCHGRID_JOB_LEASE_SECONDS} s`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await w.stop();
    await stopBoss();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((e) => {
  console.error("archgrid worker:", e instanceof Error ? e.message : e);
  process.exit(1);
});
