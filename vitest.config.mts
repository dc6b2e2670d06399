import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { SQLITE_ONLY_TESTS } from "./test/sqlite-only.mjs";

// ARCHGRID_TEST_PG_URL set: the run works on PostgreSQL (test/global-setup.ts), without the
// files that test SQLite itself.
const onPostgres = Boolean(process.env.ARCHGRID_TEST_PG_URL);
if (onPostgres) {
  for (const t of SQLITE_ONLY_TESTS) process.stderr.write(`[postgres run] not run: ${t.file}: SQLite-only, ${t.why}\n`);
}

export default defineConfig({
  resolve: { alias: { "@": path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "test/attacks/**/*.test.ts", "test/workers/**/*.test.ts"],
    exclude: ["node_modules", ".next", "e2e", ...(onPostgres ? SQLITE_ONLY_TESTS.map((t) => t.file) : [])],
    environment: "node",
    // Migrates a fresh database per run (SQLite file, or PostgreSQL database); every test file gets its own copy.
    // require-binaries: in CI a missing docker-registry or skopeo fails the run instead of skipping.
    globalSetup: ["./test/require-binaries.ts", "./test/global-setup.ts"],
    setupFiles: ["./test/per-file-db.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
