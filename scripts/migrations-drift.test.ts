// The models are written once (prisma/schema.prisma) and each provider has its own migration set.
// These checks fail when the three drift apart: the derived PostgreSQL schema is stale, or a
// migration set does not build exactly the schema (someone changed a model without running
// `npm run db:new-migration`, or wrote only the SQLite migration).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingMigrationSql } from "./migration-diff";
import { PG_SCHEMA, SQLITE_SCHEMA, derivePgSchema } from "./pg-schema";
import { adminSql, databaseUrl } from "../test/support/pg-admin";
import { pgServer } from "../test/support/pg-cluster";

it("prisma/postgresql/schema.prisma is derived from prisma/schema.prisma as committed", () => {
  const derived = derivePgSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  expect(fs.readFileSync(PG_SCHEMA, "utf8"), "run npm run db:pg-schema").toBe(derived);
  expect(derived).toContain('provider = "postgresql"');
  expect(derived).not.toContain('provider = "sqlite"');
});

it("refuses a schema it does not know how to derive, rather than writing a wrong one", () => {
  expect(() => derivePgSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/not found/);
});

it("the SQLite migrations build exactly prisma/schema.prisma", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-drift-"));
  try {
    expect(missingMigrationSql("sqlite", `file:${path.join(dir, "scratch.db")}`)).toBe("");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const server = pgServer();
describe.skipIf(!server)("PostgreSQL (needs Debian's postgresql; CI fails without it)", () => {
  afterAll(() => server?.stop());

  it("the PostgreSQL migrations build exactly prisma/postgresql/schema.prisma", async () => {
    const db = `archgrid_drift_${randomBytes(4).toString("hex")}`;
    await adminSql(server!.url, `CREATE DATABASE "${db}"`);
    try {
      expect(missingMigrationSql("postgresql", databaseUrl(server!.url, db))).toBe("");
    } finally {
      await adminSql(server!.url, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    }
  });
});
