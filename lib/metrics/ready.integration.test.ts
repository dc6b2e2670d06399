// GET /api/ready on a Prisma-migrated SQLite file (this file's own copy), edited underneath the
// app with better-sqlite3 the way a half-finished deploy would leave it, and against a
// migrations folder with one more migration than the database has.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let ready: typeof import("../../app/api/ready/route");
let db: Database.Database;
const shipped = path.resolve("prisma/migrations");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-ready-"));

async function answer(): Promise<{ status: number; text: string }> {
  const res = await ready.GET();
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  ready = await import("../../app/api/ready/route");
  db = new Database(process.env.DATABASE_URL!.slice("file:".length));
});

afterAll(() => {
  db.close();
  delete process.env.ARCHGRID_MIGRATIONS_DIR;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("GET /api/ready", () => {
  it("is ready on a database with every migration applied", async () => {
    expect(await answer()).toEqual({ status: 200, text: "ready\n" });
  });

  it("is not ready while a migration is missing, and names it; ready again once it is applied", async () => {
    const last = db.prepare("SELECT * FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1").get() as Record<string, unknown>;
    db.prepare("DELETE FROM _prisma_migrations WHERE id = ?").run(last.id);
    try {
      const r = await answer();
      expect(r.status).toBe(503);
      expect(r.text).toBe(`not ready: database lacks 1 migration(s): ${last.migration_name}; run \`npx prisma migrate deploy\`\n`);
    } finally {
      const cols = Object.keys(last);
      db.prepare(`INSERT INTO _prisma_migrations (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`).run(...Object.values(last));
    }
    expect((await answer()).status).toBe(200);
  });

  it("counts a migration that started but never finished as missing", async () => {
    const name = fs.readdirSync(shipped).filter((d) => /^\d/.test(d)).sort()[0];
    const row = db.prepare("SELECT finished_at FROM _prisma_migrations WHERE migration_name = ?").get(name) as { finished_at: unknown };
    db.prepare("UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?").run(name);
    try {
      const r = await answer();
      expect(r.status).toBe(503);
      expect(r.text).toContain(name);
    } finally {
      db.prepare("UPDATE _prisma_migrations SET finished_at = ? WHERE migration_name = ?").run(row.finished_at, name);
    }
  });

  it("compares with the migrations this build ships: one more is missing, one fewer is fine", async () => {
    const more = path.join(tmp, "more");
    fs.cpSync(shipped, more, { recursive: true });
    fs.mkdirSync(path.join(more, "29991231000000_from_the_future"));
    fs.writeFileSync(path.join(more, "29991231000000_from_the_future", "migration.sql"), "-- test\n");
    const fewer = path.join(tmp, "fewer");
    fs.cpSync(shipped, fewer, { recursive: true });
    const newest = fs.readdirSync(fewer).filter((d) => /^\d/.test(d)).sort().at(-1)!;
    fs.rmSync(path.join(fewer, newest), { recursive: true });
    try {
      process.env.ARCHGRID_MIGRATIONS_DIR = more;
      const r = await answer();
      expect(r.status).toBe(503);
      expect(r.text).toContain("29991231000000_from_the_future");
      // A database a newer replica already migrated further: still ready (migrations are additive).
      process.env.ARCHGRID_MIGRATIONS_DIR = fewer;
      expect((await answer()).status).toBe(200);
      process.env.ARCHGRID_MIGRATIONS_DIR = path.join(tmp, "absent");
      const gone = await answer();
      expect(gone.status).toBe(503);
      expect(gone.text).toContain("cannot read the migrations folder");
    } finally {
      delete process.env.ARCHGRID_MIGRATIONS_DIR;
    }
  });
});
