import { describe, expect, it } from "vitest";
import { databaseProvider } from "./db-provider";

describe("databaseProvider", () => {
  it.each([
    ["file:./data/archgrid.db", "sqlite"],
    ["file:/tmp/x.db?connection_limit=1", "sqlite"],
    ["postgres://u@127.0.0.1:5432/archgrid", "postgresql"],
    ["postgresql://u:p@db.internal/archgrid?sslmode=require", "postgresql"],
  ] as const)("%s → %s", (url, provider) => {
    expect(databaseProvider(url)).toBe(provider);
  });

  it.each(["mysql://u@h/db", "sqlite:./x.db", "./data/archgrid.db", "postgresql:/missing-slashes", "POSTGRES://u@h/db"])("refuses %s in plain words", (url) => {
    expect(() => databaseProvider(url)).toThrow(/DATABASE_URL must start with file: \(SQLite\) or postgres:\/\/ \/ postgresql:\/\/ \(PostgreSQL\)/);
  });
});
