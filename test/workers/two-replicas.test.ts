// Two app replicas (`npm start` twice, one PostgreSQL) behind a round-robin proxy behave as one:
// a repository added through one is scanned by the other's worker, progress and coverage read
// through either are the same, and a rescan through one changes what the other serves (no stale
// in-memory coverage). Needs a production build (`npx next build`). PostgreSQL only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import { onPostgres } from "../support/pg-admin";
import { startRoundRobinProxy, type RoundRobinProxy } from "../support/round-robin-proxy";
import { linux } from "../support/worker-rig";
import { assertProductionBuild, startServer, stopServer, type Server } from "../crash/server";

type Scan = { id: string; status: string; total: number; done: number; failed: number };

let registry: RunningRegistry;
let lb: RoundRobinProxy;
const replicas: Server[] = [];
let dir: string;

beforeAll(async () => {
  if (!onPostgres) return;
  assertProductionBuild();
  registry = await startRegistry();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-replicas-"));
  const env = { DATABASE_URL: process.env.DATABASE_URL!, ARCHGRID_INSECURE_REGISTRIES: registry.host, ARCHGRID_SCAN_INTERVAL_MINUTES: "0" };
  // Replica 0 only serves (ARCHGRID_WORKERS=0); replica 1 also runs the in-process worker.
  const ports = [await freePort(), await freePort()];
  replicas.push(await startServer({ port: ports[0], env: { ...env, ARCHGRID_WORKERS: "0" }, logFile: path.join(dir, "replica0.log") }));
  replicas.push(await startServer({ port: ports[1], env: { ...env, ARCHGRID_WORKERS: "1" }, logFile: path.join(dir, "replica1.log") }));
  lb = await startRoundRobinProxy(replicas.map((r) => r.url));
}, 240_000);

afterAll(async () => {
  await lb?.stop();
  for (const r of replicas) await stopServer(r).catch(() => undefined);
  await registry?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call<T>(base: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(base + route, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Scans through the balancer and polls it (so both replicas answer in turn) until the scan ends. */
async function scanThroughBalancer(ids: string[]): Promise<{ end: Scan; seen: Scan[] }> {
  const { scan } = await call<{ scan: Scan }>(lb.url, "POST", "/api/scans", { repositoryIds: ids });
  const seen: Scan[] = [];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const now = (await call<{ scan: Scan }>(lb.url, "GET", `/api/scans/${scan.id}`)).scan;
    seen.push(now);
    if (now.status !== "queued" && now.status !== "running") return { end: now, seen };
    if (Date.now() > deadline) throw new Error(`scan ${scan.id} still ${now.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it.skipIf(!onPostgres)("two replicas behind a round-robin balancer answer as one", async () => {
  const reg = { url: registry.url };
  const names = ["rr/app0", "rr/app1", "rr/app2"];
  for (const n of names) await pushImage(reg, n, "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")] });
  const ids: string[] = [];
  for (const n of names) ids.push((await call<{ repository: { id: string } }>(lb.url, "POST", "/api/repositories", { reference: `${registry.host}/${n}` })).repository.id);

  const first = await scanThroughBalancer(ids);
  expect(first.end).toMatchObject({ status: "succeeded", total: 3, done: 3, failed: 0 });
  // Progress never went backwards, whichever replica answered.
  for (let i = 1; i < first.seen.length; i++) expect(first.seen[i].done).toBeGreaterThanOrEqual(first.seen[i - 1].done);

  // The same answers from each replica directly: the scan, the repository list, the coverage.
  const [a, b] = replicas.map((r) => r.url);
  for (const route of [`/api/scans/${first.end.id}`, "/api/repositories", "/api/coverage"]) {
    expect(await call(a, "GET", route)).toEqual(await call(b, "GET", route));
  }
  const cov = await call<{ repositories: Array<{ reference: string; missing: string[] }> }>(a, "GET", "/api/coverage");
  expect(cov.repositories.map((r) => r.missing)).toEqual(names.map(() => ["arm", "ppc64le", "s390x"]));

  // Both replicas have read (and cached) that coverage; a rescan after the images gain s390x must
  // show through each of them, not only through the one that handled the scan request.
  for (const n of names) await pushImage(reg, n, "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64"), linux("s390x")], seed: "v2" });
  const second = await scanThroughBalancer(ids);
  expect(second.end.status).toBe("succeeded");
  for (const base of [a, b]) {
    const now = await call<{ repositories: Array<{ missing: string[] }> }>(base, "GET", "/api/coverage");
    expect(now.repositories.map((r) => r.missing)).toEqual(names.map(() => ["arm", "ppc64le"]));
  }
  // The pages render through either replica.
  for (const base of [a, b]) expect((await fetch(`${base}/`)).status).toBe(200);
  expect(new Set(lb.served())).toEqual(new Set([0, 1]));
}, 240_000);
