// `npm run bench:workers`: cold scans on PostgreSQL spread over 1, 2 and 3 `npm run worker`
// processes, without and with the shared per-registry limit (ARCHGRID_REGISTRY_RATE).
//
// A throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh), the real registry behind a counting
// proxy, the bench organization (bench/org.ts) pushed to it. No app server: the part of the app a
// worker deployment needs — watching repositories and queuing a scan — runs as a child process
// with ARCHGRID_WORKERS=0 (bench/workers-queue.ts), as a replica started that way does behind the
// API. Every run gets a fresh copy of a migrated template database holding the watched
// repositories, so every scan is cold (nothing stored, no config blob cached).
//
// Per run: tags/s and requests/tag (counted at the registry side), requests/s overall and in the
// busiest second, CPU per tag of the workers, PostgreSQL and the registry, how busy the machine's
// cores were, and the load average before/after. Rounds run 1, 2, 3 workers in turn; ratios are
// against the 1-worker run of the same round.
//
// Env: BENCH_REPOS (500), BENCH_TAGS (4), BENCH_SEED, BENCH_PUSH_CONCURRENCY (12), BENCH_WORKERS
// ("1,2,3"), BENCH_WORKERS_RUNS (2 rounds), BENCH_WORKERS_RATE (30 requests/s for the limited
// mode), BENCH_WORKERS_MODES ("unlimited,limited"), BENCH_WORKERS_OUT (bench/results/workers.json).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { countingProxy, startRegistry } from "../e2e/fixtures/registry";
import { pushMany } from "../e2e/fixtures/pusher";
import { startWorkers } from "../test/support/workers";
import { percentile } from "./baselines";
import { intEnv, intListEnv } from "./env";
import { buildOrg } from "./org";
import { createMigrated, startBenchPostgres } from "./pg";
import { findPid, groupCpuMs, pgidOf, processCpuMs, ROOT } from "./server";
import { printWorkersTable, type WorkerRun } from "./workers-report";
import { runMain } from "./main";

const cfg = {
  repos: intEnv("BENCH_REPOS", 500),
  tags: intEnv("BENCH_TAGS", 4),
  seed: intEnv("BENCH_SEED", 20261127, 0),
  pushConcurrency: intEnv("BENCH_PUSH_CONCURRENCY", 12),
  workers: intListEnv("BENCH_WORKERS", "1,2,3", "worker counts 1-16", 1, 16),
  rounds: intEnv("BENCH_WORKERS_RUNS", 2),
  // Low enough to be the ceiling for 2 and 3 workers on the 2-core build machine (one worker sent ~20 requests/s there at load 12).
  rate: intEnv("BENCH_WORKERS_RATE", 30),
  modes: (process.env.BENCH_WORKERS_MODES ?? "unlimited,limited").split(",").map((m) => {
    if (m !== "unlimited" && m !== "limited") throw new Error(`BENCH_WORKERS_MODES must list unlimited and/or limited, got ${JSON.stringify(m)}`);
    return m;
  }),
  out: path.resolve(ROOT, process.env.BENCH_WORKERS_OUT ?? "bench/results/workers.json"),
};

const t00 = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - t00) / 1000).toFixed(1).padStart(6)}s] ${s}`);
const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** The app replica's part (bench/workers-queue.ts) against one database; returns its stdout. */
function queueChild(databaseUrl: string, registryHost: string, args: string[]): string {
  const r = spawnSync(process.execPath, [TSX, path.join(ROOT, "bench", "workers-queue.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, DATABASE_URL: databaseUrl, ARCHGRID_WORKERS: "0", ARCHGRID_SCAN_INTERVAL_MINUTES: "0", ARCHGRID_INSECURE_REGISTRIES: registryHost },
  });
  if (r.status !== 0) throw new Error(`workers-queue ${args[0]} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Most requests in any 1-second window, from (time, running total) samples. */
function busiestSecond(samples: Array<[number, number]>): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    while (samples[i][0] - samples[j][0] > 1000) j++;
    best = Math.max(best, samples[i][1] - samples[j][1]);
  }
  return best;
}

async function main(): Promise<void> {
  // startWorkers adds an exit hook per worker process (2 rounds × 2 modes × 6 workers).
  process.setMaxListeners(100);
  // Ctrl-C: exit through the exit hooks, which stop the workers, the registry and the cluster.
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => process.exit(130));
  const nproc = os.availableParallelism();
  const load0 = loadavg();
  log(`load ${load0.join(" ")} on ${nproc} cores`);
  const pgs = startBenchPostgres(log);
  const reg = await startRegistry();
  const proxy = await countingProxy(reg.host);
  const regPid = findPid(reg.dir);
  const regPgid = regPid === undefined ? undefined : pgidOf(regPid);
  const regCpu = () => (regPgid === undefined ? 0 : groupCpuMs(regPgid));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-bench-workers-"));
  const cleanup = async () => {
    await proxy.stop().catch(() => undefined);
    await reg.stop().catch(() => undefined);
    pgs.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const org = buildOrg(cfg.repos, cfg.tags, cfg.seed);
    const tagCount = org.items.length;
    log(`pushing ${tagCount} images (${org.repos.length} repositories × ${cfg.tags} tags) ...`);
    const tp = performance.now();
    await pushMany({ url: reg.url }, org.items, cfg.pushConcurrency);
    log(`pushed in ${((performance.now() - tp) / 1000).toFixed(1)} s`);

    const template = await createMigrated(pgs, "bench_template");
    const refsFile = path.join(tmp, "references.txt");
    fs.writeFileSync(refsFile, org.repos.map((r) => `${proxy.host}/${r.name}`).join("\n") + "\n");
    log(`template database migrated in ${template.migrateMs} ms; ${queueChild(template.url, proxy.host, ["watch", refsFile, org.repos[0].tags.join(",")]).trim()} repositories`);

    const runs: WorkerRun[] = [];
    for (const mode of cfg.modes) {
      for (let round = 1; round <= cfg.rounds; round++) {
        for (const n of cfg.workers) {
          const name = `bench_${mode}_${n}_${round}`;
          const url = await pgs.create(name, "bench_template");
          const rate = mode === "limited" ? cfg.rate : 0;
          const workers = await startWorkers(n, { DATABASE_URL: url, ARCHGRID_INSECURE_REGISTRIES: proxy.host, ARCHGRID_SCAN_INTERVAL_MINUTES: "0", ARCHGRID_REGISTRY_RATE: String(rate) });
          const workerCpu = () => workers.reduce((s, w) => s + groupCpuMs(w.pid), 0);
          try {
            const loadBefore = loadavg();
            proxy.reset();
            const cpu0 = { workers: workerCpu(), pg: pgs.cpuMs(), registry: regCpu(), bench: processCpuMs("self") };
            const samples: Array<[number, number]> = [];
            const sampler = setInterval(() => samples.push([performance.now(), proxy.counts().total]), 100);
            const scanId = /scan (\S+)/.exec(queueChild(url, proxy.host, ["scan"]))?.[1];
            if (!scanId) throw new Error("no scan id from workers-queue");
            const db = new pg.Client({ connectionString: url });
            await db.connect();
            type Row = { status: string; done: number; failed: number; ms: number | null };
            let row: Row;
            const deadline = Date.now() + 20 * 60_000;
            for (;;) {
              row = (await db.query<Row>(`SELECT status, done, failed, EXTRACT(EPOCH FROM ("finishedAt" - "createdAt")) * 1000 AS ms FROM "Scan" WHERE id = $1`, [scanId])).rows[0];
              if (row.status !== "queued" && row.status !== "running") break;
              if (Date.now() > deadline) throw new Error(`scan ${scanId} still ${row.status} after 20 min`);
              await sleep(100);
            }
            clearInterval(sampler);
            const cpu = { workers: workerCpu() - cpu0.workers, pg: pgs.cpuMs() - cpu0.pg, registry: regCpu() - cpu0.registry, bench: processCpuMs("self") - cpu0.bench };
            const stored = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Tag" WHERE digest IS NOT NULL`)).rows[0].n);
            await db.end();
            const c = proxy.counts();
            const ms = Number(row.ms);
            const run: WorkerRun = {
              mode,
              rate,
              round,
              workers: n,
              status: row.status,
              failedRepositories: row.failed,
              tagsStored: stored,
              tags: tagCount,
              ms,
              tagsPerSec: (tagCount * 1000) / ms,
              requests: c.total,
              requestsPerTag: c.total / tagCount,
              requestsPerSec: (c.total * 1000) / ms,
              busiestSecond: busiestSecond(samples),
              byKind: c.byKind,
              cpuMsPerTag: { workers: cpu.workers / tagCount, postgres: cpu.pg / tagCount, registry: cpu.registry / tagCount, proxy: cpu.bench / tagCount },
              coresBusy: (cpu.workers + cpu.pg + cpu.registry + cpu.bench) / ms,
              loadBefore,
              loadAfter: loadavg(),
            };
            runs.push(run);
            log(
              `${mode}${rate ? ` ${rate}/s` : ""}, round ${round}, ${n} worker(s): ${row.status} in ${(ms / 1000).toFixed(1)} s, ${run.tagsPerSec.toFixed(1)} tags/s, ` +
                `${run.requestsPerTag.toFixed(2)} req/tag, ${run.requestsPerSec.toFixed(1)} req/s (busiest second ${run.busiestSecond}), ` +
                `CPU/tag workers ${run.cpuMsPerTag.workers.toFixed(2)} pg ${run.cpuMsPerTag.postgres.toFixed(2)} registry ${run.cpuMsPerTag.registry.toFixed(2)} ms, cores busy ${run.coresBusy.toFixed(2)}/${nproc}, load ${run.loadBefore[0]}→${run.loadAfter[0]}`,
            );
            if (row.status !== "succeeded" || stored !== tagCount) log(`  WARNING: ${row.failed} repositories failed, ${stored}/${tagCount} tags stored`);
          } finally {
            for (const w of workers) w.kill();
            await pgs.drop(name);
          }
        }
      }
    }
    const summary = printWorkersTable(runs, { nproc, rate: cfg.rate, tagsPerRepository: cfg.tags, loopsPerWorker: Number(process.env.ARCHGRID_WORKER_CONCURRENCY || 4) });
    const results = {
      schema: 1,
      when: new Date().toISOString(),
      machine: { nproc, cpu: os.cpus()[0]?.model ?? "", node: process.version, loadBefore: load0, loadAfter: loadavg() },
      config: { ...cfg, workerConcurrency: process.env.ARCHGRID_WORKER_CONCURRENCY ?? "4 (default)", registryConcurrency: process.env.ARCHGRID_REGISTRY_CONCURRENCY ?? "8 (default)" },
      org: { repositories: org.repos.length, tags: tagCount, ...org.mix },
      runs,
      summary,
      medianLoad: percentile(runs.map((r) => r.loadBefore[0]), 50),
    };
    fs.mkdirSync(path.dirname(cfg.out), { recursive: true });
    fs.writeFileSync(cfg.out, JSON.stringify(results, null, 2) + "\n");
    log(`wrote ${path.relative(process.cwd(), cfg.out)}`);
  } finally {
    await cleanup();
  }
}

runMain(main, { failCode: 2, report: (e) => log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`) });
