// `npx tsx bench/one-writer.ts`: what "one writer at a time" (lib/one-writer.ts) costs the scan.
// The same in-process scan (ScanEngine, real registry, a fresh migrated SQLite file) runs in
// child processes that alternate between the plain better-sqlite3 adapter ("before") and the
// adapter wrapped by oneWriter ("after"), so both see the same machine in the same minutes.
// Env: ONE_WRITER_REPOS (150 repositories × 4 tags), ONE_WRITER_ROUNDS (3 per variant).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startRegistry } from "../e2e/fixtures/registry";
import { pushMany } from "../e2e/fixtures/pusher";
import { buildOrg } from "./org";
import { migrate } from "./server";

type Variant = "before" | "after";
interface Figures {
  variant: Variant;
  tags: number;
  coldTagsPerS: number;
  coldCpuMsPerTag: number;
  rescanTagsPerS: number;
  rescanCpuMsPerTag: number;
}

/** Child: one cold scan and one rescan of every repository, timed. */
async function child(variant: Variant, host: string, references: string[]): Promise<Figures> {
  if (variant === "before") {
    // lib/db.ts reuses a client found on globalThis: hand it one without the wrapper.
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const { PrismaClient } = await import("../lib/generated/prisma/client");
    const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: process.env.DATABASE_URL!, timeout: 10_000 }) });
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    (globalThis as unknown as { archgridPrisma: unknown }).archgridPrisma = client;
  }
  process.env.ARCHGRID_INSECURE_REGISTRIES = host;
  const { addRepositories } = await import("../lib/watch");
  const { ScanEngine } = await import("../lib/scan/engine");
  await addRepositories(references);
  const engine = new ScanEngine();
  const timed = async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await engine.start(undefined);
    const done = await engine.wait(s.id);
    if (done.status !== "succeeded") throw new Error(`scan ${done.status}`);
    const c = process.cpuUsage(c0);
    return { s: (performance.now() - t0) / 1000, cpuMs: (c.user + c.system) / 1000 };
  };
  const tags = references.length * 4;
  const cold = await timed();
  const rescan = await timed();
  return {
    variant,
    tags,
    coldTagsPerS: tags / cold.s,
    coldCpuMsPerTag: cold.cpuMs / tags,
    rescanTagsPerS: tags / rescan.s,
    rescanCpuMsPerTag: rescan.cpuMs / tags,
  };
}

function runChild(variant: Variant, template: string, host: string, references: string[], dir: string, i: number): Promise<Figures> {
  const db = path.join(dir, `${variant}-${i}.db`);
  fs.copyFileSync(template, db);
  const listFile = path.join(dir, "references.json");
  fs.writeFileSync(listFile, JSON.stringify(references));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), __filename, "--child", variant, host, listFile], {
      env: { ...process.env, DATABASE_URL: `file:${db}` },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as Figures) : reject(new Error(`${variant} child exited ${code}: ${out}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const [, , flag, variant, host, listFile] = process.argv;
  if (flag === "--child") {
    const figures = await child(variant as Variant, host, JSON.parse(fs.readFileSync(listFile, "utf8")) as string[]);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.exit(0);
  }
  const repos = Number(process.env.ONE_WRITER_REPOS ?? 150);
  const rounds = Number(process.env.ONE_WRITER_ROUNDS ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-one-writer-"));
  const reg = await startRegistry();
  try {
    const org = buildOrg(repos, 4);
    await pushMany({ url: reg.url }, org.items, 8);
    const template = path.join(dir, "template.db");
    migrate(`file:${template}`);
    const references = org.repos.map((r) => `${reg.host}/${r.name}`);
    const all: Figures[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const v of i % 2 === 0 ? (["before", "after"] as const) : (["after", "before"] as const)) {
        const f = await runChild(v, template, reg.host, references, dir, i);
        all.push(f);
        process.stdout.write(`${JSON.stringify(f)}\n`);
      }
    }
    const pick = (v: Variant, k: keyof Omit<Figures, "variant" | "tags">) => median(all.filter((f) => f.variant === v).map((f) => f[k]));
    const keys = ["coldTagsPerS", "coldCpuMsPerTag", "rescanTagsPerS", "rescanCpuMsPerTag"] as const;
    process.stdout.write(`\nmedians of ${rounds} runs each, ${repos} repositories × 4 tags (load ${os.loadavg()[0].toFixed(1)})\n`);
    for (const k of keys) {
      const b = pick("before", k);
      const a = pick("after", k);
      process.stdout.write(`${k.padEnd(18)} before ${b.toFixed(2).padStart(8)}  after ${a.toFixed(2).padStart(8)}  after/before ${(a / b).toFixed(3)}\n`);
    }
  } finally {
    await reg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
