// PostgreSQL for the benches: a throwaway cluster (scripts/pg-test-cluster.sh: initdb into a temp
// folder, loopback only, durability off as in the tests), migrated template databases, copies
// made with CREATE DATABASE … TEMPLATE, and the server's CPU time for the per-tag accounting.
// `BENCH_DATABASE=postgres` selects it in `npm run bench` / `bench:ui`; `npm run bench:workers` always uses it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../lib/generated/prisma-pg/client";
import { databaseProvider } from "../lib/db-provider";
import { findPid, migrate, processCpuMs, ROOT } from "./server";

export type BenchDatabase = "sqlite" | "postgres";

/** BENCH_DATABASE: sqlite (default, unchanged) or postgres. */
export function benchDatabase(): BenchDatabase {
  const v = (process.env.BENCH_DATABASE ?? "sqlite").toLowerCase();
  if (v === "sqlite" || v === "") return "sqlite";
  if (v === "postgres" || v === "postgresql") return "postgres";
  throw new Error(`BENCH_DATABASE must be sqlite or postgres, got ${JSON.stringify(process.env.BENCH_DATABASE)}`);
}

export interface BenchPostgres {
  /** The server's maintenance database URL. */
  url: string;
  /** A database of this server (created with `create`). */
  databaseUrl(name: string): string;
  /** CREATE DATABASE name [TEMPLATE template]; returns its URL. */
  create(name: string, template?: string): Promise<string>;
  drop(name: string): Promise<void>;
  /** CPU time (ms) of the PostgreSQL server so far: postmaster, its live backends and the ones it reaped. */
  cpuMs(): number;
  stop(): void;
}

const script = path.join(ROOT, "scripts", "pg-test-cluster.sh");

async function sql(url: string, ...statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Starts a throwaway cluster (stopped and deleted by stop(), and on exit). */
export function startBenchPostgres(log: (s: string) => void): BenchPostgres {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-bench-pg-"));
  fs.chmodSync(dir, 0o755); // as root the cluster runs as `postgres`, which must reach it
  const cluster = path.join(dir, "cluster");
  const t0 = Date.now();
  const url = execFileSync("bash", [script, "start", cluster], { encoding: "utf8" }).trim();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      execFileSync("bash", [script, "stop", cluster]);
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  const postmaster = findPid(path.join(cluster, "data"));
  log(`PostgreSQL throwaway cluster ${url} (pid ${postmaster ?? "?"}) ready in ${Date.now() - t0} ms`);
  const databaseUrl = (name: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    url,
    databaseUrl,
    async create(name, template) {
      await sql(url, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      return databaseUrl(name);
    },
    drop: (name) => sql(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    cpuMs() {
      if (postmaster === undefined) return 0;
      // Backends are forked by the postmaster; the ones that exited were reaped into its child times.
      return processCpuMs(postmaster) + processCpuMs(postmaster, true) + childrenOf(postmaster).reduce((s, p) => s + processCpuMs(p), 0);
    },
    stop,
  };
}

/** A migrated database (prisma migrate deploy, as `npm start` runs it) with pg-boss's schema in place. */
export async function createMigrated(server: BenchPostgres, name: string): Promise<{ url: string; migrateMs: number }> {
  const dbUrl = await server.create(name);
  const migrateMs = migrate(dbUrl);
  // pg-boss creates its schema on first start; doing it here keeps it out of the measured part.
  await sql(dbUrl, PgBoss.getConstructionPlans("pgboss"));
  return { url: dbUrl, migrateMs };
}

let shared: BenchPostgres | undefined;

/** One throwaway cluster for the whole bench process (BENCH_DATABASE=postgres), started on first use. */
export function benchPostgres(log: (s: string) => void = console.log): BenchPostgres {
  shared ??= startBenchPostgres(log);
  return shared;
}

/**
 * A Prisma client for seeding either database: SQLite exactly as the benches always opened it,
 * PostgreSQL through the generated PostgreSQL client (typed as the SQLite one, as lib/db-client does).
 */
export function seedClient(url: string): PrismaClient {
  if (databaseProvider(url) === "postgresql") return new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}
