import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "test/attacks/**/*.test.ts"],
    exclude: ["node_modules", ".next", "e2e"],
    environment: "node",
    // Migrates a fresh SQLite file per run; every test file gets its own copy of it.
    // require-binaries: in CI a missing docker-registry or skopeo fails the run instead of skipping.
    globalSetup: ["./test/require-binaries.ts", "./test/global-setup.ts"],
    setupFiles: ["./test/per-file-db.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
