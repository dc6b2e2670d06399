// Which database DATABASE_URL names, by its scheme. Shared by prisma.config.ts, lib/db.ts and the
// scripts, so that they never disagree. No imports: prisma.config.ts loads it outside Next.

export type DatabaseProvider = "sqlite" | "postgresql";

/** `file:` → SQLite, `postgres://` or `postgresql://` → PostgreSQL; anything else is refused in plain words. */
export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "(none)";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); got scheme ${scheme}`,
  );
}
