// End-to-end tests: Debian's Chromium against the production build (`next build` runs first in
// `npm run test:e2e`), a real Distribution registry and a fresh SQLite file. See e2e/support/serve.ts.
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { PORT_ENV, RUN_DIR_ENV } from "./e2e/support/state";
import { CHROMIUM_LAUNCH } from "./e2e/support/chromium";

// A developer may point the specs at a server started by hand (`ARCHGRID_E2E_PORT=... ARCHGRID_E2E_DIR=...
// npx tsx e2e/support/serve.ts`); then it is reused instead of started.
const portGiven = Boolean(process.env[PORT_ENV]);

// This file is evaluated by the runner and again by every worker. The runner picks the port and
// run folder once and leaves them in the environment, which the workers and the web server inherit.
if (!process.env[PORT_ENV]) {
  // A port the kernel just handed out (never a fixed 3000: a dev server may be running there).
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  process.env[PORT_ENV] = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}
if (!process.env[RUN_DIR_ENV]) {
  // Only a name: serve.ts creates the folder and removes it when it stops, so listing or
  // aborted runs leave nothing behind.
  process.env[RUN_DIR_ENV] = path.join(os.tmpdir(), `archgrid-e2e-${process.pid}-${process.env[PORT_ENV]}`);
}

const CI = Boolean(process.env.CI);
const baseURL = `http://127.0.0.1:${process.env[PORT_ENV]}`;

export default defineConfig({
  testDir: "./e2e",
  testMatch: "*.spec.ts",
  forbidOnly: CI,
  // No retries: a flaky spec must fail and be fixed at its cause, not pass on a second try.
  retries: 0,
  workers: 2,
  fullyParallel: false,
  // Generous: on a loaded 2-core machine hydrating a page can take many seconds.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: "off",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: CHROMIUM_LAUNCH,
      },
    },
  ],
  webServer: {
    command: "npx tsx e2e/support/serve.ts",
    url: `${baseURL}/api/coverage`,
    reuseExistingServer: portGiven && !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
