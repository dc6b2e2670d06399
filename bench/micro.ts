// `npx tsx bench/micro.ts`: the unit costs behind the scan figures, measured one at a time
// (wall and this process's CPU per operation): a manifest HEAD/GET through Node's fetch vs a
// keep-alive http.Agent (bench/diagnose.ts counts the TCP connections), and one Prisma query through the
// better-sqlite3 adapter vs the same statement on better-sqlite3 directly. archgrid's own
// RegistryClient (HEAD, GET, GET + config blob) sits beside the bare node:http loop, so the cost of
// everything it adds (policy, auth, retries, caps, digest and document checks) is visible.
// Env: MICRO_N (400); MICRO_ONLY=http skips the database lines.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { startRegistry } from "../e2e/fixtures/registry";
import { ACCEPT_ALL, pushMany } from "../e2e/fixtures/pusher";
import { PrismaClient } from "../lib/generated/prisma/client";
import { RegistryClient, parseReference } from "../lib/registry";
import type { ConfigCache } from "../lib/registry";
import { buildOrg } from "./org";
import { migrate } from "./server";
import { runMain } from "./main";

const N = Number(process.env.MICRO_N ?? 400);

interface Cost {
  what: string;
  n: number;
  wallMsPerOp: number;
  cpuMsPerOp: number;
}

async function measure(what: string, n: number, op: (i: number) => Promise<unknown>): Promise<Cost> {
  for (let i = 0; i < Math.min(20, n); i++) await op(i); // warm-up
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cost: Cost = { what, n, wallMsPerOp: wall / n, cpuMsPerOp: (c.user + c.system) / 1000 / n };
  return cost;
}

async function main(): Promise<void> {
  const costs: Cost[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-micro-"));
  const reg = await startRegistry();
  try {
    const org = buildOrg(25, 4);
    await pushMany({ url: reg.url }, org.items, 12);
    const url = (i: number) => {
      const it = org.items[i % org.items.length];
      return `${reg.url}/v2/${it.repo}/manifests/${it.tag}`;
    };

    costs.push(
      await measure("HEAD manifest, global fetch (undici)", N, async (i) => {
        const r = await fetch(url(i), { method: "HEAD", headers: { accept: ACCEPT_ALL } });
        await r.arrayBuffer();
      }),
    );
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const httpReq = (method: string, u: string) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(u, { method, headers: { accept: ACCEPT_ALL }, agent }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end();
      });
    costs.push(await measure("HEAD manifest, node:http keep-alive Agent", N, (i) => httpReq("HEAD", url(i))));
    costs.push(
      await measure("GET manifest, global fetch (undici)", N, async (i) => {
        const r = await fetch(url(i), { headers: { accept: ACCEPT_ALL } });
        await r.arrayBuffer();
      }),
    );
    costs.push(await measure("GET manifest, node:http keep-alive Agent", N, (i) => httpReq("GET", url(i))));
    agent.destroy();

    // The same requests through archgrid's client, as the scan makes them.
    const client = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined } });
    const refs = org.items.map((it) => ({ ref: parseReference(`${reg.host}/${it.repo}`), tag: it.tag }));
    const ref = (i: number) => refs[i % refs.length];
    costs.push(await measure("HEAD manifest, archgrid RegistryClient.headManifest", N, (i) => client.headManifest(ref(i).ref, ref(i).tag)));
    costs.push(await measure("GET manifest, archgrid RegistryClient.fetchManifest (digest + body checked)", N, (i) => client.fetchManifest(ref(i).ref, ref(i).tag)));
    // No config cache: every single image costs its config blob GET, as on a cold scan.
    const noCache: ConfigCache = { get: async () => undefined, set: async () => undefined };
    const cold = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined }, configCache: noCache });
    let requests = 0;
    const r0 = cold.requestCount;
    costs.push(
      await measure("resolve (GET + config blob for single images), archgrid RegistryClient.resolve", N, async (i) => {
        requests++;
        return cold.resolve(ref(i).ref, ref(i).tag);
      }),
    );
    costs[costs.length - 1].what += ` ${((cold.requestCount - r0) / requests).toFixed(2)} req/op`;
    if (process.env.MICRO_ONLY === "http") return report(costs);

    // Prisma vs better-sqlite3 on a migrated database with the pragmas lib/db.ts sets.
    const file = path.join(tmp, "micro.db");
    const dbUrl = `file:${file}`;
    migrate(dbUrl);
    const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: dbUrl, timeout: 10_000 }) });
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    const registry = await prisma.registry.create({ data: { host: "micro.example" } });
    const repo = await prisma.repository.create({ data: { registryId: registry.id, name: "m/app", reference: "micro.example/m/app", tagPolicy: "{}" } });
    for (const name of ["1.0", "1.1", "1.2", "latest"]) {
      await prisma.tag.create({
        data: {
          repositoryId: repo.id,
          name,
          digest: "sha256:" + "0".repeat(64),
          platforms: { create: [{ os: "linux", architecture: "amd64", rawOs: "linux", rawArchitecture: "amd64" }, { os: "linux", architecture: "arm64", rawOs: "linux", rawArchitecture: "arm64" }] },
        },
      });
    }
    const names = ["1.0", "1.1", "1.2", "latest"];
    costs.push(await measure("prisma tag.updateMany (touchTags)", N, () => prisma.tag.updateMany({ where: { repositoryId: repo.id, name: { in: names } }, data: { checkedAt: new Date(), errorCode: null, errorMessage: null } })));
    costs.push(await measure("prisma repository.update", N, () => prisma.repository.update({ where: { id: repo.id }, data: { status: "ok", lastScannedAt: new Date() } })));
    costs.push(
      await measure("prisma tag.findMany + platforms (getStoredTags)", N, () =>
        prisma.tag.findMany({ where: { repositoryId: repo.id }, select: { id: true, name: true, digest: true, errorCode: true, createdAt: true, platforms: { select: { os: true, architecture: true, variant: true } } } }),
      ),
    );
    costs.push(
      await measure("prisma interactive $transaction: upsert + deleteMany + createMany (saveTagSnapshot)", Math.ceil(N / 2), () =>
        prisma.$transaction(async (tx) => {
          const t = await tx.tag.upsert({ where: { repositoryId_name: { repositoryId: repo.id, name: "latest" } }, create: { repositoryId: repo.id, name: "latest" }, update: { checkedAt: new Date() }, select: { id: true } });
          await tx.tagPlatform.deleteMany({ where: { tagId: t.id } });
          await tx.tagPlatform.createMany({ data: [{ tagId: t.id, os: "linux", architecture: "amd64", rawOs: "linux", rawArchitecture: "amd64" }, { tagId: t.id, os: "linux", architecture: "arm64", rawOs: "linux", rawArchitecture: "arm64" }] });
        }),
      ),
    );
    costs.push(
      await measure("prisma $executeRaw UPDATE (same statement, tagged template)", N, () =>
        prisma.$executeRaw`UPDATE "Tag" SET "checkedAt" = ${new Date()}, "errorCode" = NULL, "errorMessage" = NULL WHERE "repositoryId" = ${repo.id}`,
      ),
    );
    // One query for many rows: the fixed cost per query dominates, not the rows.
    const many = await prisma.repository.create({ data: { registryId: registry.id, name: "m/many", reference: "micro.example/m/many", tagPolicy: "{}" } });
    await prisma.tag.createMany({ data: Array.from({ length: 400 }, (_, i) => ({ repositoryId: many.id, name: `t${i}`, digest: "sha256:" + "1".repeat(64) })) });
    const manyNames = Array.from({ length: 400 }, (_, i) => `t${i}`);
    costs.push(
      await measure("prisma tag.updateMany touching 400 tags in one query", Math.ceil(N / 4), () =>
        prisma.tag.updateMany({ where: { repositoryId: many.id, name: { in: manyNames } }, data: { checkedAt: new Date(), errorCode: null, errorMessage: null } }),
      ),
    );
    await prisma.$disconnect();

    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const upd = db.prepare(`UPDATE Tag SET checkedAt = ?, errorCode = NULL, errorMessage = NULL WHERE repositoryId = ? AND name IN (?, ?, ?, ?)`);
    costs.push(await measure("better-sqlite3 same UPDATE (prepared once)", N, async () => upd.run(Date.now(), repo.id, ...names)));
    const sel = db.prepare(`SELECT t.id, t.name, t.digest, p.os, p.architecture, p.variant FROM Tag t LEFT JOIN TagPlatform p ON p.tagId = t.id WHERE t.repositoryId = ?`);
    costs.push(await measure("better-sqlite3 tags+platforms SELECT (prepared once)", N, async () => sel.all(repo.id)));
    db.close();
    report(costs);
  } finally {
    await reg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function report(costs: Cost[]): void {
  console.log(`\nunit costs (n=${N} each, sequential; load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}, ${os.availableParallelism()} cores, node ${process.version})`);
  for (const c of costs) console.log(`  ${c.what.padEnd(86)} wall ${c.wallMsPerOp.toFixed(3).padStart(7)} ms  cpu ${c.cpuMsPerOp.toFixed(3).padStart(7)} ms`);
}

runMain(main);
