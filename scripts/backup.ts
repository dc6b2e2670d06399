// `npm run backup -- FILE`: a consistent copy of the SQLite database, safe while the server runs.
//
// `VACUUM INTO` reads the database inside one read transaction: under WAL the server keeps
// writing meanwhile, and the copy is the database as of one instant (every tag snapshot whole,
// as committed), compacted, in a single file (no -wal to carry along). The copy is written
// beside FILE and renamed into place only after `PRAGMA integrity_check` passed on it, so FILE is
// either absent or a good backup. Restore: README "Backups".
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

class UsageError extends Error {}

function sqliteFile(url: string): string {
  if (!url.startsWith("file:")) {
    throw new UsageError(`DATABASE_URL is not a SQLite file (${url.split(":")[0]}:): back up PostgreSQL with pg_dump`);
  }
  return path.resolve(url.slice("file:".length).split("?")[0]);
}

export function backup(databaseUrl: string, target: string): { file: string; bytes: number; repositories: number; tags: number; migrations: number } {
  const source = sqliteFile(databaseUrl);
  if (!fs.existsSync(source)) throw new UsageError(`no database at ${source} (DATABASE_URL=${databaseUrl})`);
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: choose a new file name (nothing was written)`);
  if (!fs.existsSync(path.dirname(file))) throw new UsageError(`folder ${path.dirname(file)} does not exist (nothing was written)`);
  const partial = `${file}.partial-${process.pid}`;
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    db.prepare("VACUUM INTO ?").run(partial);
  } finally {
    db.close();
  }
  try {
    const copy = new Database(partial, { readonly: true, fileMustExist: true });
    try {
      const integrity = (copy.pragma("integrity_check") as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join("; ");
      if (integrity !== "ok") throw new Error(`the copy failed PRAGMA integrity_check: ${integrity}`);
      const count = (table: string) => (copy.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
      const stats = { repositories: count("Repository"), tags: count("Tag"), migrations: count("_prisma_migrations") };
      fs.renameSync(partial, file);
      return { file, bytes: fs.statSync(file).size, ...stats };
    } finally {
      copy.close();
    }
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function main(): number {
  const target = process.argv[2];
  if (!target || target.startsWith("-")) {
    process.stderr.write("usage: npm run backup -- FILE   (copies the database named by DATABASE_URL, default file:./data/archgrid.db)\n");
    return 2;
  }
  try {
    const r = backup(process.env.DATABASE_URL || "file:./data/archgrid.db", target);
    process.stdout.write(`backed up to ${r.file}: ${r.bytes} bytes, ${r.repositories} repositories, ${r.tags} tags, ${r.migrations} migrations applied\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`backup failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) process.exit(main());
