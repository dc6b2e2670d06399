// The production server as a user runs it: `npm start` (prestart `prisma migrate deploy`, then
// `next start` on the build `next build` made), in its own process group so that a SIGKILL to the
// group stops npm, next and every child at once, as a power cut or an OOM kill of the container
// would.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { groupAlive, killGroup } from "../support/process-group";

const root = path.resolve(__dirname, "..", "..");
const live = new Set<number>();
process.on("exit", () => {
  for (const pgid of live) killGroup(pgid);
});

export interface Server {
  pgid: number;
  url: string;
  logFile: string;
}

export function assertProductionBuild(): void {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(root, dist, "BUILD_ID"))) {
    throw new Error(`no production build in ${dist}: run \`npx next build\` first (npm run test:e2e does)`);
  }
}

/** SIGKILL the whole group and wait until no process of it is left (the port and file are free). */
export async function crash(server: Server): Promise<void> {
  killGroup(server.pgid, "SIGKILL");
  const t0 = Date.now();
  while (groupAlive(server.pgid)) {
    if (Date.now() - t0 > 10_000) throw new Error(`process group ${server.pgid} still alive 10 s after SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
  live.delete(server.pgid);
}

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extra, NODE_ENV: "production" };
  // The test drives the API without a token; a developer's shell must not switch auth on.
  delete env.ARCHGRID_ADMIN_TOKEN;
  return env;
}

/** `npm start` on `port` with `env`; resolves once the API answers. */
export async function startServer(opts: { port: number; env: Record<string, string>; logFile: string; timeoutMs?: number }): Promise<Server> {
  const log = fs.openSync(opts.logFile, "a");
  const child = spawn("npm", ["start", "--silent", "--", "-H", "127.0.0.1", "-p", String(opts.port)], {
    cwd: root,
    detached: true,
    stdio: ["ignore", log, log],
    env: serverEnv(opts.env),
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error("npm start did not spawn");
  const server: Server = { pgid: child.pid, url: `http://127.0.0.1:${opts.port}`, logFile: opts.logFile };
  live.add(server.pgid);
  let exited: string | null = null;
  child.once("exit", (code, signal) => (exited = String(signal ?? code)));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (exited !== null) throw new Error(`npm start exited (${exited}) before answering:\n${tail(opts.logFile)}`);
    try {
      const res = await fetch(`${server.url}/api/scans?limit=1`);
      if (res.ok) return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      killGroup(server.pgid);
      throw new Error(`npm start did not answer within ${opts.timeoutMs ?? 120_000} ms:\n${tail(opts.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops a server cleanly (SIGTERM, then SIGKILL after 10 s). */
export async function stopServer(server: Server): Promise<void> {
  killGroup(server.pgid, "SIGTERM");
  const t0 = Date.now();
  while (groupAlive(server.pgid) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
  await crash(server);
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
