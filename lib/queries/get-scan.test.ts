// getScan reads the scan row with plain SQL (it is the progress poll); listScans still reads it
// through Prisma's model. The two must answer the same scan the same way at every stage: queued,
// running, counting, finished; dates to the millisecond. On SQLite and on PostgreSQL
// (ARCHGRID_TEST_PG_URL) alike.
import { beforeAll, expect, it } from "vitest";
import { NotFoundError } from "../errors";
import { hotRun } from "./hot-sql";
import { createRepository } from "./repositories";
import { createScan, finishJobStatements, finishScan, getScan, listScans, markScanRunning, pendingJobs } from "./scans";

const ids: string[] = [];

beforeAll(async () => {
  for (const name of ["one", "two"]) ids.push((await createRepository({ registry: "get-scan.test", name, reference: `get-scan.test/${name}`, tagPolicy: { kind: "tags", tags: ["latest"] } })).id);
});

/** The scan as Prisma's model read answers it. */
async function viaPrisma(id: string) {
  const found = (await listScans(100)).find((s) => s.id === id);
  if (!found) throw new Error(`listScans does not list ${id}`);
  return found;
}

it("answers what Prisma's model read answers, at every stage of a scan", async () => {
  const scan = await createScan(ids, "manual");
  expect(await getScan(scan.id)).toEqual(await viaPrisma(scan.id));

  await markScanRunning(scan.id);
  const running = await getScan(scan.id);
  expect(running.status).toBe("running");
  expect(running.startedAt).not.toBeNull();
  expect(running).toEqual(await viaPrisma(scan.id));

  const [j1, j2] = await pendingJobs(scan.id);
  await hotRun(finishJobStatements(scan.id, j1.id, { ok: false, tagsTotal: 1, tagsDone: 0, requests: 1, error: { code: "tag-not-found", message: "gone" } }, j2.id), true);
  const counting = await getScan(scan.id);
  expect(counting).toMatchObject({ done: 1, failed: 1, total: 2 });
  expect(counting).toEqual(await viaPrisma(scan.id));

  await hotRun(finishJobStatements(scan.id, j2.id, { ok: true, tagsTotal: 1, tagsDone: 1, requests: 1 }), true);
  const finished = await finishScan(scan.id);
  const read = await getScan(scan.id);
  expect(read).toEqual(await viaPrisma(scan.id));
  expect(read).toEqual(finished);
  expect(read.finishedAt).not.toBeNull();
  expect(Date.parse(read.finishedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(read.startedAt ?? ""));
  expect(typeof read.total).toBe("number");
});

it("says not found for an id that names no scan", async () => {
  await expect(getScan("no-such-scan")).rejects.toBeInstanceOf(NotFoundError);
});
