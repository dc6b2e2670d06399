// What SQL a provider's migration set still lacks to reach the schema: `prisma migrate diff
// --from-migrations <set> --to-schema-datamodel <schema>`. With a driver adapter in
// prisma.config.ts, Prisma 6.19 has no --from-url or --shadow-database-url; it replays the
// migrations into the database DATABASE_URL names, so that must be an empty scratch database
// (a new SQLite file, or a new PostgreSQL database). Used by db:new-migration and the drift test.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { DatabaseProvider } from "../lib/db-provider";

const root = path.resolve(__dirname, "..");

export const LAYOUT: Record<DatabaseProvider, { schema: string; migrations: string }> = {
  sqlite: { schema: path.join("prisma", "schema.prisma"), migrations: path.join("prisma", "migrations") },
  postgresql: { schema: path.join("prisma", "postgresql", "schema.prisma"), migrations: path.join("prisma", "postgresql", "migrations") },
};

/** The missing SQL, or "" when the migration set already matches the schema. */
export function missingMigrationSql(provider: DatabaseProvider, emptyScratchUrl: string): string {
  const { schema, migrations } = LAYOUT[provider];
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "diff", "--from-migrations", migrations, "--to-schema-datamodel", schema, "--script", "--exit-code"],
    { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: emptyScratchUrl }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status === 0) return "";
  if (r.status === 2) return r.stdout;
  throw new Error(`prisma migrate diff (${provider}) failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}
