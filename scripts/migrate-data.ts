// npm run migrate-data -- --from file:./data/archgrid.db --to postgresql://user@host/archgrid [--force]
// Moves an installation's data to another database (typically SQLite → PostgreSQL):
//  1. the source must have every migration of its provider applied (run npm run db:migrate on it first);
//  2. the target is migrated (prisma migrate deploy, as npm start does) and must be empty, unless
//     --force, which deletes what it holds first;
//  3. every table is copied in foreign-key order (scripts/data-copy.ts);
//  4. the row counts of source and target are compared per table; any difference fails (exit 1).
// The source is only read. Stop the app (and its scans) on the source while this runs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openPrisma } from "../lib/db-client";
import { databaseProvider } from "../lib/db-provider";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { copyAll, countRows, emptyAll, schemaModels } from "./data-copy";
import { LAYOUT } from "./migration-diff";

const root = path.resolve(__dirname, "..");

class Refusal extends Error {}

function parseArgs(argv: string[]): { from: string; to: string; force: boolean } {
  let from = "";
  let to = "";
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--from") from = argv[++i] ?? "";
    else if (a === "--to") to = argv[++i] ?? "";
    else if (a === "--force") force = true;
    else throw new Refusal(`unknown argument ${a}`);
  }
  if (!from || !to) throw new Refusal("usage: npm run migrate-data -- --from <DATABASE_URL> --to <DATABASE_URL> [--force]");
  for (const u of [from, to]) databaseProvider(u); // a clear error for an unknown scheme
  if (from === to) throw new Refusal("--from and --to name the same database");
  if (from.startsWith("file:") && !fs.existsSync(from.slice("file:".length).split("?")[0])) throw new Refusal(`the source file ${from} does not exist`);
  return { from, to, force };
}

async function assertFullyMigrated(client: PrismaClient, url: string): Promise<void> {
  const dir = path.join(root, LAYOUT[databaseProvider(url)].migrations);
  const shipped = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")));
  let applied: string[];
  try {
    const rows = await client.$queryRawUnsafe<Array<{ migration_name: string }>>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    throw new Refusal("the source is not an archgrid database (no _prisma_migrations table)");
  }
  const missing = shipped.filter((m) => !applied.includes(m));
  if (missing.length) throw new Refusal(`the source lacks migrations ${missing.join(", ")}: run npm run db:migrate with DATABASE_URL set to it first`);
}

export async function migrateData(argv: string[], log: (line: string) => void = console.log): Promise<void> {
  const { from, to, force } = parseArgs(argv);
  const models = schemaModels(root);
  const source = openPrisma(from);
  let target: PrismaClient | undefined;
  try {
    await assertFullyMigrated(source, from);
    log(`migrating the target (${databaseProvider(to)})`);
    execFileSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: to },
      stdio: "pipe",
    });
    target = openPrisma(to);
    const held = Object.entries(await countRows(target, models)).filter(([, n]) => n > 0);
    if (held.length && !force) {
      throw new Refusal(`the target is not empty (${held.map(([m, n]) => `${m}: ${n}`).join(", ")}); nothing was copied. Use --force to delete its rows first`);
    }
    if (held.length) {
      log("--force: deleting the target's rows");
      await emptyAll(target, models);
    }
    const t0 = Date.now();
    await copyAll(source, target, models, { log });
    const [a, b] = [await countRows(source, models), await countRows(target, models)];
    const wrong = models.filter((m) => a[m.name] !== b[m.name]).map((m) => `${m.name}: source ${a[m.name]}, target ${b[m.name]}`);
    if (wrong.length) throw new Error(`row counts differ after the copy: ${wrong.join("; ")}`);
    const total = Object.values(b).reduce((x, y) => x + y, 0);
    log(`copied ${total} rows in ${models.length} tables in ${Date.now() - t0} ms; row counts match`);
  } finally {
    await source.$disconnect();
    await target?.$disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  migrateData(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`migrate-data: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
