// npm run db:new-migration -- NAME [--timestamp YYYYMMDDHHMMSS]
// Writes the next migration of BOTH providers from prisma/schema.prisma: regenerates the derived
// PostgreSQL schema, then for SQLite and PostgreSQL diffs the committed migration set against the
// schema (scripts/migration-diff.ts) and writes <timestamp>_<NAME>/migration.sql where SQL is
// missing. A provider already in step gets nothing, so after merging branches that each added a
// SQLite migration, one run writes just the PostgreSQL migration that catches up.
// PostgreSQL: ARCHGRID_TEST_PG_URL's server if set, else a throwaway cluster (scripts/pg-test-cluster.sh).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LAYOUT, missingMigrationSql } from "./migration-diff";
import { PG_SCHEMA, SQLITE_SCHEMA, derivePgSchema } from "./pg-schema";
import { adminSql, databaseUrl, testPgUrl } from "../test/support/pg-admin";

function fail(message: string): never {
  console.error(`db:new-migration: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]): { name: string; timestamp: string } {
  let name = "";
  let timestamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--timestamp") timestamp = argv[++i] ?? "";
    else if (!name) name = argv[i];
    else fail(`unexpected argument ${argv[i]}`);
  }
  if (!/^[a-z0-9_]+$/.test(name)) fail("give the migration a NAME of lower-case letters, digits and _ (e.g. settings_waivers)");
  if (!/^\d{14}$/.test(timestamp)) fail("--timestamp must be 14 digits, YYYYMMDDHHMMSS");
  return { name, timestamp };
}

async function withScratchPg<T>(fn: (url: string) => T): Promise<T> {
  const script = path.resolve(__dirname, "pg-test-cluster.sh");
  let server = testPgUrl();
  let dir: string | undefined;
  if (!server) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-newmig-"));
    fs.chmodSync(dir, 0o755);
    server = execFileSync("bash", [script, "start", path.join(dir, "cluster")], { encoding: "utf8" }).trim();
  }
  const db = `archgrid_newmig_${randomBytes(4).toString("hex")}`;
  try {
    await adminSql(server, `CREATE DATABASE "${db}"`);
    return fn(databaseUrl(server, db));
  } finally {
    await adminSql(server, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
    if (dir) {
      execFileSync("bash", [script, "stop", path.join(dir, "cluster")]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function main() {
  const { name, timestamp } = parseArgs(process.argv.slice(2));
  const folder = `${timestamp}_${name}`;
  fs.writeFileSync(PG_SCHEMA, derivePgSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-newmig-sqlite-"));
  const sqlite = (() => {
    try {
      return missingMigrationSql("sqlite", `file:${path.join(scratch, "scratch.db")}`);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  })();
  const postgresql = await withScratchPg((url) => missingMigrationSql("postgresql", url));
  let wrote = 0;
  for (const [provider, sql] of [["sqlite", sqlite], ["postgresql", postgresql]] as const) {
    if (!sql.trim()) {
      console.log(`${provider}: migrations already match the schema, nothing written`);
      continue;
    }
    const dir = path.join(LAYOUT[provider].migrations, folder);
    if (fs.existsSync(dir)) fail(`${dir} exists already`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`${provider}: wrote ${path.join(dir, "migration.sql")}`);
    wrote++;
  }
  if (wrote === 0) console.log("nothing to do: both migration sets match prisma/schema.prisma");
}

void main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
