// The queue workers' steps (scan-jobs.ts) on PostgreSQL, where pg-boss may deliver a job twice:
// a job is taken only while its scan is open, counted into its scan once however often it is
// finished, and a cancel is seen by the workers' poll. PostgreSQL only (ARCHGRID_TEST_PG_URL):
// finishScanJobOnce is a PostgreSQL statement, and the workers run only there.
import { beforeAll, expect, it } from "vitest";
import { prisma } from "../db";
import { createRepository } from "./repositories";
import { createScan, getScan, pendingJobs } from "./scans";
import { cancelScanEverywhere, claimScanJob, finishScanJobOnce, isScanStopping } from "./scan-jobs";

const onPostgres = Boolean(process.env.ARCHGRID_TEST_PG_URL);
const ids: string[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  for (const name of ["a", "b", "c"]) ids.push((await createRepository({ registry: "jobs.test", name, reference: `jobs.test/${name}`, tagPolicy: { kind: "tags", tags: ["latest"] } })).id);
});

const ok = { ok: true, tagsTotal: 1, tagsDone: 1, requests: 1 };

it.skipIf(!onPostgres)("claims an open job once the scan runs, counts it once however often it is finished, and completes the scan with its last job", async () => {
  const scan = await createScan(ids.slice(0, 2), "manual");
  const [j1, j2] = await pendingJobs(scan.id);
  expect(await claimScanJob(scan.id, j1.id)).toBe("run");
  expect((await getScan(scan.id)).status).toBe("running");
  // A second delivery of a job still running takes it again (its worker died).
  expect(await claimScanJob(scan.id, j1.id)).toBe("run");

  expect(await finishScanJobOnce(scan.id, j1.id, ok)).toEqual({ counted: true, complete: false });
  expect(await finishScanJobOnce(scan.id, j1.id, { ...ok, ok: false })).toEqual({ counted: false, complete: false });
  expect(await claimScanJob(scan.id, j1.id)).toBe("finished");
  expect(await getScan(scan.id)).toMatchObject({ done: 1, failed: 0 });

  // Two deliveries finishing the same job at the same moment: still counted once.
  expect(await claimScanJob(scan.id, j2.id)).toBe("run");
  const both = await Promise.all([finishScanJobOnce(scan.id, j2.id, ok), finishScanJobOnce(scan.id, j2.id, ok)]);
  expect(both.map((b) => b.counted).sort()).toEqual([false, true]);
  expect(both.every((b) => b.complete)).toBe(true);
  expect(await getScan(scan.id)).toMatchObject({ done: 2, failed: 0, total: 2 });
});

it.skipIf(!onPostgres)("a cancelled scan's jobs are not taken, and the workers' poll sees the cancel", async () => {
  const scan = await createScan(ids, "manual");
  const [j1, j2] = await pendingJobs(scan.id);
  expect(await claimScanJob(scan.id, j1.id)).toBe("run");
  expect(await isScanStopping(scan.id)).toBe(false);
  await cancelScanEverywhere(scan.id);
  expect(await isScanStopping(scan.id)).toBe(true);
  // j2 was queued: cancelled at once, never run.
  expect(await claimScanJob(scan.id, j2.id)).toBe("finished");
  await finishScanJobOnce(scan.id, j1.id, ok);
  const ended = await createScan(ids.slice(0, 1), "manual");
  const [j3] = await pendingJobs(ended.id);
  await cancelScanEverywhere(ended.id);
  expect(await claimScanJob(ended.id, j3.id)).toBe("scan-over");
  // A scan that ended with a job still open (a sweep, a crash): that job is not taken either.
  const swept = await createScan(ids.slice(0, 1), "manual");
  const [j4] = await pendingJobs(swept.id);
  await prisma.scan.update({ where: { id: swept.id }, data: { status: "interrupted" } });
  expect(await claimScanJob(swept.id, j4.id)).toBe("scan-over");
  expect((await prisma.scanJob.findUniqueOrThrow({ where: { id: j4.id } })).status).toBe("queued");
});
