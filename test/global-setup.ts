// Vitest global setup: one brand-new database migrated by Prisma exactly as `npm start` does;
// each test file then works on its own copy of it (test/per-file-db.ts), so files running in
// parallel never see each other's rows.
//   SQLite (default): a migrated template file in a temp folder; copies are files beside it.
//   PostgreSQL (ARCHGRID_TEST_PG_URL set): a migrated template database on that server; copies
//   are `CREATE DATABASE … TEMPLATE` (a file copy inside the server, far faster than migrating).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PgBoss from "pg-boss";
import { adminSql, databaseUrl, dropDatabases, testPgUrl } from "./support/pg-admin";

function migrate(url: string) {
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

export default async function setup() {
  const server = testPgUrl();
  if (server) {
    // Lower-case, unique per run: several runs may share one server.
    const prefix = `archgrid_t${randomBytes(4).toString("hex")}_`;
    const template = `${prefix}template`;
    await adminSql(server, `CREATE DATABASE "${template}"`);
    migrate(databaseUrl(server, template));
    // pg-boss's own schema (it would create it on first start in each file's database; doing it
    // once here keeps that out of every test that scans). Same SQL pg-boss runs itself.
    await adminSql(databaseUrl(server, template), PgBoss.getConstructionPlans("pgboss"));
    process.env.ARCHGRID_TEST_PG_TEMPLATE = template;
    process.env.DATABASE_URL = databaseUrl(server, template);
    return () => dropDatabases(server, prefix);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-test-db-"));
  const template = path.join(dir, "template.db");
  migrate(`file:${template}`);
  process.env.ARCHGRID_TEST_DB_TEMPLATE = template;
  process.env.DATABASE_URL = `file:${template}`;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
