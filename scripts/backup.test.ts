// `npm run backup -- FILE` while a scan writes: the backup runs as its own process (as an
// operator would run it beside the server) while this process scans through a slowed registry,
// and the copy must be a whole, migrated database that Prisma opens, with every tag snapshot whole.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../lib/generated/prisma/client";
import { startRegistry, type RunningRegistry } from "../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy } from "../e2e/fixtures/fault-proxy";
import { pushImage, type Plat } from "../e2e/fixtures/pusher";

const root = path.resolve(__dirname, "..");
const linux = (architecture: string): Plat => ({ os: "linux", architecture });
let registry: RunningRegistry;
let proxy: FaultProxy;
let dir: string;

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.url);
  process.env.ARCHGRID_INSECURE_REGISTRIES = proxy.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-backup-"));
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function backupTo(file: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/backup.ts"), file], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => resolve({ code, out }));
  });
}

it("backs up during a scan into a copy that Prisma opens and migrate finds current", async () => {
  const { addRepository } = await import("../lib/watch");
  const { engine } = await import("../lib/scan/engine");
  const reg = { url: registry.url };
  const ids: string[] = [];
  const platformsOf = new Map<string, string[]>();
  for (let i = 0; i < 8; i++) {
    const r = await pushImage(reg, `backup/app${i}`, "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64"), linux("s390x")], seed: `${i}` });
    platformsOf.set(r.digest, ["linux/amd64", "linux/arm64", "linux/s390x"]);
    ids.push((await addRepository({ reference: `${proxy.host}/backup/app${i}` })).id);
  }
  expect((await engine().wait((await engine().start(ids)).id)).status).toBe("succeeded");
  // New images, slowed down: the second scan is writing while the backup runs.
  for (let i = 0; i < 8; i++) {
    const r = await pushImage(reg, `backup/app${i}`, "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: `v2-${i}` });
    platformsOf.set(r.digest, ["linux/amd64", "linux/arm64"]);
  }
  // Half the repositories answer at once, half are slowed: the backup runs after the first half
  // wrote their new snapshots and while the scan still runs.
  proxy.setRules([{ name: "slow", method: "GET", path: /backup\/app[4-7]\/manifests\//, delayMs: 8000 }]);
  const scan = await engine().start(ids);
  await expect.poll(async () => (await import("../lib/queries")).getScan(scan.id).then((s) => s.done), { timeout: 20_000 }).toBe(4);
  const file = path.join(dir, "during-scan.db");
  const result = await backupTo(file);
  const stillRunning = (await import("../lib/queries")).getScan(scan.id);
  expect(result.code, result.out).toBe(0);
  expect(result.out).toMatch(/backed up to .*: \d+ bytes, 8 repositories, 8 tags, \d+ migrations applied/);
  expect((await stillRunning).status).toBe("running");
  proxy.clearRules();
  expect((await engine().wait(scan.id)).status).toBe("succeeded");

  // The copy is a migrated database with nothing pending...
  const status = spawnSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "status"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  expect(status.status, status.stdout + status.stderr).toBe(0);
  expect(status.stdout).toMatch(/Database schema is up to date/);
  // ...that Prisma reads: the scan caught running, and every tag whole (old image or new one).
  const copy = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  try {
    expect(await copy.repository.count()).toBe(8);
    expect((await copy.scan.findUniqueOrThrow({ where: { id: scan.id } })).status).toBe("running");
    const tags = await copy.tag.findMany({ include: { platforms: true } });
    expect(tags).toHaveLength(8);
    const sizes: number[] = [];
    for (const t of tags) {
      const keys = t.platforms.map((p) => `${p.os}/${p.architecture}`).sort();
      expect(platformsOf.get(t.digest!), `${t.name} ${t.digest}`).toEqual(keys);
      sizes.push(keys.length);
    }
    // Four new snapshots (2 platforms) already committed, four old ones (3) not yet replaced.
    expect(sizes.sort()).toEqual([2, 2, 2, 2, 3, 3, 3, 3]);
  } finally {
    await copy.$disconnect();
  }
}, 120_000);

it("refuses to overwrite a file or to run without one, and writes nothing", async () => {
  const existing = path.join(dir, "existing.db");
  fs.writeFileSync(existing, "not a database");
  const over = await backupTo(existing);
  expect(over.code).toBe(2);
  expect(over.out).toMatch(/exists already: choose a new file name \(nothing was written\)/);
  expect(fs.readFileSync(existing, "utf8")).toBe("not a database");

  const none = await backupTo("");
  expect(none.code).toBe(2);
  expect(none.out).toMatch(/usage: npm run backup -- FILE/);

  const pg = await backupTo(path.join(dir, "pg.db"), { ...process.env, DATABASE_URL: "postgresql://localhost/archgrid" });
  expect(pg.code).toBe(2);
  expect(pg.out).toMatch(/not a SQLite file \(postgresql:\): back up PostgreSQL with pg_dump/);
  expect(fs.readdirSync(dir).filter((f) => f.startsWith("pg.db"))).toEqual([]);
});
