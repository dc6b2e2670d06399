// `npm run bench:load` — do readers and a writing scan get in each other's way?
// The real registry with a synthetic organization, the production server (`next start`) on a
// fresh migrated SQLite file, then:
//   1. the scan alone: a cold scan of every repository, tags/s;
//   2. the scan under load: a fresh database, the same cold scan, and `--clients` concurrent
//      readers looping over GET /api/coverage (the grid's first page), GET /grid and
//      GET /api/repositories/{id} for `--seconds` (rescans follow when the scan ends early).
// Reported: errors (any status >= 400 or network failure), SQLITE_BUSY (in answers and in the
// server log), p50/p95/p99 latency per route and overall, tags/s alone and under load.
// Options: --seconds 60 --repos 2000 --tags 2 --clients 50. Writes bench/results/load.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startRegistry } from "../e2e/fixtures/registry";
import { pushMany } from "../e2e/fixtures/pusher";
import { addRepositories, runScan, type ScanRun } from "./app-api";
import { percentile } from "./baselines";
import { buildOrg } from "./org";
import { ROOT, ensureBuild, migrate, startServer, type RunningServer } from "./server";
import { runMain } from "./main";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number (got ${process.argv[i + 1]})`);
  return v;
}
const SECONDS = arg("seconds", 60);
const REPOS = arg("repos", 2000);
const TAGS = arg("tags", 2);
const CLIENTS = arg("clients", 50);
const log = (s: string) => console.log(`[load ${new Date().toISOString().slice(11, 19)}] ${s}`);

interface RouteStats {
  lat: number[];
  errors: number;
  busy: number;
  firstError?: string;
}

async function fresh(tmp: string, name: string, registryHost: string): Promise<RunningServer> {
  const databaseUrl = `file:${path.join(tmp, `${name}.db`)}`;
  migrate(databaseUrl);
  const server = await startServer({
    databaseUrl,
    logPath: path.join(tmp, `${name}.log`),
    env: { ARCHGRID_INSECURE_REGISTRIES: registryHost, ARCHGRID_SCAN_INTERVAL_MINUTES: "0" },
  });
  const refs = Array.from({ length: REPOS }, (_, i) => `${registryHost}/${buildOrgNames[i]}`);
  await addRepositories(server.url, refs, buildTags);
  return server;
}
let buildOrgNames: string[] = [];
let buildTags: string[] = [];

/** One reader: picks a route in turn, records its latency, until `until`. */
async function reader(base: string, ids: string[], until: number, stats: Record<string, RouteStats>, n: number): Promise<void> {
  const routes = [
    { name: "GET /api/coverage", path: () => "/api/coverage?offset=0&limit=50" },
    { name: "GET /grid", path: () => "/grid" },
    { name: "GET /api/repositories/{id}", path: () => `/api/repositories/${ids[Math.floor(Math.random() * ids.length)]}` },
  ];
  for (let i = n; performance.now() < until; i++) {
    const r = routes[i % routes.length];
    const st = (stats[r.name] ??= { lat: [], errors: 0, busy: 0 });
    const t0 = performance.now();
    try {
      const res = await fetch(base + r.path(), { signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      st.lat.push(performance.now() - t0);
      if (/SQLITE_BUSY|database is locked/i.test(text)) st.busy++;
      if (res.status >= 400) {
        st.errors++;
        st.firstError ??= `${res.status} ${text.slice(0, 200)}`;
      }
    } catch (e) {
      st.errors++;
      st.firstError ??= String(e);
    }
  }
}

const summary = (lat: number[]) => ({ requests: lat.length, p50Ms: +percentile(lat, 50).toFixed(1), p95Ms: +percentile(lat, 95).toFixed(1), p99Ms: +percentile(lat, 99).toFixed(1) });
const tagsPerSecond = (run: ScanRun) => +((REPOS * TAGS) / (run.wallMs / 1000)).toFixed(1);

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-load-"));
  const registry = await startRegistry();
  const servers: RunningServer[] = [];
  try {
    log(`${REPOS} repositories × ${TAGS} tags, ${CLIENTS} clients for ${SECONDS} s; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
    const org = buildOrg(REPOS, TAGS);
    buildOrgNames = org.repos.map((r) => r.name);
    buildTags = org.repos[0].tags;
    const t0 = Date.now();
    await pushMany({ url: registry.url }, org.items, 8);
    log(`pushed ${org.items.length} images in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const build = ensureBuild(log);

    // 1. The scan alone.
    const alone = await fresh(tmp, "alone", registry.host);
    servers.push(alone);
    const aloneRun = await runScan(alone.url, 20 * 60_000);
    log(`scan alone: ${tagsPerSecond(aloneRun)} tags/s (${aloneRun.scan.status}, ${(aloneRun.wallMs / 1000).toFixed(1)} s)`);
    await alone.stop();

    // 2. The same scan while readers hammer the server.
    const loaded = await fresh(tmp, "loaded", registry.host);
    servers.push(loaded);
    const ids = ((await (await fetch(`${loaded.url}/api/repositories`)).json()) as { repositories: Array<{ id: string }> }).repositories.map((r) => r.id);
    const stats: Record<string, RouteStats> = {};
    const until = performance.now() + SECONDS * 1000;
    const readers = Array.from({ length: CLIENTS }, (_, n) => reader(loaded.url, ids, until, stats, n));
    const scans: ScanRun[] = [];
    while (performance.now() < until) scans.push(await runScan(loaded.url, 20 * 60_000));
    await Promise.all(readers);
    const serverLog = fs.readFileSync(path.join(tmp, "loaded.log"), "utf8");
    const logBusy = (serverLog.match(/SQLITE_BUSY|database is locked/gi) ?? []).length;
    await loaded.stop();

    const all = Object.values(stats).flatMap((s) => s.lat);
    const result = {
      at: new Date().toISOString(),
      machine: { nproc: os.cpus().length, loadavg: os.loadavg(), node: process.version },
      options: { seconds: SECONDS, repos: REPOS, tags: TAGS, clients: CLIENTS },
      build: { reused: build.reused },
      scanAlone: { tagsPerSecond: tagsPerSecond(aloneRun), wallMs: Math.round(aloneRun.wallMs), status: aloneRun.scan.status },
      scanUnderLoad: { tagsPerSecond: tagsPerSecond(scans[0]), wallMs: Math.round(scans[0].wallMs), status: scans[0].scan.status, scansRun: scans.length, laterStatuses: scans.slice(1).map((s) => s.scan.status) },
      readers: {
        overall: { ...summary(all), errors: Object.values(stats).reduce((a, s) => a + s.errors, 0), sqliteBusy: Object.values(stats).reduce((a, s) => a + s.busy, 0) + logBusy },
        byRoute: Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, { ...summary(s.lat), errors: s.errors, sqliteBusy: s.busy, ...(s.firstError ? { firstError: s.firstError } : {}) }])),
        sqliteBusyInServerLog: logBusy,
      },
    };
    fs.mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench", "results", "load.json"), JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify(result, null, 2));
    const ok = result.readers.overall.errors === 0 && result.readers.overall.sqliteBusy === 0 && scans.every((s) => s.scan.status === "succeeded");
    log(ok ? "OK: 0 errors, 0 SQLITE_BUSY, every scan succeeded" : "FAILED: see errors / SQLITE_BUSY / scan statuses above");
    return ok ? 0 : 1;
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await registry.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main, { failCode: 2 });
