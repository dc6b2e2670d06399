// `npx tsx bench/diagnose.ts`: where does a scan's time go? Runs archgrid's own ScanEngine
// in-process (outside Next) against a real registry, with a Prisma client that reports every
// query, and a TCP pass-through that counts connections. Prints, per scan: wall time, registry
// requests, TCP connections, Prisma queries (count and time by model.action) and the same per tag.
// Then GET /api/coverage's work at DIAG_COVERAGE_REPOS (2000; 0 skips), split into its parts.
// Env: DIAG_REPOS (100), DIAG_TAGS (4), DIAG_CONCURRENCY (8), DIAG_COVERAGE_REPOS (2000).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { countingProxy, startRegistry } from "../e2e/fixtures/registry";
import { pushMany } from "../e2e/fixtures/pusher";
import { PrismaClient } from "../lib/generated/prisma/client";
import { buildOrg } from "./org";
import { percentile } from "./baselines";
import { replicateTo } from "./seed-coverage";
import { migrate } from "./server";
import { runMain } from "./main";

const REPOS = Number(process.env.DIAG_REPOS ?? 100);
const TAGS = Number(process.env.DIAG_TAGS ?? 4);
const CONC = Number(process.env.DIAG_CONCURRENCY ?? 8);
const COVERAGE_REPOS = Number(process.env.DIAG_COVERAGE_REPOS ?? 2000);

/** A TCP pass-through in front of `target` that counts the connections it accepts. */
async function tcpCounter(target: string): Promise<{ host: string; connections(): number; reset(): void; stop(): Promise<void> }> {
  const [th, tp] = target.split(":");
  let n = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    n++;
    const up = net.connect(Number(tp), th);
    sockets.add(c);
    sockets.add(up);
    c.pipe(up).pipe(c);
    const done = () => {
      c.destroy();
      up.destroy();
      sockets.delete(c);
      sockets.delete(up);
    };
    c.on("error", done).on("close", done);
    up.on("error", done).on("close", done);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  if (addr === null || typeof addr === "string") throw new Error("no address");
  return {
    host: `127.0.0.1:${addr.port}`,
    connections: () => n,
    reset: () => {
      n = 0;
    },
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

interface QueryStat {
  count: number;
  ms: number;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-diag-"));
  const reg = await startRegistry();
  const proxy = await countingProxy(reg.host);
  const tcp = await tcpCounter(proxy.host);
  try {
    const org = buildOrg(REPOS, TAGS);
    await pushMany({ url: reg.url }, org.items, 12);
    const dbUrl = `file:${path.join(tmp, "diag.db")}`;
    migrate(dbUrl);
    process.env.DATABASE_URL = dbUrl;
    process.env.ARCHGRID_INSECURE_REGISTRIES = tcp.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    process.env.ARCHGRID_REGISTRY_CONCURRENCY = String(CONC);

    // lib/db.ts reuses globalThis.archgridPrisma when set: hand it a client that reports queries.
    const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: dbUrl, timeout: 10_000 }), log: [{ emit: "event", level: "query" }] });
    let stats = new Map<string, QueryStat>();
    prisma.$on("query", (e) => {
      const sql = e.query.replace(/\s+/g, " ");
      const m = /^(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK)\b.*?(?:FROM|INTO|UPDATE)?\s*`?(?:main`?\.`?)?`?(\w+)?/i.exec(sql);
      const key = m ? `${m[1].toUpperCase()} ${m[2] ?? ""}`.trim() : sql.slice(0, 40);
      const s = stats.get(key) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += Number(e.duration);
      stats.set(key, s);
    });
    // The same pragmas lib/db.ts sets on its own client (WAL, synchronous NORMAL).
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    (globalThis as unknown as { archgridPrisma?: PrismaClient }).archgridPrisma = prisma;
    const { addRepositories } = await import("../lib/watch");
    const { ScanEngine } = await import("../lib/scan");
    await addRepositories(
      org.repos.map((r) => `${tcp.host}/${r.name}`),
      { tags: org.repos[0]?.tags ?? ["latest"] },
    );
    const engine = new ScanEngine();
    const tags = org.items.length;
    for (const label of ["cold", "rescan"]) {
      stats = new Map();
      proxy.reset();
      tcp.reset();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const scan = await engine.start(undefined);
      const done = await engine.wait(scan.id);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const c = proxy.counts();
      const q = [...stats.entries()].sort((a, b) => b[1].count - a[1].count);
      const qn = q.reduce((s, [, v]) => s + v.count, 0);
      const qms = q.reduce((s, [, v]) => s + v.ms, 0);
      console.log(`\n== ${label}: ${done.status}, ${tags} tags in ${(ms / 1000).toFixed(2)} s = ${((tags * 1000) / ms).toFixed(1)} tags/s; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / 1000 / tags).toFixed(2)} ms/tag`);
      console.log(`   registry requests ${c.total} (${(c.total / tags).toFixed(2)}/tag) ${JSON.stringify(c.byKind)}; TCP connections ${tcp.connections()} (${(tcp.connections() / tags).toFixed(2)}/tag)`);
      console.log(`   prisma queries ${qn} (${(qn / tags).toFixed(2)}/tag, ${(qn / REPOS).toFixed(1)}/repository), SQL time reported ${qms.toFixed(0)} ms`);
      for (const [k, v] of q.slice(0, 14)) console.log(`     ${String(v.count).padStart(6)}  ${v.ms.toFixed(0).padStart(6)} ms  ${k}`);
    }

    // GET /api/coverage's work, split: loadCoverage when the matrix is cached (nothing changed),
    // loadCoverage right after a write (the fingerprint moved: the written repositories are re-read), JSON.stringify.
    if (COVERAGE_REPOS > 0) {
      const seed = await replicateTo(dbUrl, COVERAGE_REPOS);
      const { loadCoverage } = await import("../lib/queries");
      const { DEFAULT_COLUMNS } = await import("../lib/coverage");
      const filters = { columns: [...DEFAULT_COLUMNS] };
      const timeIt = async (fn: () => Promise<unknown> | unknown, before?: () => Promise<unknown>, n = 10): Promise<number> => {
        await fn();
        const t: number[] = [];
        for (let i = 0; i < n; i++) {
          if (before) await before();
          const t0 = performance.now();
          await fn();
          t.push(performance.now() - t0);
        }
        return percentile(t, 50);
      };
      const full = await loadCoverage(filters);
      stats = new Map();
      const warmMs = await timeIt(() => loadCoverage(filters));
      const warmQueries = [...stats.values()].reduce((a, b) => a + b.count, 0) / 11;
      let k = 0;
      // What a scan does for one repository: its tag checked, then the repository row updated.
      const touch = async () => {
        const when = new Date(Date.now() + ++k * 1000);
        await prisma.$executeRaw`UPDATE "Tag" SET "checkedAt" = ${when} WHERE "id" = (SELECT MIN("id") FROM "Tag")`;
        await prisma.$executeRaw`UPDATE "Repository" SET "updatedAt" = ${when} WHERE "id" = (SELECT "repositoryId" FROM "Tag" WHERE "id" = (SELECT MIN("id") FROM "Tag"))`;
      };
      const coldMs = await timeIt(() => loadCoverage(filters), touch);
      const jsonMs = await timeIt(() => JSON.stringify(full));
      const bytes = Buffer.byteLength(JSON.stringify(full));
      const sqlRows = new Database(dbUrl.slice("file:".length), { readonly: true });
      const rawMs = await timeIt(() =>
        sqlRows
          .prepare(
            `SELECT r.id, r.reference, t.name, t.digest, p.os, p.architecture, p.variant FROM Repository r JOIN Tag t ON t.repositoryId = r.id LEFT JOIN TagPlatform p ON p.tagId = t.id ORDER BY r.reference, t.name`,
          )
          .all(),
      );
      sqlRows.close();
      console.log(`\n== coverage at ${seed.repositories} repositories, ${seed.tags} tags, ${seed.platforms} platform rows (medians of 10, in-process, no HTTP) ==`);
      console.log(`   loadCoverage, matrix cached:        ${warmMs.toFixed(1)} ms (${warmQueries.toFixed(1)} SQL queries per call)`);
      console.log(`   loadCoverage, after a write:        ${coldMs.toFixed(1)} ms (re-reads the repositories written since)`);
      console.log(`   JSON.stringify of the answer:       ${jsonMs.toFixed(1)} ms, ${(bytes / 1e6).toFixed(2)} MB`);
      console.log(`   floor, one better-sqlite3 JOIN:     ${rawMs.toFixed(1)} ms`);
    }
    await prisma.$disconnect();
  } finally {
    await tcp.stop();
    await proxy.stop();
    await reg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
