// `node --import tsx bench/coverage-search-pg.ts PG_URL PG_LOG [N]`: GET /api/coverage (the route
// handler, in-process) for a new search each time, as typing gives, on PostgreSQL at N
// repositories × 4 tags, and the statements each request and each grid page render sends (counted
// in the cluster's log with log_statement=all; scripts/pg-test-cluster.sh writes DIR/server.log).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "./server";
import { seedCoverage } from "./coverage-memory-seed";
import { replicateTo } from "./seed-coverage";
import { runMain } from "./main";

const [pgUrl, logFile] = process.argv.slice(2, 4);
const N = Number(process.argv[4] ?? 10_000);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  // Seeded once per cluster and N (a minute and more), then reused by later runs.
  const db = `covsearch_${N}`;
  const fresh = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [db])).rowCount === 0;
  if (fresh) await admin.query(`CREATE DATABASE ${db}`);
  const url = pgUrl.replace(/\/[^/]*$/, `/${db}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-covsearch-pg-"));
  try {
    if (fresh) {
      migrate(url);
      const file = path.join(tmp, "cov.db");
      migrate(`file:${file}`);
      seedCoverage(file, N);
      await replicateTo(url, N, `file:${file}`);
    }
    process.env.DATABASE_URL = url;
    const { GET } = await import("../app/api/coverage/route");
    const { readCoverageStamps } = await import("../lib/queries/stamps");
    const { prefetchCoverage, prefetchRegistries } = await import("../lib/prefetch");
    const { gridRequest, parseGridParams } = await import("../components/coverage/grid-view");
    const { QueryClient } = await import("@tanstack/react-query");
    const ask = async (q: string) => (await GET(new Request(`http://x/api/coverage?q=${q}&limit=50`))).arrayBuffer();
    // The grid page's server read (app/grid/page.tsx), as its RSC request after a search runs it.
    const page = async (q: string) => {
      const sp = new URLSearchParams({ q });
      const stamps = await readCoverageStamps();
      await Promise.all([prefetchCoverage(new QueryClient(), gridRequest(parseGridParams(sp), stamps.policy.required), stamps), prefetchRegistries(new QueryClient())]);
    };
    await ask("warm");
    await page("warm");
    await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
    await admin.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 300));
    const count = async (label: string, run: () => Promise<unknown>) => {
      const before = fs.readFileSync(logFile, "utf8").length;
      await run();
      await new Promise((r) => setTimeout(r, 300));
      const text = fs.readFileSync(logFile, "utf8").slice(before);
      // One entry per statement; a statement's text may span lines.
      const stmts = text.split(/\n(?=\d{4}-\d\d-\d\d )/).filter((l) => /LOG:\s+(statement|execute)/.test(l)).map((l) => l.replace(/\s+/g, " "));
      console.log(`${label}: ${stmts.length} statements`);
      if (process.env.SHOW) for (const s of stmts) console.log("   ", s.replace(/^.*LOG:\s+/, "").slice(0, 140));
    };
    await count("GET /api/coverage?q=service-17 (cache miss)", () => ask("service-17"));
    await count("GET /api/coverage?q=service-17 (cache hit)", () => ask("service-17"));
    await count("grid page server read, q=service-18", () => page("service-18"));
    await admin.query(`ALTER SYSTEM RESET log_statement`);
    await admin.query(`SELECT pg_reload_conf()`);
    for (const [label, run] of [
      ["GET /api/coverage, new search each time", (i: number) => ask(`service-${N - 1 - i}`)],
      ["grid page server read, new search each time", (i: number) => page(`service-${N - 100 - i}`)],
    ] as const) {
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await run(i);
        ms.push(performance.now() - t);
      }
      console.log(`${label}: median ${med(ms).toFixed(1)} ms (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)})`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await admin.query(`ALTER SYSTEM RESET log_statement`).catch(() => undefined);
    await admin.end();
  }
}

runMain(main);
