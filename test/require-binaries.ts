// Vitest global setup: the tests that need a system binary look for it at a fixed path
// (`fs.existsSync`) and skip when it is not there. That is right on a developer's machine without
// it, and wrong in CI, where a missing package would turn real-registry and skopeo cross-checks
// into silent skips. So: in CI (CI=true) a missing binary fails the run before any test starts;
// elsewhere each one missing is named once, with what will be skipped.
import fs from "node:fs";
import { REGISTRY_BINARY } from "../e2e/fixtures/registry";
import { INITDB } from "./support/pg-cluster";

/** The paths exactly as the tests check them. */
export const REQUIRED_BINARIES = [
  { path: REGISTRY_BINARY, pkg: "docker-registry", skipped: "the real-registry tests (lib/registry/*.integration.test.ts, real-registry.test.ts)" },
  { path: "/usr/bin/skopeo", pkg: "skopeo", skipped: "the skopeo cross-checks (client and fixtures integration tests)" },
  { path: "/usr/bin/python3", pkg: "python3", skipped: "the CLI's JUnit XML check (lib/cli/cli.integration.test.ts, parsed by Python's expat)" },
  { path: INITDB, pkg: "postgresql", skipped: "the PostgreSQL migration drift check and migrate-data (prisma/migrations-drift.test.ts, scripts/migrate-data.test.ts)" },
] as const;

export function missingBinaries(exists: (p: string) => boolean = (p) => fs.existsSync(p)) {
  return REQUIRED_BINARIES.filter((b) => !exists(b.path));
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CI) && env.CI !== "false" && env.CI !== "0";
}

export default function setup(): void {
  const missing = missingBinaries();
  if (missing.length === 0) return;
  const lines = missing.map((b) => `${b.path} (Debian package ${b.pkg}) is missing: ${b.skipped}`);
  if (isCI()) {
    throw new Error(`CI=true and a test dependency is missing; run scripts/install-test-deps.sh.\n${lines.join("\n")}`);
  }
  for (const l of lines) process.stderr.write(`[test deps] SKIPPING ${l}. Install with scripts/install-test-deps.sh (in CI this fails the run).\n`);
}
