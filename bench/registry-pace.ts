// `npx tsx bench/registry-pace.ts`: the registry's own CPU per request as a function of the pace
// at which requests reach it. `npm run bench` found the registry spending 2.19 ms of CPU per cold
// tag of archgrid's scan against 1.27 ms per tag in the GET loop (the ceiling the cold scan is
// compared with), and FINDINGS.md had left the cause open. The question this answers: is a request
// dearer for the registry when requests do not arrive back to back, whoever sends them?
//
// It pushes the bench's organization, then sends the same manifest GETs (concurrency 8, keep-alive,
// the bare node:http loop of bench/baselines.ts, no archgrid code) at a set of paces: each line
// starts a request only when the pace allows it (a token per 1/pace s), up to "max" (no pacing,
// which is the GET loop). For each line it prints requests/s reached, and the CPU the registry's
// process group and this process spent per request (from /proc), so a reader can set the scan's
// pace (tags/s × requests/tag) against the registry's cost at that pace.
// Env: REGISTRY_PACE_REPOS (300), REGISTRY_PACE_TAGS (4), REGISTRY_PACE_LIST ("150,300,450,600,900,max"),
// REGISTRY_PACE_ROUNDS (3: every pace once per round, medians printed).
import http from "node:http";
import os from "node:os";
import { startRegistry } from "../e2e/fixtures/registry";
import { ACCEPT_ALL, pushMany } from "../e2e/fixtures/pusher";
import { intEnv } from "./env";
import { buildOrg } from "./org";
import { findPid, groupCpuMs, pgidOf, processCpuMs } from "./server";
import { runMain } from "./main";

const REPOS = intEnv("REGISTRY_PACE_REPOS", 300);
const TAGS = intEnv("REGISTRY_PACE_TAGS", 4);
const ROUNDS = intEnv("REGISTRY_PACE_ROUNDS", 3);
const PACES = (process.env.REGISTRY_PACE_LIST ?? "150,300,450,600,900,max").split(",").map((p) => {
  if (p.trim() === "max") return Infinity;
  const n = Number(p);
  if (!(n > 0)) throw new Error(`REGISTRY_PACE_LIST must list requests per second or "max", got ${JSON.stringify(p)}`);
  return n;
});
const CONC = 8;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const reg = await startRegistry();
  try {
    const org = buildOrg(REPOS, TAGS);
    await pushMany({ url: reg.url }, org.items, 12);
    const pid = findPid(reg.dir);
    const pgid = pid === undefined ? undefined : pgidOf(pid);
    if (pgid === undefined) throw new Error("registry process not found in /proc");
    const urls = org.items.map((it) => `${reg.url}/v2/${it.repo}/manifests/${it.tag}`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
    const get = (u: string) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(u, { headers: { accept: ACCEPT_ALL }, agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", reject);
        req.end();
      });
    /** All URLs once, at most CONC in flight, request i not before t0 + i/pace. */
    const line = async (pace: number) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONC }, async () => {
          while (next < urls.length) {
            const i = next++;
            const due = t0 + (i * 1000) / pace;
            const wait = due - performance.now();
            if (wait > 1) await new Promise((r) => setTimeout(r, wait));
            await get(urls[i]);
          }
        }),
      );
      return performance.now() - t0;
    };
    await line(Infinity); // warm-up: connections, the registry's caches, JIT
    const rows = new Map<number, { rate: number[]; reg: number[]; self: number[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const pace of PACES) {
        const r0 = groupCpuMs(pgid);
        const s0 = processCpuMs("self");
        const ms = await line(pace);
        const row = rows.get(pace) ?? { rate: [], reg: [], self: [] };
        row.rate.push((urls.length * 1000) / ms);
        row.reg.push((groupCpuMs(pgid) - r0) / urls.length);
        row.self.push((processCpuMs("self") - s0) / urls.length);
        rows.set(pace, row);
      }
    }
    agent.destroy();
    console.log(`registry CPU per manifest GET by pace (${urls.length} GETs a line, concurrency ${CONC}, ${ROUNDS} rounds, medians; load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")})`);
    console.log("  pace asked      reached     registry CPU/request   this process CPU/request");
    for (const pace of PACES) {
      const r = rows.get(pace)!;
      const asked = pace === Infinity ? "max" : `${pace}/s`;
      console.log(`  ${asked.padEnd(12)} ${median(r.rate).toFixed(0).padStart(7)}/s   ${median(r.reg).toFixed(2).padStart(8)} ms            ${median(r.self).toFixed(2).padStart(8)} ms`);
    }
  } finally {
    await reg.stop();
  }
}

runMain(main);
