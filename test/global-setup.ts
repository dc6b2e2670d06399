// Vitest global setup: a brand-new SQLite file per run, migrated by Prisma exactly as `npm start` does.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-test-db-"));
  const url = `file:${path.join(dir, "test.db")}`;
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  process.env.DATABASE_URL = url;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
