// One connection, one writer at a time: every task of the process shares one SQLite connection,
// so a statement that ran while another task's transaction was open would be part of that
// transaction — lost when it rolls back, visible before it commits. These tests open a real
// transaction on the shared client, hold it open, and let other tasks write and read meanwhile.
import { afterEach, beforeAll, expect, it } from "vitest";
import { prisma } from "../db";
import { createRepository, getRepository } from "./repositories";
import { getStoredTags, saveTagError } from "./tags";
import { createScan, getScan } from "./scans";

let repoA: string;
let repoB: string;

beforeAll(async () => {
  repoA = (await createRepository({ registry: "one-writer.test", name: "a", reference: "one-writer.test/a", tagPolicy: { kind: "tags", tags: ["latest"] } })).id;
  repoB = (await createRepository({ registry: "one-writer.test", name: "b", reference: "one-writer.test/b", tagPolicy: { kind: "tags", tags: ["latest"] } })).id;
});

afterEach(async () => {
  await prisma.tag.deleteMany({});
});

/** A transaction that writes, stays open until `release()` is called, then rolls back. */
function doomedTransaction(write: (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => Promise<unknown>) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  const done = prisma
    .$transaction(async (tx) => {
      await write(tx);
      opened();
      await released;
      throw new Error("rolled back on purpose");
    })
    .then(
      () => "committed",
      (e: Error) => e.message,
    );
  return { open, release, done };
}

/** Lets other tasks run for a while: timers, I/O and many microtask turns. */
const otherTasksRun = () => new Promise((r) => setTimeout(r, 50));

it("keeps another task's writes when a transaction open at the same time rolls back", async () => {
  const t = doomedTransaction((tx) => tx.tag.create({ data: { repositoryId: repoA, name: "doomed" } }));
  await t.open;
  // Three writes of other tasks, as the scan engine and the API make them, while the transaction is open.
  const writes = Promise.all([
    saveTagError(repoB, "latest", { code: "timeout", message: "registry did not answer" }),
    createRepository({ registry: "one-writer.test", name: "c", reference: "one-writer.test/c", tagPolicy: { kind: "tags", tags: ["latest"] } }),
    createScan([repoB], "manual"),
  ]);
  await otherTasksRun();
  t.release();
  expect(await t.done).toBe("rolled back on purpose");
  const [, repoC, scan] = await writes;
  // The doomed transaction's own row is gone; nothing of the other tasks is.
  expect([...(await getStoredTags(repoA)).keys()]).toEqual([]);
  expect((await getStoredTags(repoB)).get("latest")?.errorCode).toBe("timeout");
  expect((await getRepository(repoC.id)).reference).toBe("one-writer.test/c");
  expect((await getScan(scan.id)).total).toBe(1);
});

it("does not let another task read what an open transaction has not committed", async () => {
  const t = doomedTransaction((tx) => tx.tag.create({ data: { repositoryId: repoA, name: "uncommitted" } }));
  await t.open;
  const read = getStoredTags(repoA).then((tags) => [...tags.keys()]);
  await otherTasksRun();
  t.release();
  await t.done;
  expect(await read).toEqual([]);
});

it("lets a transaction's own statements through while it holds the connection (no self-deadlock)", async () => {
  const out = await prisma.$transaction(async (tx) => {
    await tx.tag.create({ data: { repositoryId: repoA, name: "mine" } });
    return tx.tag.count({ where: { repositoryId: repoA } });
  });
  expect(out).toBe(1);
  // And a statement right after it commits runs at once.
  expect([...(await getStoredTags(repoA)).keys()]).toEqual(["mine"]);
});

it("rolls back and frees the connection when COMMIT itself fails", async () => {
  // A deferred foreign key is checked at COMMIT: the only failure of COMMIT reproducible in one
  // process. SQLite then leaves the transaction open, and Prisma forgets it without a rollback.
  const failing = prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
    await tx.tag.create({ data: { repositoryId: repoA, name: "kept-back" } });
    await tx.$executeRaw`INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES ('orphan', 'no-such-repository', 'x', ${new Date()})`;
  });
  await expect(failing).rejects.toThrow(/foreign ?key/i);
  // Nothing of it was written, and the next statements neither hang nor join a leftover transaction.
  await saveTagError(repoB, "latest", { code: "after-failed-commit", message: "written after the failed commit" });
  const t = doomedTransaction((tx) => tx.tag.create({ data: { repositoryId: repoA, name: "doomed" } }));
  await t.open;
  t.release();
  await t.done;
  expect([...(await getStoredTags(repoA)).keys()]).toEqual([]);
  expect((await getStoredTags(repoB)).get("latest")?.errorCode).toBe("after-failed-commit");
});
