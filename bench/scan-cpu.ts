// `npx tsx bench/scan-cpu.ts`: archgrid's own CPU per tag for a cold scan and a rescan, measured
// in-process (the ScanEngine outside Next) with process.cpuUsage(), so that a change to the scan's
// hot path can be judged in a minute rather than a full `npm run bench`. Nothing else runs in this
// process while it scans: the registry is its own process, requests are counted by the client.
// With SCAN_CPU_PROFILE=DIR it also writes a V8 CPU profile of each scan (node:inspector) and
// prints a summary by area (bench/profile.ts). With SCAN_CPU_SQL=1 it prints each scan's SQL
// statements by CPU (bench/sql-counter.ts).
// Env: SCAN_CPU_REPOS (200), SCAN_CPU_TAGS (4), SCAN_CPU_CONCURRENCY (8), SCAN_CPU_PROFILE, SCAN_CPU_SQL.
// One database per process (lib/db.ts keeps one client for the process): for several runs, run it
// several times.
import fs from "node:fs";
import inspector from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { startRegistry } from "../e2e/fixtures/registry";
import { pushMany } from "../e2e/fixtures/pusher";
import { buildOrg } from "./org";
import { printSummary, summarize } from "./profile";
import { migrate } from "./server";
import { installSqlCounter } from "./sql-counter";
import { runMain } from "./main";

const REPOS = Number(process.env.SCAN_CPU_REPOS ?? 200);
const TAGS = Number(process.env.SCAN_CPU_TAGS ?? 4);
const CONC = Number(process.env.SCAN_CPU_CONCURRENCY ?? 8);
const PROFILE_DIR = process.env.SCAN_CPU_PROFILE;
const SQL = process.env.SCAN_CPU_SQL === "1" ? installSqlCounter() : undefined;

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-scancpu-"));
  const reg = await startRegistry();
  try {
    const org = buildOrg(REPOS, TAGS);
    await pushMany({ url: reg.url }, org.items, 12);
    const session = new inspector.Session();
    session.connect();
    {
      const run = 0;
      const dbUrl = `file:${path.join(tmp, `scan-${run}.db`)}`;
      migrate(dbUrl);
      process.env.DATABASE_URL = dbUrl;
      process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
      process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
      process.env.ARCHGRID_REGISTRY_CONCURRENCY = String(CONC);
      const { addRepositories } = await import("../lib/watch");
      const { ScanEngine } = await import("../lib/scan");
      await addRepositories(org.repos.map((r) => `${reg.host}/${r.name}`), { tags: org.repos[0]?.tags ?? ["latest"] });
      const engine = new ScanEngine();
      const tags = org.items.length;
      for (const label of ["cold", "rescan"]) {
        if (PROFILE_DIR) {
          await session.post("Profiler.enable");
          await session.post("Profiler.setSamplingInterval", { interval: 200 });
          await session.post("Profiler.start");
        }
        SQL?.reset();
        const req0 = engine.client.requestCount;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const s = await engine.start(undefined);
        const done = await engine.wait(s.id);
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        const requests = engine.client.requestCount - req0;
        console.log(
          `run ${run + 1} ${label.padEnd(6)} ${done.status}: ${tags} tags, ${((tags * 1000) / ms).toFixed(0)} tags/s, ${(requests / tags).toFixed(2)} req/tag, CPU ${(cpuMs / tags).toFixed(3)} ms/tag (user ${(cpu.user / 1000 / tags).toFixed(3)}, system ${(cpu.system / 1000 / tags).toFixed(3)}), load ${os.loadavg()[0].toFixed(2)}`,
        );
        if (SQL) {
          const { totalMs, lines } = SQL.report();
          console.log(`  SQL ${totalMs.toFixed(0)} ms CPU (${(totalMs / tags).toFixed(3)} ms/tag); costliest statements:\n${lines.map((l) => `    ${l}`).join("\n")}`);
        }
        if (PROFILE_DIR) {
          const { profile } = await session.post("Profiler.stop");
          fs.mkdirSync(PROFILE_DIR, { recursive: true });
          const file = path.join(PROFILE_DIR, `scan-${label}-${run + 1}.cpuprofile`);
          fs.writeFileSync(file, JSON.stringify(profile));
          printSummary(summarize(file, 20));
        }
      }
    }
    session.disconnect();
  } finally {
    await reg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
