// `npx tsx bench/registry-cpu.ts`: the registry client's own CPU per tag, without the database:
// the scan's request pattern (cold: resolve = manifest GET + config blob GET for single images;
// rescan: one HEAD per tag) over the bench's organization at the scan's concurrency, beside a bare
// node:http keep-alive loop making the same requests. The database side is bench/scan-cpu.ts's.
// Env: REGISTRY_CPU_REPOS (200), REGISTRY_CPU_TAGS (4), REGISTRY_CPU_CONCURRENCY (8),
// REGISTRY_CPU_ROUNDS (3: each round runs every line once, in turn, so a change in the machine's
// load hits all lines alike); SCAN_CPU_PROFILE=DIR writes a profile of the client's lines.
import fs from "node:fs";
import http from "node:http";
import inspector from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { startRegistry } from "../e2e/fixtures/registry";
import { ACCEPT_ALL, pushMany } from "../e2e/fixtures/pusher";
import { type ConfigCache, RegistryClient, parseReference } from "../lib/registry";
import { buildOrg } from "./org";
import { runMain } from "./main";

const REPOS = Number(process.env.REGISTRY_CPU_REPOS ?? 200);
const TAGS = Number(process.env.REGISTRY_CPU_TAGS ?? 4);
const CONC = Number(process.env.REGISTRY_CPU_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.REGISTRY_CPU_ROUNDS ?? 3);
const PROFILE_DIR = process.env.SCAN_CPU_PROFILE;

async function pool(n: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONC }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const reg = await startRegistry();
  const session = new inspector.Session();
  session.connect();
  try {
    const org = buildOrg(REPOS, TAGS);
    await pushMany({ url: reg.url }, org.items, 12);
    const n = org.items.length;
    const refs = org.items.map((it) => ({ ref: parseReference(`${reg.host}/${it.repo}`), tag: it.tag, url: `${reg.url}/v2/${it.repo}/manifests/${it.tag}` }));
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
    const bare = (method: string, u: string) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(u, { method, headers: { accept: ACCEPT_ALL }, agent }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end();
      });
    const noCache: ConfigCache = { get: async () => undefined, set: async () => undefined };
    const client = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined }, configCache: noCache, concurrencyPerRegistry: CONC });
    const lines: Array<{ what: string; profile: boolean; run: () => Promise<number> }> = [
      { what: "bare node:http HEAD", profile: false, run: async () => (await pool(n, (i) => bare("HEAD", refs[i].url)), n) },
      { what: "bare node:http GET (manifest only)", profile: false, run: async () => (await pool(n, (i) => bare("GET", refs[i].url)), n) },
      {
        what: "archgrid rescan: headManifest",
        profile: true,
        run: async () => {
          const r0 = client.requestCount;
          await pool(n, (i) => client.headManifest(refs[i].ref, refs[i].tag));
          return client.requestCount - r0;
        },
      },
      {
        what: "archgrid cold: resolve (GET + config blobs)",
        profile: true,
        run: async () => {
          const r0 = client.requestCount;
          await pool(n, (i) => client.resolve(refs[i].ref, refs[i].tag));
          return client.requestCount - r0;
        },
      },
    ];
    for (const l of lines) await l.run(); // warm-up: connections, JIT
    const cpu = new Map<string, number[]>();
    const reqs = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const l of lines) {
        const profiling = PROFILE_DIR && l.profile && round === 0;
        if (profiling) {
          await session.post("Profiler.enable");
          await session.post("Profiler.setSamplingInterval", { interval: 200 });
          await session.post("Profiler.start");
        }
        const c0 = process.cpuUsage();
        const requests = await l.run();
        const c = process.cpuUsage(c0);
        if (profiling) {
          const { profile } = await session.post("Profiler.stop");
          fs.mkdirSync(PROFILE_DIR, { recursive: true });
          fs.writeFileSync(path.join(PROFILE_DIR, `registry-${l.what.split(":")[0].replace(/\W+/g, "-")}.cpuprofile`), JSON.stringify(profile));
        }
        cpu.set(l.what, [...(cpu.get(l.what) ?? []), (c.user + c.system) / 1000 / n]);
        reqs.set(l.what, requests / n);
      }
    }
    agent.destroy();
    console.log(`registry client CPU per tag (${n} tags, concurrency ${CONC}, ${ROUNDS} rounds; load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}, node ${process.version})`);
    for (const l of lines) {
      const xs = cpu.get(l.what)!;
      console.log(`  ${l.what.padEnd(46)} ${reqs.get(l.what)!.toFixed(2)} req/tag  CPU median ${median(xs).toFixed(3)} ms/tag  (runs ${xs.map((x) => x.toFixed(3)).join(", ")})`);
    }
  } finally {
    session.disconnect();
    await reg.stop();
  }
}

runMain(main);
