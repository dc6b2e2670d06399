// Readiness: the database answers and has every migration this build ships. The expected list is
// the folder prisma/migrations (deployed beside the app: `npm start` migrates from it). A database
// with migrations this build does not know (a newer replica migrated it) is still ready: Prisma
// migrations are additive here, and refusing would take old replicas out during a rolling update.
import fs from "node:fs";
import path from "node:path";

export type Readiness = { ready: true } | { ready: false; reason: string };

export function migrationsDir(): string {
  // turbopackIgnore: read at run time from the deployed folder, not traced into the build (the
  // build warned that this read made it trace the whole project).
  // PostgreSQL has its own migration set (prisma/postgresql/migrations, see prisma.config.ts).
  const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
  return process.env.ARCHGRID_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", ...(pg ? ["postgresql"] : []), "migrations");
}

/** Migration folder names, as Prisma records them in `_prisma_migrations.migration_name`. */
export function shippedMigrations(dir = migrationsDir()): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export async function checkReadiness(dir = migrationsDir()): Promise<Readiness> {
  let expected: string[];
  try {
    expected = shippedMigrations(dir);
  } catch (e) {
    return { ready: false, reason: `cannot read the migrations folder ${dir}: ${(e as Error).message}` };
  }
  let applied: string[];
  try {
    // Imported here, not at the top: opening the database can throw (a folder it cannot create),
    // and that must become a 503 with a reason, not a failed module load.
    const { pingDatabase, appliedMigrations } = await import("../queries/health");
    await pingDatabase();
    applied = await appliedMigrations();
  } catch (e) {
    return { ready: false, reason: `database unreachable or not migrated: ${(e as Error).message.split("\n").filter(Boolean).pop()}` };
  }
  const done = new Set(applied);
  const missing = expected.filter((m) => !done.has(m));
  if (missing.length) return { ready: false, reason: `database lacks ${missing.length} migration(s): ${missing.join(", ")}; run \`npx prisma migrate deploy\`` };
  return { ready: true };
}
