// What GET /api/ready asks the database: does it answer, and which migrations has it applied.
// Portable SQL: `_prisma_migrations` has the same columns on SQLite and PostgreSQL.
import { prisma } from "../db";

export async function pingDatabase(): Promise<void> {
  await prisma.$queryRawUnsafe("SELECT 1");
}

/** Names of migrations that finished and were not rolled back. */
export async function appliedMigrations(): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  return rows.map((r) => r.migration_name);
}
