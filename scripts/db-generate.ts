// Generates both Prisma clients: lib/generated/prisma (SQLite, prisma/schema.prisma) and
// lib/generated/prisma-pg (PostgreSQL, prisma/postgresql/schema.prisma). prisma.config.ts picks
// the schema by DATABASE_URL's scheme, so each run gets a URL of its provider; nothing connects.
// (`prisma generate --schema …` instead tried to download a query engine here.)
import { execFileSync } from "node:child_process";
import path from "node:path";

const cli = path.resolve("node_modules", "prisma", "build", "index.js");
const runs = [
  { what: "SQLite", url: "file:./data/generate-only.db" },
  { what: "PostgreSQL", url: "postgresql://generate-only@127.0.0.1:5432/generate-only" },
];
for (const r of runs) {
  execFileSync(process.execPath, [cli, "generate"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: r.url } });
}
