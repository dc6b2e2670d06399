// `npm start` as an operator runs it (prestart migrates a brand-new database, then next start)
// must print no warning: a warning on every start teaches people to ignore warnings. Needs a
// production build (`next build`); without one the test says so and is skipped.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { groupAlive, killGroup } from "@/test/support/process-group";

const root = path.resolve(__dirname, "..");
const built = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-start-"));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("npm start", () => {
  it.skipIf(!built)("migrates a new database and serves without printing a warning", async () => {
    const port = await freePort();
    const child = spawn("npm", ["start"], {
      cwd: root,
      detached: true,
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "start.db")}`, PORT: String(port), HOSTNAME: "127.0.0.1", NODE_ENV: "production" },
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    try {
      // Ready once it answers: by then the migration and next start have printed everything.
      const deadline = Date.now() + 90_000;
      let status = 0;
      while (Date.now() < deadline && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, () => 0);
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(status, output).toBe(200);
      expect(output).toContain("All migrations have been successfully applied.");
      const warnings = output.split("\n").filter((l) => /warn|will not be used/i.test(l));
      expect(warnings, output).toEqual([]);
    } finally {
      if (child.pid) {
        killGroup(child.pid, "SIGTERM");
        for (let i = 0; i < 50 && groupAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 100));
        killGroup(child.pid, "SIGKILL");
      }
    }
  }, 120_000);
});
