// One request budget per registry host across every worker: two `npm run worker` processes scan
// one registry with ARCHGRID_REGISTRY_RATE=20, and the registry (behind a proxy that notes each
// request's arrival) never sees more than the rate plus one burst in any second, however the
// repositories were split between the two. PostgreSQL only (ARCHGRID_TEST_PG_URL).
import { expect, it } from "vitest";
import { onPostgres } from "../support/pg-admin";
import { startStampProxy } from "../support/stamp-proxy";
import { linux, repoNames, useWorkerRig } from "../support/worker-rig";

const RATE = 20; // requests per second, burst = RATE
const REPOS = 16;
const TAGS = ["a", "b", "c", "d", "e"];

const rig = useWorkerRig({ proxy: startStampProxy, db: false });

/** Most requests that arrived within any window of `ms`. */
function busiest(stamps: number[], ms: number): number {
  const s = [...stamps].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i] - s[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

it.skipIf(!onPostgres)("two workers together stay within one registry's shared request rate", async () => {
  const { engine } = await import("../../lib/scan/engine");
  const { proxy } = rig;
  const ids = await rig.watch(repoNames("rate", REPOS), { tags: TAGS, platforms: [linux("amd64"), linux("arm64")], seed: (i, k) => `${i}-${k}` });
  const workers = await rig.startWorkers(2, { ARCHGRID_WORKER_CONCURRENCY: "4", ARCHGRID_REGISTRY_RATE: String(RATE) });

  const scan = await engine().start(ids);
  const end = await engine().wait(scan.id);
  expect(end.status).toBe("succeeded");

  const stamps = proxy.stamps(/^\/v2\//);
  const spanMs = Math.max(...stamps) - Math.min(...stamps);
  const peak = busiest(stamps, 1_000);
  console.log(`[workers] ${stamps.length} registry requests in ${spanMs} ms (${((stamps.length * 1000) / spanMs).toFixed(1)}/s), busiest second ${peak}; shared rate ${RATE}/s, burst ${RATE}`);
  // Both workers took part: each logged repositories it scanned.
  for (const w of workers) expect(w.output()).toMatch(/repository \S+ done in/);
  expect(stamps.length).toBeGreaterThanOrEqual(REPOS * TAGS.length);
  // Never more than one burst plus one second's rate in any second. Slots are handed out on the
  // database's clock; a request reaches the registry a little later (event loop, semaphore, a
  // loaded machine), so allow a quarter second of that drift: 45, where per-process buckets give ~80.
  expect(peak).toBeLessThanOrEqual(RATE + RATE * 1.25);
  // ... and the whole scan took as long as the shared budget demands (10% slack for clock reads).
  expect(spanMs).toBeGreaterThanOrEqual((((stamps.length - RATE) / RATE) * 1000) * 0.9);
}, 180_000);
