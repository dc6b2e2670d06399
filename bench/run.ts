// `npm run bench`: how fast and how frugal is an archgrid scan, against a real registry on loopback.
// See bench/README.md for what is measured and how to read the output.
//
// Env: BENCH_COVERAGE_SIZES ("2000,10000": the grid's API page at those sizes), BENCH_REPOS (500), BENCH_TAGS (4), BENCH_SEED, BENCH_CONCURRENCY (8, = archgrid's default
// ARCHGRID_REGISTRY_CONCURRENCY), BENCH_POLL_MS (1000, the UI's pace), BENCH_SKOPEO_SAMPLE (200), BENCH_COVERAGE_REPOS (2000),
// BENCH_PUSH_CONCURRENCY (12), BENCH_TIMEOUT_MIN (40), BENCH_BUILD (auto|always|never), BENCH_SKIP_APP=1 (registry,
// push and baselines only), BENCH_PROFILE=1 (CPU profiles of the server per phase), BENCH_OUT (bench/results/latest.json), BENCH_KEEP=1 (keep the tmp dir).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { countingProxy, startRegistry, type CountingProxy, type RequestCounts, type RunningRegistry } from "../e2e/fixtures/registry";
import { pushMany } from "../e2e/fixtures/pusher";
import { addRepositories, doubleGzipped, getCoverage, runScan, type ScanRun } from "./app-api";
import { getLoop, headLoop, percentile, skopeoLoop, type LoopResult, type TagRef } from "./baselines";
import { measureCoveragePages, type CoveragePageFigures } from "./coverage-sizes";
import { buildOrg, type Org } from "./org";
import { printSummary, summarize, type ProfileSummary } from "./profile";
import { intEnv, intListEnv } from "./env";
import { benchDatabase } from "./pg";
import { replicateTo, type SeedResult } from "./seed-coverage";
import { ROOT, ensureBuild, findPid, groupCpuMs, migrate, pgidOf, processCpuMs, sampleRss, startServer, type BuildInfo, type RssSample, type RunningServer } from "./server";

const SCAN_TIMEOUT_MS = 10 * 60_000;

/** The registry process, for CPU accounting (CPU per tag is far less sensitive to other jobs than tags/s). */
let registryPgid: number | undefined;
const registryCpu = (): number | null => (registryPgid === undefined ? null : groupCpuMs(registryPgid));
const since = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : b - a);

const cfg = {
  repos: intEnv("BENCH_REPOS", 500),
  tags: intEnv("BENCH_TAGS", 4),
  seed: intEnv("BENCH_SEED", 20261127, 0),
  concurrency: intEnv("BENCH_CONCURRENCY", 8),
  /**
   * How often the scans' progress is polled: the UI's pace (components/scans/use-scans.ts). Each
   * poll costs the server ~3 ms of CPU, so the old 100 ms put ~0.07 ms on every cold tag's figure
   * that no user causes; tags/s no longer depends on it (scanFigures).
   */
  pollMs: intEnv("BENCH_POLL_MS", 1000),
  pushConcurrency: intEnv("BENCH_PUSH_CONCURRENCY", 12),
  skopeoSample: intEnv("BENCH_SKOPEO_SAMPLE", 200),
  coverageRepos: intEnv("BENCH_COVERAGE_REPOS", 2000),
  /** Sizes at which the grid's API page (offset=0&limit=50) is timed. */
  coveragePageSizes: intListEnv("BENCH_COVERAGE_SIZES", "2000,10000", "repository counts"),
  coverageRequests: intEnv("BENCH_COVERAGE_REQUESTS", 20),
  coverageColdRequests: intEnv("BENCH_COVERAGE_AFTER_WRITE_REQUESTS", 5),
  skipApp: process.env.BENCH_SKIP_APP === "1",
  out: path.resolve(ROOT, process.env.BENCH_OUT ?? "bench/results/latest.json"),
  keep: process.env.BENCH_KEEP === "1",
  /** CPU-profile the server (node --cpu-prof) per phase; figures are then not for the record. */
  profile: process.env.BENCH_PROFILE === "1",
  /** BENCH_DATABASE=postgres: the coverage-sizes phase runs on PostgreSQL (bench/pg.ts); the scans stay on SQLite. */
  database: benchDatabase(),
};

// Issue 14 item 8 (cold scans at the registry's pace) and item 6 (10,000 repositories).
const TARGETS = {
  rescanOfCeiling: 0.7,
  rescanRequestsPerTag: 1.0,
  coldOfGetCeiling: 0.6,
  coldRequestsPerTag: 1.3,
  coldCpuMsPerTag: 1.0,
  rescanCpuMsPerTag: 0.4,
  rssMb: 400,
  coverageMedianMs: 150,
  coveragePageMs: 150,
};

const t00 = performance.now();
function log(s: string): void {
  process.stderr.write(`[bench +${((performance.now() - t00) / 1000).toFixed(1)}s] ${s}\n`);
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", timeout: 10_000 }).trim();
  } catch {
    return "";
  }
}

function loadavg(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is stopped in reverse order, on success, failure or a signal.

const cleanups: Array<{ name: string; fn: () => Promise<void> }> = [];
function onCleanup(name: string, fn: () => Promise<void>): void {
  cleanups.push({ name, fn });
}
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const c = cleanups.pop();
      if (!c) break;
      try {
        await c.fn();
      } catch (e) {
        log(`cleanup ${c.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    const hard = setTimeout(() => process.exit(130), 15_000);
    void cleanup().finally(() => {
      clearTimeout(hard);
      process.exit(130);
    });
  });
}

// The whole run is bounded: past BENCH_TIMEOUT_MIN (default 40) minutes it cleans up and fails.
const watchdog = setTimeout(() => {
  log(`FAILED: the bench did not finish within ${intEnv("BENCH_TIMEOUT_MIN", 40)} minutes; cleaning up`);
  const hard = setTimeout(() => process.exit(3), 15_000);
  void cleanup().finally(() => {
    clearTimeout(hard);
    process.exit(3);
  });
}, intEnv("BENCH_TIMEOUT_MIN", 40) * 60_000);
watchdog.unref();

// ---------------------------------------------------------------------------------------------
// Results

interface ScanFigures {
  tags: number;
  wallMs: number;
  serverMs: number | null;
  /** Created → finished as the server recorded them, ms: what tags/s is computed from. */
  serverTotalMs: number | null;
  /** How often the bench asked for the scan's progress. */
  pollMs: number;
  tagsPerSec: number;
  requests: number;
  requestsPerTag: number;
  byKind: Record<string, number>;
  status: string;
  done: number;
  failed: number;
  /** CPU spent by the archgrid server (its process group) during the scan, ms per tag. */
  serverCpuMsPerTag: number | null;
  /** CPU spent by the registry during the scan, ms per tag. */
  registryCpuMsPerTag: number | null;
}

interface Results {
  schema: 1;
  when: string;
  machine: {
    nproc: number;
    cpu: string;
    memGb: number;
    node: string;
    loadBefore: number[];
    loadAfter?: number[];
    /** 1/5/15-minute load averages when each phase started. */
    loadAt: Record<string, number[]>;
    kernel: string;
    registry: string;
    skopeo: string;
    git: { head: string; dirtyFiles: number };
  };
  config: typeof cfg;
  org?: Org["mix"] & { repositories: number; tagsPerRepository: number; tags: number };
  push?: { ms: number; imagesPerSec: number; requests: number; concurrency: number };
  build?: BuildInfo;
  archgrid?: {
    concurrency: number;
    serverStartMs: number;
    idleRssMb: number;
    cold?: ScanFigures;
    rescan?: ScanFigures;
    rss?: RssSample;
    correctness?: { repositories: number; tagsWithDigest: number; mismatches: number; examples: string[] };
  };
  /** cpuMsPerTag: CPU of the skopeo processes themselves (waited-for children of the bench). */
  skopeo?: LoopResult & { concurrency: number; sampled: boolean; requestsPerTag: number; byKind: Record<string, number>; cpuMsPerTag: number; registryCpuMsPerTag: number | null };
  /** cpuMsPerTag: CPU of the bench process, which also runs the counting proxy. */
  getLoop?: LoopResult & { concurrency: number; requestsPerTag: number; warmup: LoopResult; cpuMsPerTag: number; registryCpuMsPerTag: number | null };
  /** cpuMsPerTag: CPU of the bench process, which also runs the counting proxy. */
  headLoop?: LoopResult & { concurrency: number; requestsPerTag: number; warmup: LoopResult; cpuMsPerTag: number; registryCpuMsPerTag: number | null };
  coverage?: {
    seeding: string;
    seed: SeedResult;
    repositories: number;
    tags: number;
    requests: number;
    medianMs: number;
    p95Ms: number;
    minMs: number;
    maxMs: number;
    bytes: number;
    rssAfterMb: number;
    /** Requests each preceded by a one-row write (the server's matrix cache must re-read). */
    afterWrite: { requests: number; medianMs: number; maxMs: number };
  };
  /** GET /api/coverage?offset=0&limit=50 at each of cfg.coveragePageSizes. */
  coveragePages?: CoveragePageFigures[];
  profiles?: Record<string, ProfileSummary>;
  ratios?: { coldVsSkopeo: number | null; coldVsGetCeiling: number | null; rescanVsCeiling: number | null; skopeoCpuOverColdCpu: number | null; rescanCpuPerTagMs: number | null };
  targets?: Record<string, { target: string; value: number | null; met: boolean | null }>;
  errors: string[];
}

function scanFigures(run: ScanRun, tags: number, counts: RequestCounts, cpu: { server: number | null; registry: number | null }): ScanFigures {
  // The scan's own span (created → finished, as the server recorded it): the poll that sees the
  // end comes up to one poll interval later, which at the UI's 1 s pace is most of a rescan.
  const secs = (run.serverTotalMs ?? run.wallMs) / 1000;
  return {
    serverCpuMsPerTag: cpu.server === null ? null : cpu.server / tags,
    registryCpuMsPerTag: cpu.registry === null ? null : cpu.registry / tags,
    tags,
    wallMs: Math.round(run.wallMs),
    serverMs: run.serverMs ?? null,
    serverTotalMs: run.serverTotalMs ?? null,
    pollMs: cfg.pollMs,
    tagsPerSec: tags / secs,
    requests: counts.total,
    requestsPerTag: counts.total / tags,
    byKind: counts.byKind,
    status: run.scan.status,
    done: run.scan.done,
    failed: run.scan.failed,
  };
}

/** Sample of n tags spread evenly over the whole organization (every k-th), so every format is represented. */
function spread<T>(items: T[], n: number): T[] {
  if (n >= items.length) return items.slice();
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

function platformKey(p: { os: string; architecture: string; variant?: string }): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** The platform keys archgrid should report for a pushed spec (containerd normalization of our fixtures). */
function expectedKeys(spec: Org["items"][number]["spec"]): string[] {
  const plats = "platforms" in spec ? spec.platforms : [spec.platform];
  return [
    ...new Set(
      plats.map((p) => {
        let variant = p.variant;
        if (p.architecture === "arm64" && variant === "v8") variant = undefined;
        if (p.architecture === "arm" && variant === undefined) variant = "v7";
        return platformKey({ os: p.os, architecture: p.architecture, variant });
      }),
    ),
  ].sort();
}

const fmt = (n: number | null | undefined, d = 1) => (n === null || n === undefined || !Number.isFinite(n) ? "—" : n.toFixed(d));

function printTable(r: Results): void {
  const rows: Array<[string, string, string, string]> = [];
  const a = r.archgrid;
  if (r.push) rows.push(["push (setup)", `${fmt(r.push.imagesPerSec)} images/s`, `${r.push.requests} req`, `${fmt(r.push.ms / 1000)} s`]);
  const cpu = (client: number | null | undefined, registry: number | null | undefined) => `cpu/tag ${fmt(client, 2)} ms (registry ${fmt(registry, 2)})`;
  if (a?.cold) rows.push(["archgrid cold scan", `${fmt(a.cold.tagsPerSec)} tags/s`, `${fmt(a.cold.requestsPerTag, 2)} req/tag`, `${fmt((a.cold.serverTotalMs ?? a.cold.wallMs) / 1000)} s, ${a.cold.status}; ${cpu(a.cold.serverCpuMsPerTag, a.cold.registryCpuMsPerTag)}`]);
  if (a?.rescan) rows.push(["archgrid rescan (unchanged)", `${fmt(a.rescan.tagsPerSec)} tags/s`, `${fmt(a.rescan.requestsPerTag, 2)} req/tag`, `${fmt((a.rescan.serverTotalMs ?? a.rescan.wallMs) / 1000)} s, ${a.rescan.status}; ${cpu(a.rescan.serverCpuMsPerTag, a.rescan.registryCpuMsPerTag)}`]);
  if (r.skopeo) rows.push([`skopeo inspect --raw (${r.skopeo.sampled ? "sample " + r.skopeo.tags : "all"})`, `${fmt(r.skopeo.tagsPerSec)} tags/s`, `${fmt(r.skopeo.requestsPerTag, 2)} req/tag`, `${fmt(r.skopeo.ms / 1000)} s, c=${r.skopeo.concurrency}; ${cpu(r.skopeo.cpuMsPerTag, r.skopeo.registryCpuMsPerTag)}`]);
  if (r.getLoop) rows.push(["GET loop (cold ceiling)", `${fmt(r.getLoop.tagsPerSec)} tags/s`, `${fmt(r.getLoop.requestsPerTag, 2)} req/tag`, `${fmt(r.getLoop.ms / 1000)} s, c=${r.getLoop.concurrency}; ${cpu(r.getLoop.cpuMsPerTag, r.getLoop.registryCpuMsPerTag)} incl. proxy`]);
  if (r.headLoop) rows.push(["HEAD loop (ceiling)", `${fmt(r.headLoop.tagsPerSec)} tags/s`, `${fmt(r.headLoop.requestsPerTag, 2)} req/tag`, `${fmt(r.headLoop.ms / 1000)} s, c=${r.headLoop.concurrency}; ${cpu(r.headLoop.cpuMsPerTag, r.headLoop.registryCpuMsPerTag)} incl. proxy`]);
  if (a?.rss) rows.push(["server peak RSS", `${fmt(a.rss.peakGroupMb, 0)} MB (group)`, `${fmt(a.rss.peakLargestMb, 0)} MB ${a.rss.largest}`, `idle ${fmt(a.idleRssMb, 0)} MB`]);
  if (r.coverage) {
    rows.push([`GET /api/coverage ${r.coverage.repositories}×${Math.round(r.coverage.tags / r.coverage.repositories)}`, `${fmt(r.coverage.medianMs)} ms median`, `p95 ${fmt(r.coverage.p95Ms)} ms`, `${fmt(r.coverage.bytes / 1e6, 2)} MB body`]);
    rows.push(["  … right after a write", `${fmt(r.coverage.afterWrite.medianMs)} ms median`, `max ${fmt(r.coverage.afterWrite.maxMs)} ms`, `n=${r.coverage.afterWrite.requests}`]);
  }
  for (const c of r.coveragePages ?? []) {
    rows.push([`GET /api/coverage page, ${c.repositories} repos${c.database === "postgres" ? " (PostgreSQL)" : ""}`, `${fmt(c.medianMs)} ms median`, `after a write ${fmt(c.afterWrite.medianMs)} ms`, `peak RSS ${fmt(c.peakRssMb, 0)} MB, load ${c.load[0]}`]);
  }
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((x) => x[i].length), 4));
  const line = (x: string[]) => "  " + x.map((c, i) => c.padEnd(w[i])).join("  │ ");
  console.log("");
  console.log(`archgrid bench — ${r.org?.repositories ?? cfg.repos} repos × ${r.org?.tagsPerRepository ?? cfg.tags} tags, ${r.machine.nproc} cores, load ${r.machine.loadBefore.join(" ")}, node ${r.machine.node}`);
  for (const x of rows) console.log(line(x));
  if (r.ratios) {
    console.log("");
    console.log(`  archgrid ÷ skopeo   (cold tags/s):   ${fmt(r.ratios.coldVsSkopeo, 2)}×`);
    console.log(`  archgrid ÷ GET loop (cold tags/s):   ${fmt(r.ratios.coldVsGetCeiling, 2)}  (${fmt((r.ratios.coldVsGetCeiling ?? NaN) * 100, 0)}%)`);
    console.log(`  archgrid ÷ ceiling  (rescan tags/s): ${fmt(r.ratios.rescanVsCeiling, 2)}  (${fmt((r.ratios.rescanVsCeiling ?? NaN) * 100, 0)}%)`);
    console.log(`  CPU per tag, skopeo ÷ archgrid cold: ${fmt(r.ratios.skopeoCpuOverColdCpu, 2)}×  (archgrid rescan: ${fmt(r.ratios.rescanCpuPerTagMs, 2)} ms CPU per unchanged tag)`);
  }
  console.log(`  load average (1/5/15 min) when each phase started: ${Object.entries(r.machine.loadAt).map(([k, v]) => `${k} ${v.join("/")}`).join("; ")}`);
  if (r.targets) {
    console.log("");
    for (const [k, t] of Object.entries(r.targets)) {
      console.log(`  ${t.met === null ? "??" : t.met ? "OK" : "MISS"}  ${k.padEnd(24)} ${t.target.padEnd(18)} got ${fmt(t.value, 2)}`);
    }
  }
  if (r.errors.length) {
    console.log("");
    for (const e of r.errors) console.log(`  ERROR ${e.split("\n")[0]}`);
  }
  console.log("");
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const load0 = loadavg();
  const results: Results = {
    schema: 1,
    when: new Date().toISOString(),
    machine: {
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? "",
      memGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadBefore: load0,
      loadAt: {},
      kernel: os.release(),
      registry: sh("/usr/bin/docker-registry", ["--version"]),
      skopeo: sh("skopeo", ["--version"]),
      git: { head: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]), dirtyFiles: sh("git", ["-C", ROOT, "status", "--porcelain"]).split("\n").filter(Boolean).length },
    },
    config: cfg,
    errors: [],
  };
  log(`load ${load0.join(" ")} on ${results.machine.nproc} cores${load0[0] > results.machine.nproc * 0.5 ? " — WARNING: machine is busy, figures will be noisy" : ""}`);

  // Build first (before anything is measured, and so that a broken build fails fast).
  if (!cfg.skipApp) {
    try {
      results.build = ensureBuild(log);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      results.errors.push(`archgrid: ${msg}`);
      log(`archgrid build failed, measuring the baselines only: ${msg.split("\n").slice(0, 12).join("\n")}`);
    }
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-bench-"));
  onCleanup("tmp dir", async () => {
    if (cfg.keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  });

  // 1. registry + counting proxy
  const reg: RunningRegistry = await startRegistry();
  onCleanup("registry", () => reg.stop());
  const proxy: CountingProxy = await countingProxy(reg.host);
  // The fixture may run the registry under a small shell watchdog: count the whole process group.
  const regPid = findPid(reg.dir);
  registryPgid = regPid === undefined ? undefined : pgidOf(regPid);
  onCleanup("proxy", () => proxy.stop());
  log(`registry ${reg.host} (ready in ${reg.startMs} ms, storage ${reg.dir}); counting proxy ${proxy.host}`);

  // 2. synthetic organization
  const org = buildOrg(cfg.repos, cfg.tags, cfg.seed);
  results.org = { ...org.mix, repositories: org.repos.length, tagsPerRepository: cfg.tags, tags: org.items.length };
  log(`pushing ${org.items.length} images (${org.repos.length} repos × ${cfg.tags} tags; ${JSON.stringify(org.mix.formats)}) at concurrency ${cfg.pushConcurrency} ...`);
  results.machine.loadAt.push = loadavg();
  const tp = performance.now();
  const pushed = await pushMany({ url: reg.url }, org.items, cfg.pushConcurrency);
  const pushMs = performance.now() - tp;
  const pushRequests = pushed.reduce((s, p) => s + p.requests, 0);
  results.push = { ms: Math.round(pushMs), imagesPerSec: (org.items.length * 1000) / pushMs, requests: pushRequests, concurrency: cfg.pushConcurrency };
  log(`pushed in ${(pushMs / 1000).toFixed(1)} s (${results.push.imagesPerSec.toFixed(0)} images/s, ${pushRequests} requests)`);

  const allTags: TagRef[] = org.items.map((i) => ({ repo: i.repo, tag: i.tag }));

  // 3c. skopeo baseline (a spread sample; extrapolated as tags/s)
  {
    const sample = spread(allTags, cfg.skopeoSample);
    proxy.reset();
    results.machine.loadAt.skopeo = loadavg();
    log(`skopeo inspect --raw over ${sample.length} tags at concurrency ${cfg.concurrency} ...`);
    const k0 = processCpuMs("self", true);
    const g0 = registryCpu();
    const r = await skopeoLoop(proxy.host, sample, cfg.concurrency, tmp);
    const c = proxy.counts();
    const reg1 = since(g0, registryCpu());
    results.skopeo = {
      ...r,
      concurrency: cfg.concurrency,
      sampled: sample.length < allTags.length,
      requestsPerTag: c.total / sample.length,
      byKind: c.byKind,
      cpuMsPerTag: (processCpuMs("self", true) - k0) / sample.length,
      registryCpuMsPerTag: reg1 === null ? null : reg1 / sample.length,
    };
    log(`skopeo: ${r.tagsPerSec.toFixed(1)} tags/s, ${(c.total / sample.length).toFixed(2)} req/tag, failures ${r.failures}${r.firstFailure ? " (" + r.firstFailure + ")" : ""}`);
    if (r.failures) results.errors.push(`skopeo: ${r.failures} failures, first: ${r.firstFailure}`);
  }

  // 3d. HEAD-loop ceiling (one warm-up pass, then the measured pass)
  {
    results.machine.loadAt.headLoop = loadavg();
    const warm = await headLoop(proxy.host, allTags, cfg.concurrency);
    proxy.reset();
    const s0 = processCpuMs("self");
    const g0 = registryCpu();
    const r = await headLoop(proxy.host, allTags, cfg.concurrency);
    const c = proxy.counts();
    const reg1 = since(g0, registryCpu());
    results.headLoop = {
      ...r,
      concurrency: cfg.concurrency,
      requestsPerTag: c.total / allTags.length,
      warmup: warm,
      cpuMsPerTag: (processCpuMs("self") - s0) / allTags.length,
      registryCpuMsPerTag: reg1 === null ? null : reg1 / allTags.length,
    };
    log(`HEAD loop: ${r.tagsPerSec.toFixed(0)} tags/s (warm-up pass ${warm.tagsPerSec.toFixed(0)}), p50 ${r.p50Ms.toFixed(2)} ms, failures ${r.failures}`);
    if (r.failures) results.errors.push(`HEAD loop: ${r.failures} failures, first: ${r.firstFailure}`);
  }

  // 3e. GET-loop ceiling for the cold scan (one warm-up pass, then the measured pass)
  {
    results.machine.loadAt.getLoop = loadavg();
    const warm = await getLoop(proxy.host, allTags, cfg.concurrency);
    proxy.reset();
    const s0 = processCpuMs("self");
    const g0 = registryCpu();
    const r = await getLoop(proxy.host, allTags, cfg.concurrency);
    const c = proxy.counts();
    const reg1 = since(g0, registryCpu());
    results.getLoop = {
      ...r,
      concurrency: cfg.concurrency,
      requestsPerTag: c.total / allTags.length,
      warmup: warm,
      cpuMsPerTag: (processCpuMs("self") - s0) / allTags.length,
      registryCpuMsPerTag: reg1 === null ? null : reg1 / allTags.length,
    };
    log(`GET loop: ${r.tagsPerSec.toFixed(0)} tags/s (warm-up pass ${warm.tagsPerSec.toFixed(0)}), p50 ${r.p50Ms.toFixed(2)} ms, failures ${r.failures}`);
    if (r.failures) results.errors.push(`GET loop: ${r.failures} failures, first: ${r.firstFailure}`);
  }

  // 3a/3b. archgrid as a real server
  if (!cfg.skipApp && results.build) {
    try {
      await measureApp(results, org, proxy, tmp);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      results.errors.push(`archgrid: ${msg}`);
      log(`archgrid measurement failed: ${msg}`);
    }
  }

  for (const d of doubleGzipped) results.errors.push(`server bug: ${d} answered a body that is still gzip after HTTP decoding (compressed twice: browsers and fetch get gzip bytes instead of JSON); the bench gunzipped it again to go on measuring`);

  // 4. ratios and targets
  const a = results.archgrid;
  // A scan that did not succeed on every repository, or stored wrong platforms, has no speed to speak of.
  const sound = (f: ScanFigures | undefined): f is ScanFigures => f !== undefined && f.status === "succeeded" && f.failed === 0 && (a?.correctness?.mismatches ?? 1) === 0;
  const coldVsSkopeo = sound(a?.cold) && results.skopeo ? a.cold.tagsPerSec / results.skopeo.tagsPerSec : null;
  const coldVsGetCeiling = sound(a?.cold) && results.getLoop ? a.cold.tagsPerSec / results.getLoop.tagsPerSec : null;
  const rescanVsCeiling = sound(a?.rescan) && results.headLoop ? a.rescan.tagsPerSec / results.headLoop.tagsPerSec : null;
  // The same comparisons in CPU per tag (what each client burns), far less sensitive to other jobs.
  const cpuRatio = (x: number | null | undefined, y: number | null | undefined) => (x && y ? x / y : null);
  results.ratios = {
    coldVsSkopeo,
    coldVsGetCeiling,
    rescanVsCeiling,
    skopeoCpuOverColdCpu: cpuRatio(results.skopeo?.cpuMsPerTag, sound(a?.cold) ? a.cold.serverCpuMsPerTag : null),
    rescanCpuPerTagMs: sound(a?.rescan) ? a.rescan.serverCpuMsPerTag : null,
  };
  const t = (target: string, value: number | null, ok: (v: number) => boolean) => ({ target, value, met: value === null ? null : ok(value) });
  results.targets = {
    "rescan vs ceiling": t(`>= ${TARGETS.rescanOfCeiling * 100}% of HEAD loop`, rescanVsCeiling, (v) => v >= TARGETS.rescanOfCeiling),
    "rescan requests/tag": t(`exactly ${TARGETS.rescanRequestsPerTag.toFixed(1)}`, sound(a?.rescan) ? a.rescan.requestsPerTag : null, (v) => v === TARGETS.rescanRequestsPerTag),
    "rescan CPU ms/tag": t(`<= ${TARGETS.rescanCpuMsPerTag} ms`, sound(a?.rescan) ? a.rescan.serverCpuMsPerTag : null, (v) => v <= TARGETS.rescanCpuMsPerTag),
    "cold vs GET loop": t(`>= ${TARGETS.coldOfGetCeiling * 100}% of GET loop`, coldVsGetCeiling, (v) => v >= TARGETS.coldOfGetCeiling),
    "cold requests/tag": t(`<= ${TARGETS.coldRequestsPerTag}`, sound(a?.cold) ? a.cold.requestsPerTag : null, (v) => v <= TARGETS.coldRequestsPerTag),
    "cold CPU ms/tag": t(`<= ${TARGETS.coldCpuMsPerTag} ms`, sound(a?.cold) ? a.cold.serverCpuMsPerTag : null, (v) => v <= TARGETS.coldCpuMsPerTag),
    "server peak RSS MB": t(`< ${TARGETS.rssMb} MB`, Math.max(a?.rss?.peakGroupMb ?? 0, ...(results.coveragePages ?? []).map((c) => c.peakRssMb)) || null, (v) => v < TARGETS.rssMb),
    "coverage median ms": t(`< ${TARGETS.coverageMedianMs} ms`, results.coverage?.medianMs ?? null, (v) => v < TARGETS.coverageMedianMs),
  };
  for (const c of results.coveragePages ?? []) results.targets[`coverage page @${c.repositories}`] = t(`< ${TARGETS.coveragePageMs} ms`, c.medianMs, (v) => v < TARGETS.coveragePageMs);
  results.machine.loadAfter = loadavg();
  fs.mkdirSync(path.dirname(cfg.out), { recursive: true });
  fs.writeFileSync(cfg.out, JSON.stringify(results, null, 2) + "\n");
  printTable(results);
  log(`wrote ${path.relative(process.cwd(), cfg.out)}`);
  const allMet = Object.values(results.targets).every((x) => x.met === true);
  return results.errors.length ? 2 : allMet ? 0 : cfg.skipApp ? 0 : 1;
}

/** Where a profile file landed (the newest .cpuprofile in dir), summarized over a window. */
function profileOf(server: RunningServer, fromAbs: number, toAbs: number): ProfileSummary | undefined {
  const dir = server.profileDir;
  if (!dir || !fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile") && f.includes(`.${server.pgid}.`))
    .map((f) => path.join(dir, f));
  if (files.length === 0) return undefined;
  return summarize(files[0], 30, { fromMs: fromAbs - server.spawnedAt, toMs: toAbs - server.spawnedAt });
}

async function measureApp(results: Results, org: Org, proxy: CountingProxy, tmp: string): Promise<void> {
  if (!results.build) throw new Error("no build");
  const dbFile = path.join(tmp, "bench.db");
  const dbUrl = `file:${dbFile}`;
  const migMs = migrate(dbUrl);
  log(`migrated ${dbFile} in ${migMs} ms`);
  const serverEnv = {
    ARCHGRID_INSECURE_REGISTRIES: proxy.host,
    ARCHGRID_SCAN_INTERVAL_MINUTES: "0",
    ARCHGRID_REGISTRY_CONCURRENCY: String(cfg.concurrency),
  };
  const profileDir = cfg.profile ? path.join(tmp, "profiles") : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  let server: RunningServer | undefined;
  const stopServer = async () => {
    const s = server;
    server = undefined;
    if (s) await s.stop();
  };
  onCleanup("server", stopServer);
  const start = async (databaseUrl: string, logName: string): Promise<RunningServer> => {
    const s = await startServer({ databaseUrl, env: serverEnv, logPath: path.join(tmp, logName), ...(profileDir ? { profileDir } : {}) });
    server = s;
    log(`next start on ${s.url} (pgid ${s.pgid}) ready in ${s.startMs} ms${profileDir ? " [profiling]" : ""}`);
    return s;
  };
  const profiles: Record<string, ProfileSummary> = {};
  /** Profiling: stop the server (the profile is written on exit) and summarize the window. */
  const closeProfile = async (name: string, s: RunningServer, from: number, to: number) => {
    if (!profileDir) return;
    await stopServer();
    const sum = profileOf(s, from, to);
    if (sum) {
      profiles[name] = sum;
      console.log(`\n== ${name} ==`);
      printSummary(sum);
    } else log(`no profile found for ${name}`);
  };

  let srv = await start(dbUrl, "server.log");
  const idle = sampleRss(srv.pgid).stop();
  results.archgrid = { concurrency: cfg.concurrency, serverStartMs: srv.startMs, idleRssMb: idle.lastGroupMb };
  const arch = results.archgrid;

  const refs = org.repos.map((r) => `${proxy.host}/${r.name}`);
  const added = await addRepositories(srv.url, refs, org.repos[0]?.tags ?? ["latest"]);
  log(`watched ${added.created} repositories`);
  const tagCount = org.items.length;
  const progress = (label: string) => (x: { done: number; total: number; failed: number }) => log(`${label}: ${x.done}/${x.total} repositories, ${x.failed} failed`);
  let rss = sampleRss(srv.pgid, 100);
  const peaks: RssSample[] = [];
  try {
    // (a) cold
    proxy.reset();
    results.machine.loadAt.coldScan = loadavg();
    log(`cold scan of ${tagCount} tags ...`);
    const c0 = performance.now();
    let cpu0 = { server: groupCpuMs(srv.pgid), registry: registryCpu() };
    const cold = await runScan(srv.url, SCAN_TIMEOUT_MS, cfg.pollMs, progress("cold"));
    arch.cold = scanFigures(cold, tagCount, proxy.counts(), { server: groupCpuMs(srv.pgid) - cpu0.server, registry: since(cpu0.registry, registryCpu()) });
    log(`cold: ${cold.scan.status} in ${((cold.serverTotalMs ?? cold.wallMs) / 1000).toFixed(1)} s (seen by a ${cfg.pollMs} ms poll after ${(cold.wallMs / 1000).toFixed(1)} s), ${arch.cold.tagsPerSec.toFixed(1)} tags/s, ${arch.cold.requestsPerTag.toFixed(2)} req/tag ${JSON.stringify(arch.cold.byKind)}`);
    if (profileDir) {
      peaks.push(rss.stop());
      await closeProfile("cold scan", srv, c0, performance.now());
      srv = await start(dbUrl, "server-rescan.log");
      rss = sampleRss(srv.pgid, 100);
    }

    // (b) rescan, nothing changed
    proxy.reset();
    results.machine.loadAt.rescan = loadavg();
    log(`rescan ...`);
    const r0 = performance.now();
    cpu0 = { server: groupCpuMs(srv.pgid), registry: registryCpu() };
    const re = await runScan(srv.url, SCAN_TIMEOUT_MS, cfg.pollMs, progress("rescan"));
    arch.rescan = scanFigures(re, tagCount, proxy.counts(), { server: groupCpuMs(srv.pgid) - cpu0.server, registry: since(cpu0.registry, registryCpu()) });
    log(`rescan: ${re.scan.status} in ${((re.serverTotalMs ?? re.wallMs) / 1000).toFixed(1)} s (seen by a ${cfg.pollMs} ms poll after ${(re.wallMs / 1000).toFixed(1)} s), ${arch.rescan.tagsPerSec.toFixed(1)} tags/s, ${arch.rescan.requestsPerTag.toFixed(3)} req/tag ${JSON.stringify(arch.rescan.byKind)}`);
    peaks.push(rss.stop());
    await closeProfile("rescan", srv, r0, performance.now());
  } finally {
    peaks.push(rss.stop());
    arch.rss = peaks.reduce((a, b) => (b.peakGroupMb > a.peakGroupMb ? { ...b, samples: a.samples + b.samples } : { ...a, samples: a.samples + b.samples }));
  }
  if (!server) srv = await start(dbUrl, "server-check.log");

  // Correctness: what archgrid stored matches what was pushed (attestations dropped, arm64/v8 normalized).
  {
    const cov = await getCoverage(srv.url);
    const expected = new Map(org.items.map((i) => [`${proxy.host}/${i.repo}:${i.tag}`, expectedKeys(i.spec)]));
    let mismatches = 0;
    let withDigest = 0;
    const examples: string[] = [];
    for (const repo of cov.data.repositories) {
      for (const tag of repo.tags) {
        if (tag.digest !== null) withDigest++;
        const want = expected.get(`${repo.reference}:${tag.tag}`);
        const got = [...new Set(tag.platforms.map(platformKey))].sort();
        if (!want || want.join(",") !== got.join(",")) {
          mismatches++;
          if (examples.length < 5) examples.push(`${repo.reference}:${tag.tag} want [${want?.join(",")}] got [${got.join(",")}]${tag.error ? ` error ${tag.error.code}: ${tag.error.message.slice(0, 200)}` : ""}`);
        }
      }
    }
    arch.correctness = { repositories: cov.data.repositories.length, tagsWithDigest: withDigest, mismatches, examples };
    log(`correctness: ${cov.data.repositories.length} repositories, ${withDigest}/${tagCount} tags with a digest, ${mismatches} mismatches${examples.length ? ": " + examples.join("; ") : ""}`);
    if (mismatches || withDigest !== tagCount) results.errors.push(`correctness: ${mismatches} platform-set mismatches, ${withDigest}/${tagCount} tags scanned; e.g. ${examples[0] ?? "-"}`);
  }

  // (e) coverage for N repositories: replicate the scanned rows into a copy of the database.
  await stopServer();
  const covFile = path.join(tmp, "coverage.db");
  fs.copyFileSync(dbFile, covFile);
  for (const ext of ["-wal", "-shm"]) if (fs.existsSync(dbFile + ext)) fs.copyFileSync(dbFile + ext, covFile + ext);
  const covUrl = `file:${covFile}`;
  const seed = await replicateTo(covUrl, cfg.coverageRepos);
  log(`coverage db: ${seed.repositories} repositories, ${seed.tags} tags, ${seed.platforms} platform rows (seeded in ${(seed.ms / 1000).toFixed(1)} s)`);
  srv = await start(covUrl, "server-coverage.log");
  // Two warm-up requests (first request compiles route code paths and fills SQLite's page cache).
  for (let i = 0; i < 2; i++) await getCoverage(srv.url);
  results.machine.loadAt.coverage = loadavg();
  const times: number[] = [];
  let bytes = 0;
  let repoCount = 0;
  let tagTotal = 0;
  const v0 = performance.now();
  for (let i = 0; i < cfg.coverageRequests; i++) {
    const r = await getCoverage(srv.url);
    times.push(r.ms);
    bytes = r.bytes;
    repoCount = r.data.repositories.length;
    tagTotal = r.data.repositories.reduce((sum, x) => sum + x.tags.length, 0);
  }
  const v1 = performance.now();
  // The same request right after a write (what a user sees while a scan runs): the server's matrix
  // cache is keyed on a fingerprint of the tables, so touching one tag's checkedAt forces a re-read.
  const writer = new Database(covFile);
  writer.pragma("busy_timeout = 10000");
  const touch = writer.prepare(`UPDATE "Tag" SET "checkedAt" = ? WHERE "id" = (SELECT MIN("id") FROM "Tag")`);
  const afterWrite: number[] = [];
  for (let i = 0; i < cfg.coverageColdRequests; i++) {
    touch.run(new Date(Date.now() + i).toISOString().replace("Z", "+00:00"));
    afterWrite.push((await getCoverage(srv.url)).ms);
  }
  writer.close();
  const rssAfter = sampleRss(srv.pgid).stop();
  results.coverage = {
    seeding: "replicated the rows of the real scan (Repository, Tag, TagPlatform, ChangeEvent) under new names with the Prisma client, into a copy of the scanned database",
    seed,
    repositories: repoCount,
    tags: tagTotal,
    requests: times.length,
    medianMs: percentile(times, 50),
    p95Ms: percentile(times, 95),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    bytes,
    rssAfterMb: rssAfter.lastGroupMb,
    afterWrite: { requests: afterWrite.length, medianMs: percentile(afterWrite, 50), maxMs: Math.max(...afterWrite) },
  };
  log(`coverage: median ${results.coverage.medianMs.toFixed(1)} ms over ${times.length} requests (${repoCount} repos, ${tagTotal} tags, ${(bytes / 1e6).toFixed(2)} MB); right after a write: median ${results.coverage.afterWrite.medianMs.toFixed(1)} ms over ${afterWrite.length}`);
  await closeProfile("coverage x" + times.length, srv, v0, v1);
  await stopServer();
  // (f) the grid's page at each size (10,000 repositories included), on fresh copies of the scanned database.
  results.machine.loadAt.coveragePages = loadavg();
  results.coveragePages = await measureCoveragePages({ scannedDb: dbFile, tmp, sizes: cfg.coveragePageSizes, requests: cfg.coverageRequests, afterWriteRequests: cfg.coverageColdRequests, log });
  if (profileDir) results.profiles = profiles;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (e: unknown) => {
    log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await cleanup();
    process.exit(2);
  });
