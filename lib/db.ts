// The one Prisma client of the process. Only lib/queries imports this file.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { oneWriter } from "@/lib/one-writer";

const globalForPrisma = globalThis as unknown as { archgridPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const url = env().DATABASE_URL;
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).split("?")[0];
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  // Wait up to 10 s for a lock rather than failing at once when a scan and a request overlap.
  // oneWriter: other tasks' statements wait while a transaction is open on this connection.
  const adapter = oneWriter(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  const client = new PrismaClient({ adapter });
  if (url.startsWith("file:")) {
    // WAL lets the dashboard read while a scan writes; NORMAL sync is safe under WAL and spares an
    // fsync per committed tag snapshot. Both are SQLite-only, hence guarded by the URL scheme.
    void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
    void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  }
  return client;
}

/** Reused across hot reloads in development so that connections are not leaked. */
export const prisma: PrismaClient = globalForPrisma.archgridPrisma ?? createClient();
globalForPrisma.archgridPrisma = prisma;
