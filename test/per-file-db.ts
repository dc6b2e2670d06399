// Runs in each test worker before a test file: a private copy of the migrated template database
// (test/global-setup.ts), a file on SQLite, a database made from the template on PostgreSQL.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { adminSql, databaseUrl, testPgUrl } from "./support/pg-admin";

const server = testPgUrl();
const pgTemplate = process.env.ARCHGRID_TEST_PG_TEMPLATE;
const template = process.env.ARCHGRID_TEST_DB_TEMPLATE;
if (server && pgTemplate) {
  // Named after the template so that the run's teardown drops it with the rest.
  const name = `${pgTemplate.replace(/template$/, "")}${randomUUID().replace(/-/g, "")}`;
  await adminSql(server, `CREATE DATABASE "${name}" TEMPLATE "${pgTemplate}"`);
  process.env.DATABASE_URL = databaseUrl(server, name);
} else if (template) {
  const copy = path.join(path.dirname(template), `${randomUUID()}.db`);
  fs.copyFileSync(template, copy);
  process.env.DATABASE_URL = `file:${copy}`;
}
