// A scan's progress stays right and visible while it runs, now that a repository's job is
// finished (and the next one marked running) in the repository's one closing transaction: every
// repository shows as running while it is scanned, no more run at once than the engine allows,
// the counters only grow, and they end right, a failed repository included. Real registry (slowed
// by the fault proxy so that polls see each repository in flight), real database.
import { expect, it } from "vitest";
import { useScanRegistry } from "../../test/support/scan-registry";
import { pushImage } from "../../e2e/fixtures/pusher";

const rig = useScanRegistry();

it("shows each repository running while it is scanned, at most `repositoryConcurrency` at once, and counts every one once", async () => {
  const { addRepository } = await import("../watch");
  const { ScanEngine } = await import("./engine");
  const { listScanRepositories } = await import("../queries");
  const names = Array.from({ length: 6 }, (_, i) => `progress/app${i}`);
  for (const n of names) await pushImage({ url: rig.registry.url }, n, "latest", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], seed: n });
  // Never pushed: its scan fails with the registry's own error, and counts as failed.
  const ids = [];
  for (const n of [...names, "progress/ghost"]) ids.push((await addRepository({ reference: `${rig.proxy.host}/${n}` })).id);
  rig.proxy.setRules([{ name: "slow", method: "GET", path: /\/manifests\//, delayMs: 400 }]);

  const engine = new ScanEngine({ repositoryConcurrency: 2 });
  const scan = await engine.start(ids);
  const seenRunning = new Set<string>();
  let maxRunning = 0;
  let lastDone = 0;
  for (;;) {
    const { scan: now, repositories } = await listScanRepositories(scan.id);
    const running = repositories.filter((r) => r.outcome === "running");
    for (const r of running) seenRunning.add(r.repositoryId);
    maxRunning = Math.max(maxRunning, running.length);
    expect(now.done).toBeGreaterThanOrEqual(lastDone);
    lastDone = now.done;
    if (now.status !== "queued" && now.status !== "running") break;
    await new Promise((r) => setTimeout(r, 40));
  }
  expect([...seenRunning].sort()).toEqual([...ids].sort());
  expect(maxRunning).toBeLessThanOrEqual(2);

  const { scan: end, repositories } = await listScanRepositories(scan.id);
  expect(end).toMatchObject({ status: "partial", total: 7, done: 7, failed: 1 });
  expect(repositories.map((r) => r.outcome).sort()).toEqual(["failed", "ok", "ok", "ok", "ok", "ok", "ok"]);
  for (const r of repositories) {
    expect(r.startedAt).not.toBeNull();
    expect(Date.parse(r.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(r.startedAt!));
  }
  // A job is finished in the transaction that marks its slot's next job running: each row gets its
  // own values (finishJobStatements), the failed one its error.
  const { prisma } = await import("../db");
  const jobs = await prisma.scanJob.findMany({ where: { scanId: scan.id }, select: { repositoryId: true, status: true, tagsTotal: true, tagsDone: true, requests: true, errorCode: true, errorMessage: true } });
  const ghost = ids[ids.length - 1];
  for (const j of jobs) {
    if (j.repositoryId === ghost) {
      expect(j).toMatchObject({ status: "failed", tagsTotal: 1, tagsDone: 0, errorCode: expect.stringMatching(/not-found/) });
      expect(j.errorMessage).toBeTruthy();
    } else {
      expect(j).toMatchObject({ status: "succeeded", tagsTotal: 1, tagsDone: 1, errorCode: null, errorMessage: null });
    }
    expect(j.requests).toBeGreaterThanOrEqual(1);
  }
}, 90_000);
