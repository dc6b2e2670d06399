// A second archgrid (the same production build) with its own configuration and a fresh database,
// for specs about sign-in settings the shared server (serve.ts) does not have. Started in its own
// process group and stopped with it, like serve.ts does.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../fixtures/registry";
import { createE2EDatabase } from "./database";

const root = path.resolve(__dirname, "..", "..");
const run = promisify(execFile);

export interface AppServer {
  baseURL: string;
  port: number;
  /** What the server printed (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string>, port?: number): Promise<AppServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-app-"));
  const database = await createE2EDatabase(dir, "app");
  const databaseUrl = database.url;
  await run(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const p = port ?? (await freePort());
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, ARCHGRID_SCAN_INTERVAL_MINUTES: "0", NEXT_TELEMETRY_DISABLED: "1" };
  for (const k of Object.keys(childEnv)) if (k.startsWith("ARCHGRID_") && !(k in env) && k !== "ARCHGRID_SCAN_INTERVAL_MINUTES" && !k.startsWith("ARCHGRID_E2E")) delete childEnv[k];
  Object.assign(childEnv, env);
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(p), "-H", "127.0.0.1"], {
    cwd: root,
    detached: true,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const baseURL = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`archgrid exited at start:\n${output}`);
    try {
      const res = await fetch(`${baseURL}/api/auth/session`);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`archgrid did not start within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseURL,
    port: p,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        const gone = new Promise((r) => child.once("exit", r));
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          /* gone */
        }
        await gone;
      }
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
