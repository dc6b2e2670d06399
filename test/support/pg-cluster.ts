// PostgreSQL for the tests that need one whatever the run's database is (the PostgreSQL
// migration drift check, migrate-data): the run's server when ARCHGRID_TEST_PG_URL is set,
// otherwise a throwaway cluster of their own (scripts/pg-test-cluster.sh), when Debian's
// `postgresql` binaries are installed (test/require-binaries.ts fails CI when they are not).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testPgUrl } from "./pg-admin";

const root = path.resolve(__dirname, "..", "..");
const script = path.join(root, "scripts", "pg-test-cluster.sh");

/** Where initdb/pg_ctl are: ARCHGRID_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (as the script looks). */
export function pgBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ARCHGRID_PG_BIN) return env.ARCHGRID_PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b)) : [];
  return path.join(base, versions.at(-1) ?? "15", "bin");
}

export const INITDB = path.join(pgBinDir(), "initdb");

export interface PgServer {
  url: string;
  stop(): void;
}

/** The run's PostgreSQL, or a cluster started for the caller; null when neither is possible. */
export function pgServer(): PgServer | null {
  const given = testPgUrl();
  if (given) return { url: given, stop: () => undefined };
  if (!fs.existsSync(INITDB)) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-pg-"));
  fs.chmodSync(dir, 0o755); // as root the cluster runs as `postgres`, which must reach it
  const url = execFileSync("bash", [script, "start", path.join(dir, "cluster")], { encoding: "utf8" }).trim();
  return {
    url,
    stop: () => {
      execFileSync("bash", [script, "stop", path.join(dir, "cluster")]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
