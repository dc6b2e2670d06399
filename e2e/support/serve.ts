// Playwright's webServer: a real registry with the e2e images, a freshly migrated database (SQLite
// file, or PostgreSQL when ARCHGRID_TEST_PG_URL is set),
// then the production build (`next build` ran before) on 127.0.0.1:<port>. Run as
// `npx tsx e2e/support/serve.ts` from playwright.config.ts, which sets the port and run folder.
//
// Ordering matters: Playwright waits for the app's URL, so the app starts only after the images
// are pushed and state.json is written; by the time a spec runs, everything it reads exists.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, startRegistry, type RunningRegistry } from "../fixtures/registry";
import { pushMany, type PushItem } from "../fixtures/pusher";
import { CATALOG, type CatalogGroup } from "./catalog";
import { createE2EDatabase, type E2EDatabase } from "./database";
import { PORT_ENV, RUN_DIR_ENV, statePath, type E2EState, type PushedImage } from "./state";

const root = path.resolve(__dirname, "..", "..");
const run = promisify(execFile);

function log(msg: string): void {
  process.stdout.write(`[e2e serve] ${msg}\n`);
}

function assertProductionBuild(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) {
    throw new Error(`no production build at ${path.dirname(buildId)}: run \`npx next build\` first (npm run test:e2e does)`);
  }
}

async function migrate(databaseUrl: string): Promise<void> {
  // The same command `npm start` runs (prestart), on a brand-new file.
  const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
  await run(process.execPath, [prisma, "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function pushCatalog(reg: RunningRegistry): Promise<Record<CatalogGroup, PushedImage[]>> {
  const groups = Object.keys(CATALOG) as CatalogGroup[];
  const items: PushItem[] = [];
  for (const g of groups) for (const img of CATALOG[g]) for (const t of img.tags) items.push({ repo: img.repo, tag: t.tag, spec: t.spec });
  const results = await pushMany({ url: reg.url }, items, 8);
  let i = 0;
  const out = {} as Record<CatalogGroup, PushedImage[]>;
  for (const g of groups) {
    out[g] = CATALOG[g].map((img) => ({
      repo: img.repo,
      reference: `${reg.host}/${img.repo}`,
      missing: [...img.missing],
      tags: img.tags.map((t) => {
        const r = results[i++];
        return { tag: t.tag, digest: r.digest, mediaType: r.mediaType, platforms: [...t.platforms] };
      }),
    }));
  }
  return out;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
  await gone;
  clearTimeout(timer);
}

/**
 * Stops the process group `pgid` once `pid` is gone. Covers the one case our signal handlers
 * cannot: this script being SIGKILLed (Playwright does that after gracefulShutdown's timeout),
 * which would otherwise leave next-server holding its port.
 */
function watchdog(pid: number, pgid: number): void {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -TERM -"$2" 2>/dev/null; sleep 5; kill -KILL -"$2" 2>/dev/null; exit 0';
  spawn("/bin/sh", ["-c", script, "e2e-next-watchdog", String(pid), String(pgid)], { detached: true, stdio: "ignore" }).unref();
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const dir = process.env[RUN_DIR_ENV] ?? fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-e2e-"));
  fs.mkdirSync(dir, { recursive: true });
  const port = Number(process.env[PORT_ENV] ?? (await freePort()));
  const baseURL = `http://127.0.0.1:${port}`;
  // A SQLite file in `dir`, or a database on ARCHGRID_TEST_PG_URL's server (CI's PostgreSQL pass).
  const database: E2EDatabase = await createE2EDatabase(dir, "e2e");
  const databaseUrl = database.url;

  let registry: RunningRegistry | undefined;
  let next: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (next) await stopChild(next);
    if (registry) await registry.stop();
    if (process.env.ARCHGRID_E2E_KEEP !== "1") await database.drop();
    if (process.env.ARCHGRID_E2E_KEEP !== "1") fs.rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(sig, () => void shutdown(0));
  // If whatever started us dies without a signal reaching us, do not leave servers behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(1);
  }, 1000).unref();

  try {
    assertProductionBuild();
    const [reg] = await Promise.all([startRegistry(), migrate(databaseUrl)]);
    registry = reg;
    log(`registry ${reg.host} up in ${reg.startMs} ms; database migrated`);
    const images = await pushCatalog(reg);
    const state: E2EState = { registryHost: reg.host, registryUrl: reg.url, baseURL, databaseUrl, images };
    const file = statePath(dir);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
    fs.renameSync(`${file}.tmp`, file);
    log(`pushed ${Object.values(images).flat().length} repositories in ${Date.now() - t0} ms`);
  } catch (e) {
    process.stderr.write(`[e2e serve] setup failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    await shutdown(1);
    return;
  }

  // `next start` directly (not through npm) and in its own process group, so stopping the group
  // stops next-server too instead of leaving it bound to the port.
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    ARCHGRID_INSECURE_REGISTRIES: registry.host,
    ARCHGRID_SCAN_INTERVAL_MINUTES: "0",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // The specs drive the API without a token; a developer's shell must not switch sign-in on.
  for (const k of ["ARCHGRID_ADMIN_TOKEN", "ARCHGRID_READ_REQUIRES_SIGN_IN", "ARCHGRID_PUBLIC_URL", "ARCHGRID_OIDC_ISSUER", "ARCHGRID_OIDC_CLIENT_ID", "ARCHGRID_OIDC_CLIENT_SECRET"]) delete env[k];
  // Idle keep-alive sockets stay open for 2 minutes. With Node's default 5 s, a spec that used
  // its API request context, then waited on the browser longer than that, could reuse a socket
  // the server was closing at that moment: ECONNRESET (seen once in CI, add-many).
  next = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "120000"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  if (next.pid !== undefined) watchdog(process.pid, next.pid);
  next.once("exit", (code, signal) => {
    if (stopping) return;
    process.stderr.write(`[e2e serve] next start exited (${signal ?? code}) on its own\n`);
    void shutdown(1);
  });
  log(`next start on ${baseURL}`);
}

void main();
