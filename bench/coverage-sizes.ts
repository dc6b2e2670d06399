// `npm run bench`, last phase: the grid's API page at organization sizes (default 2,000 and
// 10,000 repositories × the bench's tags). For each size a fresh copy of the scanned database is
// grown by replicating the scan's own rows (seed-coverage.ts), a fresh `next start` serves it, and
// GET /api/coverage?offset=0&limit=50 is timed (median of n after 2 warm-ups), then again right
// after one-row writes (the matrix cache must re-read), with the server's RSS sampled throughout.
// BENCH_DATABASE=postgres: each size is a fresh database on a throwaway PostgreSQL cluster
// (bench/pg.ts), filled from the scanned SQLite file, and the server runs on it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { percentile } from "./baselines";
import { benchDatabase, benchPostgres, createMigrated, type BenchDatabase } from "./pg";
import { replicateTo, type SeedResult } from "./seed-coverage";
import { sampleRss, startServer } from "./server";

export interface CoveragePageFigures {
  database: BenchDatabase;
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

interface SizedDatabase {
  url: string;
  seed: SeedResult;
  /** A one-row write (one tag's checkedAt), as a scan makes. */
  touch(at: Date): Promise<void>;
  close(): Promise<void>;
}

let pgTemplate: Promise<string> | undefined;

/** A database of `size` repositories grown from the scan's rows, SQLite (a copy of the file) or PostgreSQL. */
async function sizedDatabase(scannedDb: string, tmp: string, size: number): Promise<SizedDatabase> {
  const touchSql = `UPDATE "Tag" SET "checkedAt" = $1 WHERE "id" = (SELECT MIN("id") FROM "Tag")`;
  if (benchDatabase() === "postgres") {
    const server = benchPostgres();
    pgTemplate ??= createMigrated(server, "coverage_template").then(() => "coverage_template");
    const name = `coverage_${size}_${Date.now()}`;
    const url = await server.create(name, await pgTemplate);
    const seed = await replicateTo(url, size, `file:${scannedDb}`);
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    return {
      url,
      seed,
      touch: async (at) => void (await writer.query(touchSql, [at])),
      close: async () => {
        await writer.end();
        await server.drop(name);
      },
    };
  }
  const file = path.join(tmp, `coverage-page-${size}.db`);
  fs.copyFileSync(scannedDb, file);
  for (const ext of ["-wal", "-shm"]) if (fs.existsSync(scannedDb + ext)) fs.copyFileSync(scannedDb + ext, file + ext);
  const seed = await replicateTo(`file:${file}`, size);
  let writer: Database.Database | undefined;
  return {
    url: `file:${file}`,
    seed,
    touch: async (at) => {
      if (!writer) {
        writer = new Database(file);
        writer.pragma("busy_timeout = 10000");
      }
      writer.prepare(touchSql.replace("$1", "?")).run(at.toISOString().replace("Z", "+00:00"));
    },
    close: async () => {
      writer?.close();
      fs.rmSync(file, { force: true });
    },
  };
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
  const database = benchDatabase();
  for (const size of opts.sizes) {
    const db = await sizedDatabase(opts.scannedDb, opts.tmp, size);
    const seed = db.seed;
    opts.log(`coverage page db (${database}): ${seed.repositories} repositories, ${seed.tags} tags (seeded in ${(seed.ms / 1000).toFixed(1)} s)`);
    const srv = await startServer({ databaseUrl: db.url, env: { ARCHGRID_SCAN_INTERVAL_MINUTES: "0" }, logPath: path.join(opts.tmp, `server-page-${size}.log`) });
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
      const after: number[] = [];
      for (let i = 0; i < opts.afterWriteRequests; i++) {
        await db.touch(new Date(Date.now() + i));
        after.push((await timed(srv.url)).ms);
      }
      const peak = rss.stop();
      out.push({
        database,
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
      opts.log(`coverage page at ${seed.repositories} (${database}): median ${percentile(times, 50).toFixed(1)} ms, after a write ${percentile(after, 50).toFixed(1)} ms, peak RSS ${peak.peakGroupMb.toFixed(0)} MB`);
    } finally {
      rss.stop();
      await srv.stop();
      await db.close();
    }
  }
  return out;
}
