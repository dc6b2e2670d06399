// Opens a Prisma client for a database URL, SQLite or PostgreSQL by its scheme, with no global
// state: lib/db.ts makes the process's one client from it, and scripts (migrate-data) open two.
//
// Each provider has its own generated client (a Prisma client refuses an adapter of another
// provider): lib/generated/prisma from prisma/schema.prisma (SQLite) and lib/generated/prisma-pg
// from the derived prisma/postgresql/schema.prisma. The models are the same, so the PostgreSQL
// client is typed as the SQLite one: lib/queries is written once against one type and uses no
// provider-only API.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseProvider } from "@/lib/db-provider";
import { oneWriter } from "@/lib/one-writer";

function openSqlite(url: string): PrismaClient {
  const file = url.slice("file:".length).split("?")[0];
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Wait up to 10 s for a lock rather than failing at once when a scan and a request overlap.
  // oneWriter: other tasks' statements wait while a transaction is open on this connection.
  const adapter = oneWriter(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  const client = new PrismaClient({ adapter });
  // WAL lets the dashboard read while a scan writes; NORMAL sync is safe under WAL and spares an
  // fsync per committed tag snapshot. Both are SQLite-only.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  return client;
}

function openPostgres(url: string): PrismaClient {
  // A connection pool per process; PostgreSQL has row locks and MVCC, so no oneWriter here.
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return client as unknown as PrismaClient;
}

/** A new client for `url`; the caller disconnects it. */
export function openPrisma(url: string): PrismaClient {
  return databaseProvider(url) === "postgresql" ? openPostgres(url) : openSqlite(url);
}
