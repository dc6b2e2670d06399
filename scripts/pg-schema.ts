// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma, so the models are written
// once. Only the datasource provider and the generated client's folder differ: PostgreSQL gets
// its own client (lib/generated/prisma-pg) because a Prisma client refuses an adapter of
// another provider than the one it was generated for.
//   tsx scripts/pg-schema.ts          write the PostgreSQL schema
//   tsx scripts/pg-schema.ts --check  exit 1 when the committed file differs from the derived one
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const PG_SCHEMA = path.join("prisma", "postgresql", "schema.prisma");

const HEADER =
  "// GENERATED from prisma/schema.prisma by scripts/pg-schema.ts (npm run db:pg-schema): do not edit.\n" +
  "// Edit the models in prisma/schema.prisma; this copy differs only in provider and client folder.\n\n";

/** The PostgreSQL schema text for a SQLite schema text; throws when the expected lines are not there. */
export function derivePgSchema(sqlite: string): string {
  const swap = (text: string, from: RegExp, to: string, what: string) => {
    if (!from.test(text)) throw new Error(`prisma/schema.prisma: ${what} not found; scripts/pg-schema.ts needs updating`);
    return text.replace(from, to);
  };
  let pg = swap(sqlite, /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'datasource provider "sqlite"');
  // The schema moves one folder down, so the output path gains one "../" and a different folder.
  pg = swap(pg, /(generator client \{[^}]*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-pg"', 'generator output "../lib/generated/prisma"');
  return HEADER + pg;
}

function main() {
  const derived = derivePgSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(PG_SCHEMA) ? fs.readFileSync(PG_SCHEMA, "utf8") : "";
    if (committed !== derived) {
      console.error(`${PG_SCHEMA} is out of date with ${SQLITE_SCHEMA}: run npm run db:pg-schema`);
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(PG_SCHEMA, derived);
  console.log(`wrote ${PG_SCHEMA}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? "")) main();
