// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per area (Prisma, SQLite, Next,
// HTTP, app code, GC, idle) and the functions that take the most time, self and inclusive.
// Used by run.ts when BENCH_PROFILE=1, or by hand: `npx tsx bench/profile.ts FILE.cpuprofile [N]`.
import fs from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  /** Busy = everything but (idle). */
  busyMs: number;
  areas: Array<{ area: string; ms: number; pctOfBusy: number }>;
  topSelf: Array<{ fn: string; ms: number }>;
  topInclusive: Array<{ fn: string; ms: number }>;
}

function area(cf: CallFrame): string {
  const u = cf.url;
  const f = cf.functionName;
  if (f === "(idle)") return "idle";
  if (f === "(garbage collector)") return "gc";
  if (f === "(program)") return "v8/program";
  if (u.startsWith("wasm://")) return "prisma query compiler (wasm)";
  if (/query_compiler|query-compiler/i.test(u)) return "prisma query compiler (wasm)";
  if (/adapter-better-sqlite3|driver-adapter/.test(u)) return "prisma adapter + sqlite";
  // The adapter is bundled into a server chunk; its functions keep their names (statements run natively inside them).
  if (/^(performIO|executeIO|queryRaw|executeRaw|startTransaction|mapArg|mapRow)$/.test(f) && /\.next/.test(u)) return "prisma adapter + sqlite";
  if (/better-sqlite3|better_sqlite3/.test(u)) return "prisma adapter + sqlite";
  if (/prisma/i.test(u)) return "prisma client runtime";
  if (/undici/.test(u)) return "fetch (undici)";
  if (/^node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|dns|timers))/.test(u) || /^node:internal\/deps\/llhttp/.test(u)) return "node http/net/streams";
  if (/zod/.test(u)) return "zod";
  if (/next\/dist/.test(u)) return "next";
  if (/\.next\/server\/chunks|\.next\/server\/app/.test(u)) return "app (bundled lib/app)";
  if (u === "" && f !== "" && f !== "(root)") return "native";
  if (u.startsWith("node:")) return "node other";
  if (u === "") return "other";
  return "other js";
}

function label(cf: CallFrame): string {
  const file = cf.url.replace(/^.*\/(node_modules\/)?/, "").slice(-60);
  return `${cf.functionName || "(anonymous)"} ${file ? file + ":" + (cf.lineNumber + 1) : ""}`.trim();
}

/**
 * `window` keeps only the samples taken between fromMs and toMs after the profile started (the
 * process start, for `node --cpu-prof`), e.g. just the scan and not the server's start-up.
 */
export function summarize(file: string, top = 25, window?: { fromMs: number; toMs: number }): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Self time per node from samples + timeDeltas (exact), falling back to hitCount × mean interval.
  const self = new Map<number, number>();
  let windowMs = (p.endTime - p.startTime) / 1000;
  if (p.samples && p.timeDeltas && p.samples.length === p.timeDeltas.length) {
    let t = 0;
    for (let i = 0; i < p.samples.length; i++) {
      t += p.timeDeltas[i] / 1000;
      if (window && (t < window.fromMs || t > window.toMs)) continue;
      // timeDeltas[i] is the time before sample i; attribute the next delta to sample i.
      const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
    }
    if (window) windowMs = Math.min(window.toMs, t) - window.fromMs;
  } else {
    const hits = p.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
    const interval = (p.endTime - p.startTime) / 1000 / hits;
    for (const n of p.nodes) self.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const areas = new Map<string, number>();
  const selfFn = new Map<string, number>();
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    areas.set(area(n.callFrame), (areas.get(area(n.callFrame)) ?? 0) + ms);
    const l = label(n.callFrame);
    selfFn.set(l, (selfFn.get(l) ?? 0) + ms);
  }
  // Inclusive time per function label, counted once per stack (recursion-safe).
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (ms === 0) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id);
      if (!node) break;
      const l = label(node.callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      incl.set(l, (incl.get(l) ?? 0) + ms);
    }
  }
  const idle = areas.get("idle") ?? 0;
  const wallMs = windowMs;
  const busyMs = [...areas.values()].reduce((a, b) => a + b, 0) - idle;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    file,
    wallMs,
    busyMs,
    areas: sorted(areas)
      .filter(([a]) => a !== "idle")
      .map(([a, ms]) => ({ area: a, ms: Math.round(ms), pctOfBusy: Math.round((ms / busyMs) * 1000) / 10 })),
    topSelf: sorted(selfFn)
      .filter(([l]) => !l.startsWith("(idle)"))
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms) })),
    topInclusive: sorted(incl)
      .filter(([l]) => !/^\((root|idle|program)\)/.test(l))
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms) })),
  };
}

export function printSummary(s: ProfileSummary): void {
  console.log(`profile ${s.file}: wall ${(s.wallMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(1)} s`);
  for (const a of s.areas) console.log(`  ${a.area.padEnd(26)} ${String(a.ms).padStart(7)} ms  ${a.pctOfBusy.toFixed(1).padStart(5)}%`);
  console.log("  top self:");
  for (const f of s.topSelf) console.log(`    ${String(f.ms).padStart(7)} ms  ${f.fn}`);
  console.log("  top inclusive:");
  for (const f of s.topInclusive) console.log(`    ${String(f.ms).padStart(7)} ms  ${f.fn}`);
}

if (process.argv[1] && /profile\.ts$/.test(process.argv[1]) && process.argv[2]) {
  const [from, to] = [process.argv[4], process.argv[5]].map(Number);
  printSummary(summarize(process.argv[2], Number(process.argv[3] ?? 25), process.argv[4] ? { fromMs: from, toMs: to || Infinity } : undefined));
}
