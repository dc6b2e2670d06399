// The tests' side of PostgreSQL: ARCHGRID_TEST_PG_URL names a server (the throwaway cluster of
// scripts/pg-test-cluster.sh in CI) on which the run may create and drop databases. When it is
// set, the whole vitest run works on PostgreSQL instead of SQLite files.
import pg from "pg";

export const PG_URL_ENV = "ARCHGRID_TEST_PG_URL";

export function testPgUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[PG_URL_ENV] || undefined;
}

/** True when this test run's database is PostgreSQL (SQLite-only tests skip then, saying why). */
export const onPostgres = Boolean(testPgUrl());

/** The same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs statements on the server's maintenance database, one connection, closed after. */
export async function adminSql(serverUrl: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** Drops every database whose name starts with `prefix` (connections are cut: FORCE, PostgreSQL 13+). */
export async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const r of rows) await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
