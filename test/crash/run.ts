// `npx tsx test/crash/run.ts` (after `next build`): a crash test that crashes mid-write.
//
// The production server (`npm start` on a copy of a populated database) scans hundreds of
// repositories whose tags all changed, and its whole process group is SIGKILLed at a random
// moment of the scan. Then it is started again the README's way, and:
//   - PRAGMA integrity_check is ok (and no foreign key dangles);
//   - every tag's platforms are exactly those of its stored digest, which is the tag's old or
//     new digest (never a mix, never a third);
//   - the killed scan is marked interrupted by the restarted server itself (nothing here marks it);
//   - the next scan completes and stores what the registry holds.
// The server writes a transaction trace (ARCHGRID_TX_TRACE), so the test counts the kills that
// landed with a transaction open. Exit 1 on any violation, or if no kill landed mid-transaction.
// Env: CRASH_KILLS (25 kills that landed during a scan), CRASH_REPOS (200), CRASH_TAGS (1 per
// repository), CRASH_HOLD_MS (1: ARCHGRID_TX_HOLD_MS, a pause after each write, in a transaction
// or not),
// CRASH_SEED (random), ARCHGRID_CRASH_KEEP=1 keeps the work folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { freePort, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { rng } from "../../bench/org";
import { openTransactions, readTags, tagViolations } from "./checks";
import { assertProductionBuild, crash, startServer, stopServer, tail, type Server } from "./server";
import { World } from "./world";

const KILLS = Number(process.env.CRASH_KILLS ?? 25);
const REPOS = Number(process.env.CRASH_REPOS ?? 200);
const TAGS = Number(process.env.CRASH_TAGS ?? 1);
// A pause after each write, in a transaction or not, so random kills find a transaction open or
// land between two statements that belong together.
const HOLD_MS = Number(process.env.CRASH_HOLD_MS ?? 1);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

type ScanStatus = { id: string; status: string; total: number; done: number; failed: number };

function log(msg: string): void {
  process.stdout.write(`[crash] ${msg}\n`);
}

async function api<T>(server: Server, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + route, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const startScan = async (server: Server) => (await api<{ scan: ScanStatus }>(server, "POST", "/api/scans", {})).scan;
const getScan = async (server: Server, id: string) => (await api<{ scan: ScanStatus }>(server, "GET", `/api/scans/${id}`)).scan;

async function scanToEnd(server: Server, timeoutMs = 300_000): Promise<{ scan: ScanStatus; ms: number }> {
  const t0 = Date.now();
  const { id } = await startScan(server);
  for (;;) {
    const scan = await getScan(server, id);
    if (!["queued", "running"].includes(scan.status)) return { scan, ms: Date.now() - t0 };
    if (Date.now() - t0 > timeoutMs) throw new Error(`scan ${id} still ${scan.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Folds the WAL into the main file so that a plain file copy is the whole database. */
function checkpoint(file: string): void {
  const db = new Database(file);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

async function main(): Promise<number> {
  assertProductionBuild();
  const random = rng(SEED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-crash-"));
  const t0 = Date.now();
  let registry: RunningRegistry | undefined;
  let server: Server | undefined;
  const violations: string[] = [];
  const violate = (round: number, what: string[]) => {
    for (const v of what) violations.push(`round ${round}: ${v}`);
    if (what.length) log(`VIOLATION round ${round}: ${what.slice(0, 5).join(" | ")}${what.length > 5 ? ` (+${what.length - 5})` : ""}`);
  };
  try {
    registry = await startRegistry();
    const world = new World(registry, REPOS, TAGS);
    await world.push();
    await world.moveTags(0);
    log(`seed ${SEED}; registry ${registry.host}: ${REPOS} repositories × ${TAGS} tags, 3 generations each, pushed in ${Date.now() - t0} ms`);

    const port = await freePort();
    const populated = path.join(dir, "populated.db");
    const db = path.join(dir, "crash.db");
    const env = (file: string, round: number) => ({
      PORT: String(port),
      DATABASE_URL: `file:${file}`,
      ARCHGRID_INSECURE_REGISTRIES: registry!.host,
      ARCHGRID_SCAN_INTERVAL_MINUTES: "0",
      ARCHGRID_TX_TRACE: path.join(dir, `trace-${round}.log`),
      ARCHGRID_TX_HOLD_MS: String(HOLD_MS),
    });

    // A populated database: every repository watched and scanned once, by the server itself.
    server = await startServer({ port, env: env(populated, 0), logFile: path.join(dir, "server-populate.log") });
    await api(server, "POST", "/api/repositories/bulk", { references: world.references(), tags: world.tags });
    const first = await scanToEnd(server);
    if (first.scan.status !== "succeeded") throw new Error(`populating scan ${first.scan.status}`);
    // How long a scan of every tag changed takes here and now: kills are drawn over that span.
    await world.moveTags(1);
    const calibration = await scanToEnd(server);
    if (calibration.scan.status !== "succeeded") throw new Error(`calibration scan ${calibration.scan.status}`);
    await stopServer(server);
    server = undefined;
    checkpoint(populated);
    fs.copyFileSync(populated, db);
    let spanMs = calibration.ms;
    log(`populated: first scan ${first.ms} ms, a scan of ${REPOS * TAGS} changed tags ${spanMs} ms; killing at random moments over it`);

    // Per repo:tag, the digests allowed after a crash: the stored one before the scan, the new one.
    let stored = new Map(world.current);
    let killed: string | null = null;
    let kills = 0;
    let late = 0;
    let midTransaction = 0;
    let midTransactionAfterStatement = 0;
    const progressAtKill: number[] = [];
    let round = 2;
    while (kills < KILLS) {
      if (round > KILLS * 3 + 2) throw new Error(`only ${kills} of ${KILLS} kills landed during a scan in ${round - 2} rounds`);
      const tStart = Date.now();
      server = await startServer({ port, env: env(db, round), logFile: path.join(dir, `server-${round}.log`) });
      const startMs = Date.now() - tStart;

      // 1. What the crash left, seen after a restart the README's way.
      const after = readTags(db);
      const now = new Map(world.current);
      const checks: string[] = [];
      if (after.integrity !== "ok") checks.push(`integrity_check: ${after.integrity}`);
      if (after.foreignKeys) checks.push(`${after.foreignKeys} dangling foreign keys`);
      if (after.activeScans) checks.push(`${after.activeScans} scans still queued/running after the restart`);
      if (after.tags.length !== REPOS * TAGS) checks.push(`${after.tags.length} tags stored, expected ${REPOS * TAGS}`);
      checks.push(...tagViolations(after.tags, world.platformsOf, (id) => [stored.get(id)!, now.get(id)!]));
      if (killed) {
        const scan = await getScan(server, killed);
        if (scan.status === "succeeded") {
          // The scan ended before the kill: scans run faster than calibrated, so draw over less.
          late++;
          spanMs = Math.max(500, Math.round(spanMs * 0.95));
        }
        else {
          kills++;
          progressAtKill.push(scan.done / scan.total);
          if (scan.status !== "interrupted") checks.push(`killed scan ${killed} is ${scan.status}, expected interrupted (marked by the restarted server)`);
        }
      }
      violate(round, checks);

      // 2. The next scan completes and stores exactly what the registry holds.
      const next = await scanToEnd(server);
      const done = readTags(db);
      const finalChecks = tagViolations(done.tags, world.platformsOf, (id) => [now.get(id)!]);
      if (next.scan.status !== "succeeded") finalChecks.push(`the scan after the restart ended ${next.scan.status}`);
      violate(round, finalChecks);
      stored = now;
      if (kills >= KILLS) break;

      // 3. Every tag changes; a scan starts; the whole process group dies at a random moment of it.
      await world.moveTags(round);
      const scan = await startScan(server);
      killed = scan.id;
      const delay = Math.floor(random() * spanMs);
      await new Promise((r) => setTimeout(r, delay));
      await crash(server);
      server = undefined;
      const trace = openTransactions(path.join(dir, `trace-${round}.log`));
      if (trace.open) midTransaction++;
      if (trace.openWithWrites) midTransactionAfterStatement++;
      log(
        `round ${round}: up in ${startMs} ms, next scan ${next.ms} ms; killed ${delay} ms into a scan` +
          `${trace.open ? `, ${trace.open} transaction open${trace.openWithWrites ? " (after a statement)" : ""}` : ""} (${trace.seen} traced)`,
      );
      round++;
    }
    if (server) await stopServer(server);
    server = undefined;

    const deciles = Array.from({ length: 10 }, (_, d) => progressAtKill.filter((p) => Math.min(9, Math.floor(p * 10)) === d).length);
    log(`kills during a scan: ${kills} (plus ${late} that came after the scan had finished)`);
    log(`kills with a transaction open: ${midTransaction} (with a statement already run in it: ${midTransactionAfterStatement})`);
    log(`scan progress at the kills, by tenths of repositories done: [${deciles.join(" ")}]`);
    log(`violations: ${violations.length}`);
    log(`${Math.round((Date.now() - t0) / 1000)} s in all`);
    if (midTransaction === 0) {
      log("FAIL: no kill landed with a transaction open, so this run proved nothing about mid-write crashes");
      return 1;
    }
    return violations.length ? 1 : 0;
  } catch (e) {
    log(`FAIL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (server) log(`server log:\n${tail(server.logFile)}`);
    return 1;
  } finally {
    if (server) await crash(server).catch(() => undefined);
    await registry?.stop();
    if (violations.length) for (const v of violations.slice(0, 50)) log(v);
    if (process.env.ARCHGRID_CRASH_KEEP === "1") log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
