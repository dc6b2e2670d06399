// The one Prisma client of the process. Only lib/queries imports this file.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { archgridPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const url = env().DATABASE_URL;
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).split("?")[0];
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const adapter = new PrismaBetterSQLite3({ url });
  return new PrismaClient({ adapter });
}

/** Reused across hot reloads in development so that connections are not leaked. */
export const prisma: PrismaClient = globalForPrisma.archgridPrisma ?? createClient();
globalForPrisma.archgridPrisma = prisma;
