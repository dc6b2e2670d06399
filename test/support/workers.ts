// `npm run worker` processes for the worker tests: each in its own process group (kill() sends
// SIGKILL to the group, as an OOM kill or a lost machine would), on the test file's database.
import { spawn } from "node:child_process";
import path from "node:path";
import { groupAlive, killGroup } from "./process-group";

const root = path.resolve(__dirname, "..", "..");

export interface WorkerProcess {
  pid: number;
  output(): string;
  /** SIGKILL to the whole group; resolves nothing, the group is gone when it returns. */
  kill(): void;
  alive(): boolean;
}

/** Starts `n` workers (tsx scripts/worker.ts) with DATABASE_URL of this process plus `env`; resolves when each says it is ready. */
export async function startWorkers(n: number, env: Record<string, string>, timeoutMs = 60_000): Promise<WorkerProcess[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/worker.ts")], {
        cwd: root,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...env },
      });
      if (child.pid === undefined) throw new Error("worker did not spawn");
      const pid = child.pid;
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      process.once("exit", () => killGroup(pid));
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`worker ${pid} not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
        const check = () => {
          if (/: ready/.test(out)) {
            clearTimeout(t);
            resolve();
          }
        };
        child.stdout.on("data", check);
        child.once("exit", (code) => {
          clearTimeout(t);
          reject(new Error(`worker ${pid} exited (${code}) before it was ready:\n${out}`));
        });
      });
      child.removeAllListeners("exit");
      return {
        pid,
        output: () => out,
        kill: () => killGroup(pid, "SIGKILL"),
        alive: () => groupAlive(pid),
      };
    }),
  );
}
