// `npm run bench`, last phase: the grid's API page at organization sizes (default 2,000 and
// 10,000 repositories × the bench's tags). For each size a fresh copy of the scanned database is
// grown by replicating the scan's own rows (seed-coverage.ts), a fresh `next start` serves it, and
// GET /api/coverage?offset=0&limit=50 is timed (median of n after 2 warm-ups), then again right
// after one-row writes (the matrix cache must re-read), with the server's RSS sampled throughout.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { percentile } from "./baselines";
import { replicateTo, type SeedResult } from "./seed-coverage";
import { sampleRss, startServer } from "./server";

export interface CoveragePageFigures {
  repositories: number;
  seed: SeedResult;
  load: number[];
  requests: number;
  medianMs: number;
  p95Ms: number;
  bytes: number;
  afterWrite: { requests: number; medianMs: number; maxMs: number };
  /** Peak RSS of the server's process group while it served this size, MiB. */
  peakRssMb: number;
}

const PAGE = "/api/coverage?offset=0&limit=50";

async function timed(base: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(base + PAGE);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${PAGE}: ${res.status}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

export async function measureCoveragePages(opts: {
  scannedDb: string;
  tmp: string;
  sizes: number[];
  requests: number;
  afterWriteRequests: number;
  log: (s: string) => void;
}): Promise<CoveragePageFigures[]> {
  const out: CoveragePageFigures[] = [];
  for (const size of opts.sizes) {
    const file = path.join(opts.tmp, `coverage-page-${size}.db`);
    fs.copyFileSync(opts.scannedDb, file);
    for (const ext of ["-wal", "-shm"]) if (fs.existsSync(opts.scannedDb + ext)) fs.copyFileSync(opts.scannedDb + ext, file + ext);
    const seed = await replicateTo(`file:${file}`, size);
    opts.log(`coverage page db: ${seed.repositories} repositories, ${seed.tags} tags (seeded in ${(seed.ms / 1000).toFixed(1)} s)`);
    const srv = await startServer({ databaseUrl: `file:${file}`, env: { ARCHGRID_SCAN_INTERVAL_MINUTES: "0" }, logPath: path.join(opts.tmp, `server-page-${size}.log`) });
    const rss = sampleRss(srv.pgid, 100);
    try {
      for (let i = 0; i < 2; i++) await timed(srv.url);
      const load = os.loadavg().map((x) => Math.round(x * 100) / 100);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < opts.requests; i++) {
        const r = await timed(srv.url);
        times.push(r.ms);
        bytes = r.bytes;
      }
      const writer = new Database(file);
      writer.pragma("busy_timeout = 10000");
      const touch = writer.prepare(`UPDATE "Tag" SET "checkedAt" = ? WHERE "id" = (SELECT MIN("id") FROM "Tag")`);
      const after: number[] = [];
      for (let i = 0; i < opts.afterWriteRequests; i++) {
        touch.run(new Date(Date.now() + i).toISOString().replace("Z", "+00:00"));
        after.push((await timed(srv.url)).ms);
      }
      writer.close();
      const peak = rss.stop();
      out.push({
        repositories: seed.repositories,
        seed,
        load,
        requests: times.length,
        medianMs: percentile(times, 50),
        p95Ms: percentile(times, 95),
        bytes,
        afterWrite: { requests: after.length, medianMs: percentile(after, 50), maxMs: Math.max(...after) },
        peakRssMb: peak.peakGroupMb,
      });
      opts.log(`coverage page at ${seed.repositories}: median ${percentile(times, 50).toFixed(1)} ms, after a write ${percentile(after, 50).toFixed(1)} ms, peak RSS ${peak.peakGroupMb.toFixed(0)} MB`);
    } finally {
      rss.stop();
      await srv.stop();
      fs.rmSync(file, { force: true });
    }
  }
  return out;
}
