// createScan's rows (written with plain SQL, as Prisma wrote them), and finishJobStatements with
// the slot's next job: one transaction finishes one job and marks the next running. Each row gets
// its own values, on SQLite and on PostgreSQL (ARCHGRID_TEST_PG_URL) alike.
import { beforeAll, expect, it } from "vitest";
import { prisma } from "../db";
import { hotRun } from "./hot-sql";
import { createRepository } from "./repositories";
import { createScan, finishJobStatements, getScan, pendingJobs } from "./scans";

const ids: string[] = [];

beforeAll(async () => {
  for (const name of ["a", "b", "c"]) ids.push((await createRepository({ registry: "finish.test", name, reference: `finish.test/${name}`, tagPolicy: { kind: "tags", tags: ["latest"] } })).id);
});

const job = (id: string) =>
  prisma.scanJob.findUniqueOrThrow({ where: { id }, select: { status: true, tagsTotal: true, tagsDone: true, requests: true, errorCode: true, errorMessage: true, startedAt: true, finishedAt: true } });

it("finishes a job and marks the next one running in one transaction, each row with its own values", async () => {
  const scan = await createScan(ids, "manual");
  // createScan writes the scan and its jobs on the hot path: as Prisma wrote them, all queued.
  expect(await getScan(scan.id)).toEqual({ ...scan, status: "queued", total: 3, done: 0, failed: 0 });
  expect(Math.abs(Date.parse(scan.createdAt ?? "") - Date.now())).toBeLessThan(60_000);
  const created = await prisma.scanJob.findMany({ where: { scanId: scan.id }, select: { repositoryId: true, status: true, startedAt: true, tagsTotal: true } });
  expect(created.map((j) => j.repositoryId).sort()).toEqual([...ids].sort());
  expect(created.every((j) => j.status === "queued" && j.startedAt === null && j.tagsTotal === 0)).toBe(true);
  const [j1, j2, j3] = await pendingJobs(scan.id);
  const statements = finishJobStatements(scan.id, j1.id, { ok: true, tagsTotal: 4, tagsDone: 3, requests: 5 }, j2.id);
  await hotRun(statements, true);
  const first = await job(j1.id);
  expect(first).toMatchObject({ status: "succeeded", tagsTotal: 4, tagsDone: 3, requests: 5, errorCode: null, errorMessage: null, startedAt: null });
  expect(first.finishedAt).toBeInstanceOf(Date);
  const second = await job(j2.id);
  expect(second).toMatchObject({ status: "running", tagsTotal: 0, tagsDone: 0, requests: 0, errorCode: null, finishedAt: null });
  expect(second.startedAt).toBeInstanceOf(Date);
  expect(Math.abs(second.startedAt!.getTime() - first.finishedAt!.getTime())).toBeLessThan(1000);

  // The next one fails: its error lands on its row, the third job only starts.
  await hotRun(finishJobStatements(scan.id, j2.id, { ok: false, tagsTotal: 1, tagsDone: 0, requests: 2, error: { code: "tag-not-found", message: "no such tag" } }, j3.id), true);
  expect(await job(j2.id)).toMatchObject({ status: "failed", tagsTotal: 1, tagsDone: 0, requests: 2, errorCode: "tag-not-found", errorMessage: "no such tag" });
  expect(await job(j3.id)).toMatchObject({ status: "running", errorCode: null, finishedAt: null });
  // A job's own start time is kept when it finishes.
  const startedAt = (await job(j2.id)).startedAt;
  expect(startedAt).toEqual(second.startedAt);

  await hotRun(finishJobStatements(scan.id, j3.id, { ok: true, tagsTotal: 1, tagsDone: 1, requests: 1 }), true);
  expect(await job(j3.id)).toMatchObject({ status: "succeeded", tagsDone: 1 });
  expect(await getScan(scan.id)).toMatchObject({ done: 3, failed: 1, total: 3 });
});
