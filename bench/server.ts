// The archgrid server as users run it: `next build` (reused when fresh), `prisma migrate deploy`
// into a fresh SQLite file, `next start` in its own process group, and an RSS sampler over that group.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../e2e/fixtures/registry";
import { groupAlive, killGroup } from "../test/support/process-group";
import { startNodeFlags } from "./start-options";

export const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
/**
 * The bench's own Next build directory (next.config.ts honours NEXT_DIST_DIR), so that building
 * here never clobbers — or, when a build fails, wipes — the `.next` other people's servers run from.
 */
export const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-bench";

/** Files whose change makes an existing .next stale. */
// (tsconfig.json is left out: `next build` itself rewrites it, see ensureBuild.)
const SOURCE_ROOTS = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package.json", "instrumentation.ts", "postcss.config.mjs", "middleware.ts", "proxy.ts"];

function newestMtime(p: string): { mtime: number; file: string } {
  let best = { mtime: 0, file: "" };
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return best;
  }
  if (st.isFile()) return /\.test\.tsx?$/.test(p) ? best : { mtime: st.mtimeMs, file: p };
  if (!st.isDirectory()) return best;
  for (const e of fs.readdirSync(p)) {
    const r = newestMtime(path.join(p, e));
    if (r.mtime > best.mtime) best = r;
  }
  return best;
}

export interface BuildInfo {
  reused: boolean;
  ms: number;
  buildId: string;
  /** The newest source file when the build was checked (for the record). */
  newestSource: string;
  /** The project-wide type check failed (work in progress elsewhere) and was skipped. */
  typeCheckSkipped?: boolean;
}

/**
 * Reuses DIST_DIR when its BUILD_ID is newer than every source file; otherwise runs `next build` into it.
 * BENCH_BUILD=always forces a build, BENCH_BUILD=never refuses to build (fails if DIST_DIR has no build).
 * BENCH_BUILD_TYPECHECK=strict: no fallback to a build without type check.
 */
export function ensureBuild(log: (s: string) => void): BuildInfo {
  const mode = process.env.BENCH_BUILD ?? "auto";
  const idFile = path.join(ROOT, DIST_DIR, "BUILD_ID");
  const newest = SOURCE_ROOTS.map((s) => newestMtime(path.join(ROOT, s))).reduce((a, b) => (b.mtime > a.mtime ? b : a));
  const builtAt = fs.existsSync(idFile) ? fs.statSync(idFile).mtimeMs : 0;
  const rel = path.relative(ROOT, newest.file);
  if (mode === "never" || (mode !== "always" && builtAt > newest.mtime)) {
    if (builtAt === 0) throw new Error(`BENCH_BUILD=never but there is no ${DIST_DIR}/BUILD_ID: run \`NEXT_DIST_DIR=${DIST_DIR} npx next build\` first`);
    log(`reusing ${DIST_DIR} (built ${new Date(builtAt).toISOString()}, newest source ${rel} ${new Date(newest.mtime).toISOString()})`);
    return { reused: true, ms: 0, buildId: fs.readFileSync(idFile, "utf8").trim(), newestSource: rel };
  }
  log(`running next build into ${DIST_DIR} (${builtAt ? "older than " + rel : "missing"}) ...`);
  const t0 = Date.now();
  let r = nextBuild([]);
  let typeCheckSkipped = false;
  if (r.status !== 0 && /Failed to type check/.test(r.out) && process.env.BENCH_BUILD_TYPECHECK !== "strict") {
    // Someone's work in progress (often a test file) fails the project-wide type check: the app's
    // runtime code is what is measured, so build it in Next's two-step mode that skips the check.
    log(`next build failed its type check (${firstTypeError(r.out)}); building with --experimental-build-mode compile + generate (no type check) ...`);
    r = nextBuild(["--experimental-build-mode", "compile"]);
    if (r.status === 0) r = nextBuild(["--experimental-build-mode", "generate"]);
    typeCheckSkipped = true;
  }
  const ms = Date.now() - t0;
  if (r.status !== 0 || !fs.existsSync(idFile)) {
    throw new Error(`next build failed (exit ${r.status}) after ${ms} ms:\n${r.out.trim().split("\n").slice(-40).join("\n")}`);
  }
  log(`next build done in ${(ms / 1000).toFixed(1)} s${typeCheckSkipped ? " (type check skipped)" : ""}`);
  return { reused: false, ms, buildId: fs.readFileSync(idFile, "utf8").trim(), newestSource: rel, ...(typeCheckSkipped ? { typeCheckSkipped } : {}) };
}

function firstTypeError(out: string): string {
  return out.split("\n").find((l) => /error TS\d+/.test(l))?.slice(0, 160) ?? "type error";
}

function nextBuild(args: string[]): { status: number | null; out: string } {
  // `next build` with a distDir other than .next adds "<distDir>/types/**/*.ts" to tsconfig.json
  // (and reformats it): put the file back as it was, it is not ours.
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfigBefore = fs.readFileSync(tsconfigPath);
  const r = spawnSync(path.join(BIN, "next"), ["build", ...args], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  if (!fs.readFileSync(tsconfigPath).equals(tsconfigBefore)) fs.writeFileSync(tsconfigPath, tsconfigBefore);
  return { status: r.status, out: `${r.stdout ?? ""}\n${r.stderr ?? ""}` };
}

/** `prisma migrate deploy` into the given DATABASE_URL. */
export function migrate(databaseUrl: string): number {
  const t0 = Date.now();
  const r = spawnSync(path.join(BIN, "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return Date.now() - t0;
}

// Every server process group we started, killed on exit even when the bench crashes.
const liveGroups = new Set<number>();
process.on("exit", () => {
  for (const g of liveGroups) {
    try {
      process.kill(-g, "SIGKILL");
    } catch {
      /* gone */
    }
  }
});

export interface RunningServer {
  url: string;
  port: number;
  /** performance.now() (of this process) when the server was spawned: profile offsets count from here. */
  spawnedAt: number;
  /** Where `node --cpu-prof` writes the profile when profiling. */
  profileDir?: string;
  /** Process group id (= pid of the `next start` process). */
  pgid: number;
  logPath: string;
  startMs: number;
  stop(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * `next start` on 127.0.0.1:<free port> in its own process group; resolves when the API answers.
 * With `profileDir`, node runs with `--cpu-prof` (written when the server exits on SIGTERM).
 */
export async function startServer(opts: { databaseUrl: string; env: Record<string, string>; logPath: string; profileDir?: string }): Promise<RunningServer> {
  const port = await freePort();
  const fd = fs.openSync(opts.logPath, "a");
  const t0 = Date.now();
  const spawnedAt = performance.now();
  // The same node as the bench runs `next start` in-process (its process title becomes next-server).
  const nodeArgs = [...startNodeFlags(ROOT), ...(opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] : [])];
  const nextCli = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, nextCli, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR, DATABASE_URL: opts.databaseUrl, ...opts.env },
  });
  fs.closeSync(fd);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error("could not spawn next start");
  liveGroups.add(pgid);
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    killGroup(pgid, "SIGTERM");
    // Next exits on SIGTERM after closing its server; a profile takes a moment more to write.
    const deadline = Date.now() + (opts.profileDir ? 30_000 : 5000);
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
    if (groupAlive(pgid)) killGroup(pgid, "SIGKILL");
    while (groupAlive(pgid)) await sleep(20);
    liveGroups.delete(pgid);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`next start exited with ${exited} before answering:\n${fs.readFileSync(opts.logPath, "utf8").slice(-3000)}`);
    }
    try {
      const res = await fetch(`${url}/api/scans/bench-readiness-probe`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${fs.readFileSync(opts.logPath, "utf8").slice(-3000)}`);
    }
    await sleep(100);
  }
  return { url, port, pgid, spawnedAt, ...(opts.profileDir ? { profileDir: opts.profileDir } : {}), logPath: opts.logPath, startMs: Date.now() - t0, stop };
}

function groupPids(pgid: number): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      // Fields after the ")" that closes comm: state ppid pgrp ...
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[2]) === pgid) out.push(Number(e));
    } catch {
      /* raced with exit */
    }
  }
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function commOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

export interface RssSample {
  /** Peak of the sum of VmRSS over the group's processes, MiB. */
  peakGroupMb: number;
  /** Peak VmRSS of the largest single process of the group (next-server), MiB. */
  peakLargestMb: number;
  /** Name of that process. */
  largest: string;
  samples: number;
  /** Last sum seen, MiB. */
  lastGroupMb: number;
}

/** Samples VmRSS of every process in the group every `intervalMs` (pid list refreshed every second). */
export function sampleRss(pgid: number, intervalMs = 100): { stop(): RssSample; current(): RssSample } {
  let pids = groupPids(pgid);
  let lastRefresh = Date.now();
  const s: RssSample = { peakGroupMb: 0, peakLargestMb: 0, largest: "", samples: 0, lastGroupMb: 0 };
  const tick = () => {
    if (Date.now() - lastRefresh > 1000) {
      pids = groupPids(pgid);
      lastRefresh = Date.now();
    }
    let sum = 0;
    for (const pid of pids) {
      const kb = rssKb(pid);
      sum += kb;
      if (kb / 1024 > s.peakLargestMb) {
        s.peakLargestMb = kb / 1024;
        s.largest = commOf(pid);
      }
    }
    s.lastGroupMb = sum / 1024;
    if (s.lastGroupMb > s.peakGroupMb) s.peakGroupMb = s.lastGroupMb;
    s.samples++;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    current: () => ({ ...s }),
    stop: () => {
      clearInterval(timer);
      tick();
      return { ...s };
    },
  };
}

/** CPU time (user + system, ms) consumed so far by every live process of a process group. */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of groupPids(pgid)) ticks += procTicks(pid, false);
  return ticks * TICK_MS;
}

/** CPU time (ms) of one process; with children=true, that of its waited-for children instead. */
export function processCpuMs(pid: number | "self", children = false): number {
  return procTicks(pid, children) * TICK_MS;
}

// USER_HZ is 100 on every Linux this runs on.
const TICK_MS = 10;

function procTicks(pid: number | "self", children: boolean): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After ")": state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12) cutime(13) cstime(14)
    return children ? Number(f[13]) + Number(f[14]) : Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** The pid of the process whose command line mentions `needle` (e.g. a registry's temp dir). */
export function findPid(needle: string): number | undefined {
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (fs.readFileSync(`/proc/${e}/cmdline`, "utf8").includes(needle)) return Number(e);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

/** The process group of a process. */
export function pgidOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
}
