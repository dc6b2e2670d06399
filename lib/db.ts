// The one Prisma client of the process. Only lib/queries imports this file.
// DATABASE_URL's scheme picks the database: `file:` → SQLite, `postgres://` → PostgreSQL
// (lib/db-client.ts says how each is opened).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openPrisma } from "@/lib/db-client";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { archgridPrisma?: PrismaClient };

/** Reused across hot reloads in development so that connections are not leaked. */
export const prisma: PrismaClient = globalForPrisma.archgridPrisma ?? openPrisma(env().DATABASE_URL);
globalForPrisma.archgridPrisma = prisma;
