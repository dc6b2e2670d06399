// migrate-data moves a real installation: a SQLite file filled by real scans of a real registry
// is copied to PostgreSQL, and the API answers the same coverage from the copy. A non-empty
// target is refused (unchanged) unless --force; bad arguments are refused in plain words.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../e2e/fixtures/registry";
import { pushImage } from "../e2e/fixtures/pusher";
import { openPrisma } from "../lib/db-client";
import { adminSql, databaseUrl } from "../test/support/pg-admin";
import { pgServer } from "../test/support/pg-cluster";
import { countRows, modelsInDependencyOrder, schemaModels } from "./data-copy";
import { migrateData } from "./migrate-data";

const root = path.resolve(__dirname, "..");
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");
const server = pgServer();

it("orders models parents first, whatever order the schema lists them in", () => {
  const order = modelsInDependencyOrder(`
model C {\n  id String @id\n  bId String\n  b B @relation(fields: [bId], references: [id])\n}
model B {\n  id String @id\n  aId String?\n  a A? @relation(fields: [aId], references: [id])\n}
model A {\n  id String @id\n}`).map((m) => m.name);
  expect(order).toEqual(["A", "B", "C"]);
  const real = schemaModels().map((m) => m.name);
  expect(real.indexOf("Registry")).toBeLessThan(real.indexOf("Repository"));
  expect(real.indexOf("Tag")).toBeLessThan(real.indexOf("TagPlatform"));
  expect(real.indexOf("Webhook")).toBeLessThan(real.indexOf("WebhookDelivery"));
});

describe.skipIf(!server)("SQLite with real scan data → PostgreSQL (needs Debian's postgresql; CI fails without it)", () => {
  let registry: RunningRegistry;
  let dir: string;
  let sqliteUrl: string;
  const pgDbs: string[] = [];
  let sqliteCoverage: unknown;

  async function newPgDatabase(): Promise<string> {
    const name = `archgrid_md_${randomBytes(4).toString("hex")}`;
    await adminSql(server!.url, `CREATE DATABASE "${name}"`);
    pgDbs.push(name);
    return databaseUrl(server!.url, name);
  }

  function coverageOn(url: string): { status: number; body: unknown } {
    const out = execFileSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "test/support/print-coverage.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: url, ARCHGRID_SCAN_INTERVAL_MINUTES: "0", NODE_ENV: "test" },
    });
    return JSON.parse(out) as { status: number; body: unknown };
  }

  beforeAll(async () => {
    registry = await startRegistry();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-md-"));
    sqliteUrl = `file:${path.join(dir, "source.db")}`;
    execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: sqliteUrl }, stdio: "pipe" });
    // The app modules below open their client on this SQLite file, whatever this run's database is.
    process.env.DATABASE_URL = sqliteUrl;
    process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    const linux = (architecture: string, variant?: string) => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });
    await pushImage({ url: registry.url }, "acme/full", "latest", { format: "oci-index", platforms: ["amd64", "arm64", "ppc64le", "s390x"].map((a) => linux(a)).concat(linux("arm", "v7")), seed: "f" });
    await pushImage({ url: registry.url }, "acme/half", "1.0", { format: "docker-list", platforms: [linux("amd64"), linux("arm64")], seed: "h1" });
    await pushImage({ url: registry.url }, "acme/half", "latest", { format: "oci-index", platforms: [linux("amd64")], seed: "h2" });
    const repositories = await import("../app/api/repositories/route");
    const scans = await import("../app/api/scans/route");
    const coverage = await import("../app/api/coverage/route");
    const { engine } = await import("../lib/scan/engine");
    const post = (p: string, body: unknown) => new Request(`http://archgrid.test${p}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    const ids: string[] = [];
    for (const [reference, tags] of [[`${registry.host}/acme/full`, ["latest"]], [`${registry.host}/acme/half`, ["1.0", "latest"]], [`${registry.host}/acme/gone`, ["latest"]]] as const) {
      const res = await repositories.POST(post("/api/repositories", { reference, tags }));
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push(((await res.json()) as { repository: { id: string } }).repository.id);
    }
    const res = await scans.POST(post("/api/scans", { repositoryIds: ids }));
    await engine().wait(((await res.json()) as { scan: { id: string } }).scan.id);
    sqliteCoverage = await (await coverage.GET(new Request("http://archgrid.test/api/coverage"))).json();
  }, 180_000);

  afterAll(async () => {
    await registry?.stop();
    for (const db of pgDbs) await adminSql(server!.url, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("copies every table, the counts match, and the API answers the same coverage from PostgreSQL", async () => {
    const pgUrl = await newPgDatabase();
    const lines: string[] = [];
    await migrateData(["--from", sqliteUrl, "--to", pgUrl], (l) => lines.push(l));
    expect(lines.at(-1)).toMatch(/row counts match/);

    const models = schemaModels();
    const [src, dst] = [openPrisma(sqliteUrl), openPrisma(pgUrl)];
    try {
      const [a, b] = [await countRows(src, models), await countRows(dst, models)];
      expect(b).toEqual(a);
      // Real scan data, not an empty copy: tags, platforms, change events and a failed repository.
      expect(a.Tag).toBeGreaterThanOrEqual(3);
      expect(a.TagPlatform).toBeGreaterThanOrEqual(8);
      expect(a.ChangeEvent).toBeGreaterThan(0);
      expect(a.ScanJob).toBe(3);
    } finally {
      await src.$disconnect();
      await dst.$disconnect();
    }
    const fromPg = coverageOn(pgUrl);
    expect(fromPg.status).toBe(200);
    expect(fromPg.body).toEqual(sqliteCoverage);
    const repos = (sqliteCoverage as { repositories: Array<{ reference: string; status: string }> }).repositories;
    expect(repos.map((r) => r.status).sort()).toEqual(["error", "ok", "ok"]);
  }, 180_000);

  it("refuses a target that holds data and leaves it as it was; --force replaces it", async () => {
    const pgUrl = await newPgDatabase();
    await migrateData(["--from", sqliteUrl, "--to", pgUrl], () => undefined);
    const dst = openPrisma(pgUrl);
    try {
      const before = await countRows(dst, schemaModels());
      await dst.webhook.create({ data: { name: "extra", url: "https://hooks.example/x", events: "[]", secret: "s" } });
      await expect(migrateData(["--from", sqliteUrl, "--to", pgUrl], () => undefined)).rejects.toThrow(/target is not empty \(.*Webhook: 1.*\); nothing was copied\. Use --force/);
      expect((await countRows(dst, schemaModels())).Webhook).toBe(before.Webhook + 1);
      await migrateData(["--from", sqliteUrl, "--to", pgUrl, "--force"], () => undefined);
      expect(await countRows(dst, schemaModels())).toEqual(before);
    } finally {
      await dst.$disconnect();
    }
  }, 180_000);

  it("refuses bad arguments in plain words", async () => {
    await expect(migrateData(["--from", sqliteUrl], () => undefined)).rejects.toThrow(/usage: npm run migrate-data/);
    await expect(migrateData(["--from", sqliteUrl, "--to", "mysql://x/y"], () => undefined)).rejects.toThrow(/must start with file: \(SQLite\) or postgres/);
    await expect(migrateData(["--from", "file:/nonexistent/archgrid.db", "--to", sqliteUrl], () => undefined)).rejects.toThrow(/source file .* does not exist/);
    await expect(migrateData(["--from", sqliteUrl, "--to", sqliteUrl], () => undefined)).rejects.toThrow(/same database/);
  });
});
