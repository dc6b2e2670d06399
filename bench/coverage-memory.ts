// `node --expose-gc --import tsx bench/coverage-memory.ts [N]`: where the server's memory and a
// grid page's time go at N repositories × 4 tags (default 10,000), in-process (no Next, no HTTP).
// Seeds the rows with better-sqlite3 in seconds (the same shape as bench/ui.ts's seed), then
// prints heap and RSS after the matrix is read and after the grid's first page (rows cached),
// and the page's time: cached, and right after a one-row write (the matrix re-reads what moved).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./server";
import { seedCoverage } from "./coverage-memory-seed";
import { runMain } from "./main";

const N = Number(process.argv[2] ?? 10_000);
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function mem(label: string): void {
  gc();
  const m = process.memoryUsage();
  console.log(`${label.padEnd(34)} rss ${mb(m.rss).padStart(7)}  heapUsed ${mb(m.heapUsed).padStart(7)}  external ${mb(m.external).padStart(6)}`);
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-covmem-"));
  try {
    const file = path.join(tmp, "cov.db");
    migrate(`file:${file}`);
    const t0 = performance.now();
    seedCoverage(file, N);
    console.log(`seeded ${N} repositories × 4 tags in ${Math.round(performance.now() - t0)} ms`);
    process.env.DATABASE_URL = `file:${file}`;
    const { loadCoverage, loadMatrix } = await import("../lib/queries");
    const { DEFAULT_COLUMNS } = await import("../lib/coverage");
    mem("before");
    let t = performance.now();
    await loadMatrix();
    console.log(`matrix read in ${Math.round(performance.now() - t)} ms`);
    mem("matrix loaded");
    const filters = { columns: [...DEFAULT_COLUMNS] };
    const view = { offset: 0, limit: 50 };
    t = performance.now();
    const first = await loadCoverage(filters, view);
    console.log(`first page in ${Math.round(performance.now() - t)} ms (${first.repositories.length} rows of ${first.page?.total}), ${JSON.stringify(first).length} bytes`);
    mem("first page (row cache filled)");
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      t = performance.now();
      await loadCoverage(filters, view);
      times.push(performance.now() - t);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`page, cached matrix: median ${med(times).toFixed(1)} ms`);
    t = performance.now();
    await loadCoverage({ ...filters, missing: "arm64" }, view);
    console.log(`"missing arm64" page: ${(performance.now() - t).toFixed(1)} ms`);
    const fp = new Database(file, { readonly: true });
    for (const [label, sql] of [
      ["fingerprint (better-sqlite3)", `SELECT 'r' AS k, COUNT(*) AS n, MAX("updatedAt") AS m, NULL AS x FROM "Repository" UNION ALL SELECT 't', COUNT(*), MAX("checkedAt"), NULL FROM "Tag" UNION ALL SELECT 'p', COUNT(*), NULL, MAX("id") FROM "TagPlatform" UNION ALL SELECT 's', COUNT(*), MAX("checkedAt"), NULL FROM "SiblingImage"`],
      ["fingerprint, scalar subqueries", `SELECT 'r' AS k, (SELECT COUNT(*) FROM "Repository") AS n, (SELECT MAX("updatedAt") FROM "Repository") AS m, NULL AS x UNION ALL SELECT 't', (SELECT COUNT(*) FROM "Tag"), (SELECT MAX("checkedAt") FROM "Tag"), NULL UNION ALL SELECT 'p', (SELECT COUNT(*) FROM "TagPlatform"), NULL, (SELECT MAX("id") FROM "TagPlatform") UNION ALL SELECT 's', (SELECT COUNT(*) FROM "SiblingImage"), (SELECT MAX("checkedAt") FROM "SiblingImage"), NULL`],
      ["  Tag MAX(checkedAt)", `SELECT MAX("checkedAt") FROM "Tag"`],
      ["  Tag COUNT", `SELECT COUNT(*) FROM "Tag"`],
      ["  Repository COUNT+MAX(updatedAt)", `SELECT COUNT(*), MAX("updatedAt") FROM "Repository"`],
      ["  Tag COUNT+MAX(checkedAt)", `SELECT COUNT(*), MAX("checkedAt") FROM "Tag"`],
      ["  TagPlatform COUNT", `SELECT COUNT(*) FROM "TagPlatform"`],
      ["  TagPlatform MAX(id)", `SELECT MAX("id") FROM "TagPlatform"`],
    ] as const) {
      const stmt = fp.prepare(sql);
      const ts: number[] = [];
      for (let i = 0; i < 10; i++) {
        t = performance.now();
        stmt.all();
        ts.push(performance.now() - t);
      }
      console.log(`${label}: median ${med(ts).toFixed(1)} ms`);
    }
    fp.close();
    const w = new Database(file);
    const touch = w.prepare(`UPDATE "Tag" SET "checkedAt" = ? WHERE "id" = 'repo7-0'`);
    const after: number[] = [];
    for (let i = 0; i < 5; i++) {
      touch.run(new Date(Date.now() + i * 1000).toISOString().replace("Z", "+00:00"));
      t = performance.now();
      await loadCoverage(filters, view);
      after.push(performance.now() - t);
    }
    w.close();
    console.log(`page right after a write: median ${med(after).toFixed(1)} ms`);
    mem("end");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
