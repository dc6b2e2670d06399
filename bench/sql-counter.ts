// Where a scan's SQL time goes, statement by statement: wraps better-sqlite3's Statement methods in
// this process and sums each SQL text's calls and CPU (process.cpuUsage around each call, so
// other threads of the process, GC helpers included, are counted too). For bench/scan-cpu.ts
// (SCAN_CPU_SQL=1); next-server's own statements can be counted the same way by preloading an
// equivalent CommonJS file with NODE_OPTIONS=--require (bench/FINDINGS.md, seventh session).
import Database from "better-sqlite3";

type Stat = { calls: number; cpuUs: number };

export interface SqlCounter {
  reset(): void;
  /** The `top` costliest statements, and the total SQL CPU, ms. */
  report(top?: number): { totalMs: number; lines: string[] };
}

let installed: SqlCounter | undefined;

export function installSqlCounter(): SqlCounter {
  if (installed) return installed;
  const stats = new Map<string, Stat>();
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
  probe.close();
  for (const method of ["run", "all", "get", "iterate"]) {
    const original = proto[method] as (this: Database.Statement, ...args: unknown[]) => unknown;
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      const c0 = process.cpuUsage();
      try {
        return original.apply(this, args);
      } finally {
        const c = process.cpuUsage(c0);
        const key = `${method} ${this.source.replace(/\s+/g, " ").slice(0, 120)}`;
        const s = stats.get(key) ?? { calls: 0, cpuUs: 0 };
        s.calls++;
        s.cpuUs += c.user + c.system;
        stats.set(key, s);
      }
    };
  }
  installed = {
    reset: () => stats.clear(),
    report: (top = 15) => {
      const all = [...stats].sort((a, b) => b[1].cpuUs - a[1].cpuUs);
      const totalMs = all.reduce((t, [, s]) => t + s.cpuUs, 0) / 1000;
      const lines = all.slice(0, top).map(([k, s]) => `${String(s.calls).padStart(7)} × ${(s.cpuUs / 1000).toFixed(1).padStart(7)} ms  ${k}`);
      return { totalMs, lines };
    },
  };
  return installed;
}
