// `npx tsx bench/coverage-rss.ts [N]`: the production server's memory at N repositories × 4 tags
// (default 10,000) without a browser, in about a minute. Seeds a fresh SQLite file with
// better-sqlite3 (bench/coverage-memory.ts's shape), starts `next start` from the bench build
// (BENCH_DIST_DIR, built by `npm run bench` / `bench:ui`; never built here), and prints VmRSS of
// its process group: idle after start, after the grid's HTML and first API page, and the peak
// over a sequence like bench:ui's (grid, pages, a search, "missing arm64", one-row writes), with
// the server's answer times for the search and the filter (median of 5, the answer cached, and
// the first one). NODE_OPTIONS in the environment reaches the server (to try V8 flags).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { DIST_DIR, migrate, sampleRss, startServer } from "./server";
import { seedCoverage } from "./coverage-memory-seed";
import { runMain } from "./main";

const N = Number(process.argv[2] ?? 10_000);
const mb = (n: number) => Math.round(n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed(url: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return { ms: Math.round((performance.now() - t0) * 10) / 10, bytes: body.byteLength };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST_DIR, "BUILD_ID"))) throw new Error(`no build in ${DIST_DIR}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-covrss-"));
  const file = path.join(tmp, "cov.db");
  migrate(`file:${file}`);
  seedCoverage(file, N);
  const load = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const srv = await startServer({ databaseUrl: `file:${file}`, env: { ARCHGRID_SCAN_INTERVAL_MINUTES: "0" }, logPath: path.join(tmp, "server.log") });
  const rss = sampleRss(srv.pgid, 50);
  const out: Record<string, unknown> = { repositories: N, dist: DIST_DIR, nodeOptions: process.env.NODE_OPTIONS ?? "", load };
  try {
    await sleep(3000);
    out.idleMb = mb(rss.current().lastGroupMb);
    out.gridHtmlMs = (await timed(`${srv.url}/grid`)).ms;
    out.firstPageMs = (await timed(`${srv.url}/api/coverage?offset=0&limit=50`)).ms;
    await sleep(1000);
    out.afterFirstPageMb = mb(rss.current().lastGroupMb);
    const page: number[] = [];
    for (let i = 0; i < 10; i++) page.push((await timed(`${srv.url}/api/coverage?offset=0&limit=50`)).ms);
    out.pageMs = median(page);
    // A search as the grid sends it while typing: a new query each time (the server's answer
    // cache misses), as a user typing does.
    const search: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const r = await timed(`${srv.url}/api/coverage?q=service-${N - 1 - i}&offset=0&limit=50`);
      search.push(r.ms);
      bytes = r.bytes;
    }
    out.searchMs = { median: median(search), all: search, bytes };
    const missing: number[] = [];
    for (const c of ["arm64", "ppc64le", "s390x", "riscv64", "arm"]) missing.push((await timed(`${srv.url}/api/coverage?missing=${c}&offset=0&limit=50`)).ms);
    out.missingMs = { median: median(missing), all: missing };
    const w = new Database(file);
    w.pragma("busy_timeout = 10000");
    const touch = w.prepare(`UPDATE "Tag" SET "checkedAt" = ? WHERE "id" = 'repo7-0'`);
    const after: number[] = [];
    for (let i = 0; i < 5; i++) {
      touch.run(new Date(Date.now() + (i + 1) * 1000).toISOString().replace("Z", "+00:00"));
      after.push((await timed(`${srv.url}/api/coverage?offset=0&limit=50`)).ms);
    }
    w.close();
    out.afterWriteMs = { median: median(after), all: after };
    await timed(`${srv.url}/grid?q=service-1`);
    await sleep(2000);
    const s = rss.stop();
    out.endMb = mb(s.lastGroupMb);
    out.peakMb = mb(s.peakGroupMb);
  } finally {
    rss.stop();
    await srv.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  out.loadAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(JSON.stringify(out));
}

runMain(main);
