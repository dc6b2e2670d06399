// One connection, one writer at a time: every task of the process shares one SQLite connection,
// so a statement that ran while another task's transaction was open would be part of that
// transaction — lost when it rolls back, visible before it commits. These tests open a real
// transaction on the shared client, hold it open, and let other tasks write and read meanwhile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, expect, it } from "vitest";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { prisma } from "../db";
import { PrismaClient } from "../generated/prisma/client";
import { directOf, oneWriter } from "../one-writer";
import { hotRun, sql } from "./hot-sql";
import { createRepository, getRepository, setRepositoryResult } from "./repositories";
import { getStoredTags, saveTagError, saveTagSnapshots } from "./tags";
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

// ---- The scan's hot path (hot-sql.ts) runs on the same connection, past Prisma: same rules. ----

it("keeps the hot path's writes (one statement, and a transaction) when a Prisma transaction open at the same time rolls back", async () => {
  const t = doomedTransaction((tx) => tx.tag.create({ data: { repositoryId: repoA, name: "doomed" } }));
  await t.open;
  const previous = undefined;
  const writes = Promise.all([
    setRepositoryResult(repoB, { ok: false, code: "hot-single", message: "one statement on the hot path" }),
    saveTagSnapshots(repoB, [{ name: "hot-tx", snap: { digest: "sha256:h", mediaType: "application/vnd.oci.image.index.v1+json", configsVerified: false, platforms: [] }, context: { previous, flagNewTagRegressions: false } }]),
  ]);
  await otherTasksRun();
  t.release();
  expect(await t.done).toBe("rolled back on purpose");
  await writes;
  expect([...(await getStoredTags(repoA)).keys()]).toEqual([]);
  expect((await getStoredTags(repoB)).get("hot-tx")?.digest).toBe("sha256:h");
  expect((await getRepository(repoB)).error?.code).toBe("hot-single");
});

it("with the crash test's trace and pauses, a Prisma write made while a hot-path transaction is open waits for it, and is not undone by its rollback", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "one-writer-hot-"));
  const file = process.env.DATABASE_URL!.slice("file:".length);
  const factory = oneWriter(new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 }), path.join(dir, "trace"), 40);
  const client = new PrismaClient({ adapter: factory });
  try {
    await client.$connect();
    const direct = directOf(factory)!;
    const at = new Date().toISOString();
    // Two writes with a 40 ms pause after each; the second fails (duplicate id): all rolled back.
    const doomed = direct.run(
      [
        { sql: `INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES (?, ?, ?, ?)`, args: ["hot-1", repoA, "hot-doomed", at] },
        { sql: `INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES (?, ?, ?, ?)`, args: ["hot-1", repoA, "hot-dup", at] },
      ],
      true,
    );
    await new Promise((r) => setTimeout(r, 10));
    const other = client.tag.create({ data: { repositoryId: repoB, name: "during-hot-tx" } });
    await expect(doomed).rejects.toThrow(/UNIQUE/);
    await other;
    const names = (await client.tag.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((t) => t.name);
    expect(names).toEqual(["during-hot-tx"]);
    const trace = fs.readFileSync(path.join(dir, "trace"), "utf8").trim().split("\n").map((l) => l.split(" ")[1]);
    expect(trace.slice(0, 3)).toEqual(["begin", "statement", "rollback"]);
  } finally {
    await client.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it("rolls back and frees the connection when the hot path's COMMIT fails", async () => {
  const failing = hotRun(
    [sql`PRAGMA defer_foreign_keys = ON`, sql`INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES ('orphan-hot', 'no-such-repository', 'x', ${new Date()})`],
    true,
  );
  await expect(failing).rejects.toThrow(/foreign ?key/i);
  await hotRun([sql`UPDATE "Repository" SET "errorCode" = 'after-hot-commit' WHERE "id" = ${repoB}`], true);
  expect((await getRepository(repoB)).error?.code).toBe("after-hot-commit");
  expect(await prisma.tag.count({ where: { id: "orphan-hot" } })).toBe(0);
});
