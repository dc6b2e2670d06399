// Prisma CLI configuration. Migrations run through a driver adapter and the schema engine's
// WebAssembly build, so nothing is downloaded at install or run time (see ../shared/STACK.md for
// why Prisma 6.19 and not 7). DATABASE_URL's scheme picks the provider: `file:` → SQLite
// (prisma/schema.prisma, prisma/migrations), `postgres://`/`postgresql://` → PostgreSQL
// (prisma/postgresql/schema.prisma derived from it, prisma/postgresql/migrations).
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider } from "./lib/db-provider";
import { sqliteMigrateAdapter } from "./prisma/sqlite-migrate-adapter";

// Prisma 6.19 must find a `url` in the schema's datasource (without one, or with its variable
// unset, the CLI goes to download a query engine from binaries.prisma.sh, which fails offline),
// yet with a driver adapter it prints "WARNING … The values from your schema will NOT be used!"
// on every command, so `npm start` (prestart: migrate deploy) warned on every start about the
// set-up we chose on purpose. Drop exactly that notice (one write, matched on both phrases);
// every other line, and any real warning, still gets through.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
  typeof chunk === "string" && chunk.includes("using a Driver Adapter via prisma.config.ts") && chunk.includes("will NOT be used")
    ? true
    : (write as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;

process.env.DATABASE_URL ||= "file:./data/archgrid.db";
const url = process.env.DATABASE_URL;
const provider = databaseProvider(url);

/** Makes the folder of a file: URL exist; a missing folder otherwise fails as "External error id#0". */
function ensureFolder(fileUrl: string) {
  if (!fileUrl.startsWith("file:")) return;
  const file = fileUrl.slice("file:".length).split("?")[0];
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

const layout =
  provider === "postgresql"
    ? { schema: path.join("prisma", "postgresql", "schema.prisma"), migrations: path.join("prisma", "postgresql", "migrations") }
    : { schema: path.join("prisma", "schema.prisma"), migrations: path.join("prisma", "migrations") };

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: layout.schema,
  migrations: { path: layout.migrations },
  async adapter() {
    // adapter-pg needs patches/@prisma+adapter-pg+6.19.3.patch (OID 19 'name') for migrate deploy.
    if (provider === "postgresql") return new PrismaPg({ connectionString: url });
    ensureFolder(url);
    return sqliteMigrateAdapter(url);
  },
});
