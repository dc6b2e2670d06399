// Vitest global setup: one brand-new SQLite file migrated by Prisma exactly as `npm start` does;
// each test file then works on its own copy of it (test/per-file-db.ts), so files running in
// parallel never see each other's rows.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-test-db-"));
  const template = path.join(dir, "template.db");
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: "pipe",
  });
  process.env.ARCHGRID_TEST_DB_TEMPLATE = template;
  process.env.DATABASE_URL = `file:${template}`;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
