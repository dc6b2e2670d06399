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
import { directOf, oneWriter, type DirectSqlite, type OneWriterFactory } from "@/lib/one-writer";

// Next bundles lib/ into several module copies (the instrumentation hook, each route, each page),
// while the Prisma client is one per process (lib/db.ts keeps it on globalThis). A map kept in a
// module variable would be empty in every copy but the one that opened the client, and those
// copies' hot path would fall back to Prisma's raw API: in `npm run bench` the scan ran there at
// 2.5x the CPU of the same code in-process. So the maps live on globalThis too.
const shared = globalThis as unknown as {
  archgridSqliteFactories?: WeakMap<object, OneWriterFactory>;
  archgridPgAdapters?: WeakMap<object, PgAdapter>;
  archgridPgClients?: WeakSet<object>;
};

// The one-writer factory of each SQLite client opened here: the hot path
// (lib/queries/hot-sql.ts) runs its statements on the connection that factory connected.
const sqliteFactories = (shared.archgridSqliteFactories ??= new WeakMap<object, OneWriterFactory>());

function openSqlite(url: string): PrismaClient {
  const file = url.slice("file:".length).split("?")[0];
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Wait up to 10 s for a lock rather than failing at once when a scan and a request overlap.
  // oneWriter: other tasks' statements wait while a transaction is open on this connection.
  const adapter = oneWriter(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  const client = new PrismaClient({ adapter });
  sqliteFactories.set(client, adapter);
  // WAL lets the dashboard read while a scan writes; NORMAL sync is safe under WAL and spares an
  // fsync per committed tag snapshot. Both are SQLite-only.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  return client;
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
// The connected PostgreSQL adapter of each client this module opened (its pool), for the hot path.
const pgAdapters = (shared.archgridPgAdapters ??= new WeakMap<object, PgAdapter>());
const pgClients = (shared.archgridPgClients ??= new WeakSet<object>());

function openPostgres(url: string): PrismaClient {
  // A connection pool per process; PostgreSQL has row locks and MVCC, so no oneWriter here.
  const inner = new PrismaPg({ connectionString: url });
  const holder: { client?: object } = {};
  const adapter: Pick<PrismaPg, "provider" | "adapterName" | "connect"> = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const connected = await inner.connect();
      if (holder.client) pgAdapters.set(holder.client, connected);
      return connected;
    },
  };
  const client = new PgPrismaClient({ adapter });
  holder.client = client;
  pgClients.add(client);
  return client as unknown as PrismaClient;
}

/** The PostgreSQL adapter under `client` (its pool), for the hot path; null for SQLite and for clients opened elsewhere. */
export async function directPg(client: object & { $connect(): Promise<void> }): Promise<PgAdapter | null> {
  if (!pgClients.has(client)) return null;
  const live = () => {
    const a = pgAdapters.get(client);
    // A disconnected client's pool is ended: connect again (Prisma hands us the new adapter).
    return a && !(a.underlyingDriver() as { ending?: boolean }).ending ? a : null;
  };
  const a = live();
  if (a) return a;
  await client.$connect();
  return live();
}

/** A new client for `url`; the caller disconnects it. */
export function openPrisma(url: string): PrismaClient {
  return databaseProvider(url) === "postgresql" ? openPostgres(url) : openSqlite(url);
}

/**
 * The better-sqlite3 connection under `client`, for the hot path: connected first if Prisma has
 * not yet (or has disconnected). Null for PostgreSQL and for clients opened elsewhere.
 */
export async function directSqlite(client: object & { $connect(): Promise<void> }): Promise<DirectSqlite | null> {
  const factory = sqliteFactories.get(client);
  if (!factory) return null;
  const d = directOf(factory);
  if (d?.open) return d;
  await client.$connect();
  return directOf(factory);
}
