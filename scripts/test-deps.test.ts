// CI cannot hide a missing test dependency: with CI=true a missing docker-registry fails the
// Vitest run before any test starts; outside CI the run goes on and says what it skips. And the
// install script looks where the tests look. (Runs a nested Vitest on one small test file.)
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { missingBinaries } from "../test/require-binaries";

const root = path.resolve(__dirname, "..");

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "CI") delete env[k];
  return { ...env, ...extra };
}

function vitest(extra: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "lib/export/gaps.test.ts"], {
    cwd: root,
    env: cleanEnv(extra),
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe("a missing registry binary", () => {
  const gone = { ARCHGRID_REGISTRY_BINARY: "/nonexistent/docker-registry" };

  it("fails the run in CI", () => {
    const r = vitest({ ...gone, CI: "true" });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toMatch(/CI=true and a test dependency is missing[^]*\/nonexistent\/docker-registry \(Debian package docker-registry\)/);
  });

  it("is skipped with a printed reason outside CI", () => {
    const r = vitest(gone);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/SKIPPING \/nonexistent\/docker-registry \(Debian package docker-registry\) is missing/);
  });
});

describe("scripts/install-test-deps.sh --check", () => {
  const check = (extra: Record<string, string>) =>
    spawnSync("bash", [path.join(root, "scripts/install-test-deps.sh"), "--check"], { env: cleanEnv(extra), encoding: "utf8" });

  it("looks at the same registry path as the tests", () => {
    const r = check({ ARCHGRID_REGISTRY_BINARY: "/nonexistent/docker-registry" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("docker-registry");
  });

  it("agrees with the tests' own check on this machine", () => {
    const r = check({});
    expect(r.status === 0).toBe(missingBinaries().length === 0);
  });
});
