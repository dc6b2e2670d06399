// The hand-over between the e2e server (serve.ts) and the specs: where things run and what
// was pushed. playwright.config.ts picks the run folder and ports once, in the runner process,
// and passes them down through the environment (workers and the web server inherit it).
import fs from "node:fs";
import path from "node:path";
import type { CatalogGroup, Column } from "./catalog";

export const RUN_DIR_ENV = "ARCHGRID_E2E_DIR";
export const PORT_ENV = "ARCHGRID_E2E_PORT";

export interface PushedImage {
  /** Repository path inside the registry. */
  repo: string;
  /** "127.0.0.1:PORT/<repo>", as a user types it into the add form. */
  reference: string;
  tags: Array<{ tag: string; digest: string; mediaType: string; platforms: string[] }>;
  missing: Column[];
}

export interface E2EState {
  /** "127.0.0.1:PORT" of the Distribution registry. */
  registryHost: string;
  registryUrl: string;
  baseURL: string;
  databaseUrl: string;
  images: Record<CatalogGroup, PushedImage[]>;
}

export function runDir(): string {
  const dir = process.env[RUN_DIR_ENV];
  if (dir === undefined || dir === "") throw new Error(`${RUN_DIR_ENV} is not set: run the e2e tests through playwright.config.ts`);
  return dir;
}

export function statePath(dir = runDir()): string {
  return path.join(dir, "state.json");
}

let cached: E2EState | undefined;

/** What the e2e server pushed. Only inside tests and hooks: spec files are also loaded before the web server starts. */
export function e2eState(): E2EState {
  cached ??= JSON.parse(fs.readFileSync(statePath(), "utf8")) as E2EState;
  return cached;
}

/** The images of one spec's group. */
export function imagesOf(group: CatalogGroup): PushedImage[] {
  return e2eState().images[group];
}
