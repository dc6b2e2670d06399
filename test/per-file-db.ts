// Runs in each test worker before a test file: a private copy of the migrated template database.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const template = process.env.ARCHGRID_TEST_DB_TEMPLATE;
if (template) {
  const copy = path.join(path.dirname(template), `${randomUUID()}.db`);
  fs.copyFileSync(template, copy);
  process.env.DATABASE_URL = `file:${copy}`;
}
