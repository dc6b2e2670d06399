// The database an e2e server runs on: a SQLite file in the run's folder by default, or, when
// ARCHGRID_TEST_PG_URL names a PostgreSQL server (CI's second pass), a new database on it.
// Either way empty: the caller migrates it with `prisma migrate deploy`, as `npm start` does.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { adminSql, databaseUrl, testPgUrl } from "../../test/support/pg-admin";

export interface E2EDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createE2EDatabase(dir: string, name: string): Promise<E2EDatabase> {
  const server = testPgUrl();
  if (!server) return { url: `file:${path.join(dir, `${name}.db`)}`, drop: async () => undefined };
  const db = `archgrid_e2e_${name.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  await adminSql(server, `CREATE DATABASE "${db}"`);
  return {
    url: databaseUrl(server, db),
    drop: () => adminSql(server, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined),
  };
}
