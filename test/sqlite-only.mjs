// (.mjs: loaded by vitest.config.mts, where Vite warns about importing TypeScript.)
// Test files that exercise SQLite itself, not the app's behaviour on a database: on a PostgreSQL
// run (ARCHGRID_TEST_PG_URL set) vitest.config.mts leaves them out and names them with the reason.
/** @type {ReadonlyArray<{ file: string; why: string }>} */
export const SQLITE_ONLY_TESTS = [
  { file: "lib/queries/one-writer.test.ts", why: "tests lib/one-writer.ts, the lock around the single better-sqlite3 connection (PostgreSQL uses a pool and row locks)" },
  { file: "lib/queries/snapshot-atomic.test.ts", why: "injects faults with SQLite trigger syntax (RAISE(ABORT)) into the SQLite file" },
  { file: "lib/metrics/ready.integration.test.ts", why: "edits _prisma_migrations through better-sqlite3 on the database file to fake a missing migration" },
  { file: "lib/scan/schedule.integration.test.ts", why: "tests the one-process scheduler (start-up closes open scans, a setInterval tick); on PostgreSQL scans are interrupted by lease expiry and the tick is a pg-boss cron job (test/workers/replicas-agree.test.ts)" },
  { file: "scripts/backup.test.ts", why: "npm run backup copies the SQLite file (PostgreSQL has pg_dump)" },
];
