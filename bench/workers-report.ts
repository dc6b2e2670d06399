// The table of `npm run bench:workers`: medians over the rounds per (mode, workers), ratios to the
// 1-worker run of the same round, the shared limit checked, and what 2 cores mean for the figures.

export interface WorkerRun {
  mode: "unlimited" | "limited";
  /** ARCHGRID_REGISTRY_RATE of the workers (0 = off). */
  rate: number;
  round: number;
  workers: number;
  status: string;
  failedRepositories: number;
  tagsStored: number;
  tags: number;
  /** Scan.createdAt → finishedAt (database clock), ms. */
  ms: number;
  tagsPerSec: number;
  requests: number;
  requestsPerTag: number;
  requestsPerSec: number;
  /** Most requests the registry saw in any 1-second window (100 ms samples). */
  busiestSecond: number;
  byKind: Record<string, number>;
  cpuMsPerTag: { workers: number; postgres: number; registry: number; proxy: number };
  /** CPU ms of workers + PostgreSQL + registry + counting proxy per wall ms: cores kept busy. */
  coresBusy: number;
  loadBefore: number[];
  loadAfter: number[];
}

export interface WorkersSummaryRow {
  mode: string;
  workers: number;
  rounds: number;
  tagsPerSec: number;
  requestsPerTag: number;
  requestsPerSec: number;
  busiestSecond: number;
  /** Median over rounds of tags/s ÷ the same round's 1-worker tags/s. */
  vsOneWorker: number | null;
  workerCpuMsPerTag: number;
  postgresCpuMsPerTag: number;
  registryCpuMsPerTag: number;
  coresBusy: number;
  /** Repositories finished per second per pg-boss work loop (workers × ARCHGRID_WORKER_CONCURRENCY loops). */
  reposPerLoopSec: number;
  load: string;
  /** Limited mode: (requests − one burst) ÷ wall time ≤ the rate. */
  limitHeld?: boolean;
}

/** The median; of an even count, the mean of the middle two (two rounds are common here). */
function med(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function printWorkersTable(runs: WorkerRun[], opts: { nproc: number; rate: number; tagsPerRepository: number; loopsPerWorker: number }): WorkersSummaryRow[] {
  const rows: WorkersSummaryRow[] = [];
  for (const mode of [...new Set(runs.map((r) => r.mode))]) {
    for (const n of [...new Set(runs.map((r) => r.workers))]) {
      const mine = runs.filter((r) => r.mode === mode && r.workers === n);
      if (!mine.length) continue;
      const ratios = mine
        .map((r) => {
          const base = runs.find((b) => b.mode === mode && b.round === r.round && b.workers === 1);
          return base ? r.tagsPerSec / base.tagsPerSec : null;
        })
        .filter((x): x is number => x !== null);
      const loads = mine.flatMap((r) => [r.loadBefore[0], r.loadAfter[0]]);
      const row: WorkersSummaryRow = {
        mode: mode === "limited" ? `limit ${mine[0].rate}/s` : "no limit",
        workers: n,
        rounds: mine.length,
        tagsPerSec: med(mine.map((r) => r.tagsPerSec)),
        requestsPerTag: med(mine.map((r) => r.requestsPerTag)),
        requestsPerSec: med(mine.map((r) => r.requestsPerSec)),
        busiestSecond: Math.max(...mine.map((r) => r.busiestSecond)),
        vsOneWorker: ratios.length ? med(ratios) : null,
        workerCpuMsPerTag: med(mine.map((r) => r.cpuMsPerTag.workers)),
        postgresCpuMsPerTag: med(mine.map((r) => r.cpuMsPerTag.postgres)),
        registryCpuMsPerTag: med(mine.map((r) => r.cpuMsPerTag.registry)),
        coresBusy: med(mine.map((r) => r.coresBusy)),
        reposPerLoopSec: med(mine.map((r) => r.tagsPerSec / opts.tagsPerRepository / (r.workers * opts.loopsPerWorker))),
        load: `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
      };
      // The bucket starts full (burst = one second's worth), so a scan may send rate × (seconds + 1).
      if (mode === "limited") row.limitHeld = mine.every((r) => (r.requests - r.rate) / (r.ms / 1000) <= r.rate * 1.02);
      rows.push(row);
    }
  }
  const f = (x: number, d = 1) => x.toFixed(d);
  console.log("");
  console.log("mode          workers  tags/s   ×1-worker  req/tag  req/s   busiest 1 s  CPU ms/tag: workers  postgres  registry  cores busy  repos/s/loop  load");
  for (const r of rows) {
    console.log(
      `${r.mode.padEnd(14)}${String(r.workers).padStart(7)}  ${f(r.tagsPerSec).padStart(6)}   ${(r.vsOneWorker === null ? "-" : f(r.vsOneWorker, 2) + "×").padStart(9)}  ${f(r.requestsPerTag, 2).padStart(7)}  ${f(r.requestsPerSec).padStart(6)}  ${String(r.busiestSecond).padStart(11)}  ${f(r.workerCpuMsPerTag, 2).padStart(19)}  ${f(r.postgresCpuMsPerTag, 2).padStart(8)}  ${f(r.registryCpuMsPerTag, 2).padStart(8)}  ${f(r.coresBusy, 2).padStart(10)}  ${f(r.reposPerLoopSec, 2).padStart(12)}  ${r.load}` +
        (r.limitHeld === undefined ? "" : r.limitHeld ? "  limit held: tags/s × req/tag ≤ rate (after the 1 s burst)" : "  LIMIT EXCEEDED"),
    );
  }
  console.log(`(medians of ${Math.max(...rows.map((r) => r.rounds))} rounds; ×1-worker = median over rounds of tags/s ÷ the same round's 1-worker run; "cores busy" = CPU of workers, PostgreSQL, registry and proxy ÷ wall time)`);
  console.log(
    `(repos/s/loop: repositories finished per second by each pg-boss work loop, ${opts.loopsPerWorker} per worker; near 1.0 the loops' 1 s polling, not CPU or the registry, is the ceiling: ` +
      `a pg-boss 10 loop waits out its polling interval after every job)`,
  );
  if (opts.nproc <= 2) {
    console.log(
      `NOTE: this machine has ${opts.nproc} cores, shared by the workers, PostgreSQL, the registry, the proxy and other people's jobs: ` +
        `more worker processes add requests in flight, not CPU. Once "cores busy" nears ${opts.nproc}, a second or third worker cannot make a cold scan faster here; ` +
        `on machines of their own, workers add CPU and the per-registry limit (or the registry) becomes the ceiling.`,
    );
  }
  return rows;
}
