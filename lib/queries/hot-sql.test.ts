// The scan's hot path (hot-sql.ts) writes past Prisma: what it stores must be exactly what
// Prisma's own model queries store and read back (dates, booleans, integers, nulls), and its
// transactions must be all or nothing. Runs on SQLite, and on PostgreSQL with ARCHGRID_TEST_PG_URL.
import { beforeAll, expect, it } from "vitest";
import { prisma } from "../db";
import { createRepository, setRepositoryResult } from "./repositories";
import { getStoredTags, saveTagSnapshots } from "./tags";
import { hotAll, hotRun, hotStats, sql } from "./hot-sql";
import { newId } from "./ids";

// Prisma stores DateTimes in UTC whatever the zone; a driver left to bind a Date itself (pg) uses
// the process's local time. A zone east of UTC makes any such slip show (this file runs in its own
// worker process, so the setting stays here).
process.env.TZ = "Asia/Kolkata";

let repositoryId: string;

beforeAll(async () => {
  repositoryId = (await createRepository({ registry: "hot.test", name: "app", reference: "hot.test/app", tagPolicy: { kind: "tags", tags: ["latest"] } })).id;
});

const onPostgres = Boolean(process.env.ARCHGRID_TEST_PG_URL);

it("takes the direct path (past Prisma's client) on both databases", async () => {
  const before = { ...hotStats };
  await hotAll(sql`SELECT "id" FROM "Repository" WHERE "id" = ${repositoryId}`);
  await hotRun([sql`UPDATE "Repository" SET "updatedAt" = ${new Date()} WHERE "id" = ${repositoryId}`], true);
  expect(hotStats.direct).toBe(before.direct + 2);
  expect(hotStats.prisma).toBe(before.prisma);
});

it("stores a DateTime, a Boolean and an Int as Prisma does: the same stored text, the same values read back", async () => {
  // An instant with milliseconds, written once by a Prisma model query and once by the hot path.
  const at = new Date("2026-03-04T05:06:07.089Z");
  const byPrisma = await prisma.tag.create({ data: { repositoryId, name: "by-prisma", digest: "sha256:a", configsVerified: true, skipped: 3, checkedAt: at } });
  const hotId = newId();
  await hotRun([sql`INSERT INTO "Tag" ("id", "repositoryId", "name", "digest", "configsVerified", "skipped", "checkedAt", "createdAt") VALUES (${hotId}, ${repositoryId}, ${"by-hot-path"}, ${"sha256:a"}, ${true}, ${3}, ${at}, ${byPrisma.createdAt})`], false);

  const text = (id: string) =>
    prisma.$queryRawUnsafe<Array<{ c: string; v: string; s: string }>>(
      onPostgres
        ? `SELECT CAST("checkedAt" AS TEXT) AS c, CAST("configsVerified" AS TEXT) AS v, CAST("skipped" AS TEXT) AS s FROM "Tag" WHERE "id" = $1`
        : `SELECT CAST("checkedAt" AS TEXT) AS c, CAST("configsVerified" AS TEXT) AS v, CAST("skipped" AS TEXT) AS s FROM "Tag" WHERE "id" = ?`,
      id,
    );
  expect(await text(hotId)).toEqual(await text(byPrisma.id));

  const read = await prisma.tag.findUniqueOrThrow({ where: { id: hotId } });
  expect(read.checkedAt?.toISOString()).toBe(at.toISOString());
  expect(read.configsVerified).toBe(true);
  expect(read.skipped).toBe(3);
  expect(read.errorCode).toBeNull();
  // Prisma's range filters compare stored values: the hot path's row sorts with Prisma's.
  const inRange = await prisma.tag.findMany({ where: { repositoryId, checkedAt: { gte: at, lt: new Date(at.getTime() + 1) } }, select: { name: true }, orderBy: { name: "asc" } });
  expect(inRange.map((t) => t.name)).toEqual(["by-hot-path", "by-prisma"]);
  await prisma.tag.deleteMany({ where: { repositoryId } });
});

it("a scan's writes read back through Prisma's models: snapshot, event and repository status", async () => {
  const before = Date.now();
  const [r] = await saveTagSnapshots(repositoryId, [
    {
      name: "latest",
      snap: { digest: "sha256:b", mediaType: "application/vnd.oci.image.index.v1+json", configsVerified: false, skipped: 0, resolutionRules: 2, platforms: [{ platform: { os: "linux", architecture: "arm", variant: "v7" }, raw: { os: "linux", architecture: "arm", variant: "v7" }, size: 1234 }] },
      context: { previousNewest: ["linux/amd64"], flagNewTagRegressions: true },
    },
  ]);
  expect(r).toEqual({ changed: true, event: true });
  await setRepositoryResult(repositoryId, { ok: false, code: "timeout", message: "registry did not answer" });

  const tag = await prisma.tag.findFirstOrThrow({ where: { repositoryId, name: "latest" }, include: { platforms: true } });
  expect(tag.configsVerified).toBe(false);
  expect(tag.resolutionRules).toBe(2);
  expect(tag.checkedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
  expect(tag.platforms.map((p) => [p.os, p.architecture, p.variant, p.size, p.osVersion])).toEqual([["linux", "arm", "v7", 1234, null]]);
  const event = await prisma.changeEvent.findFirstOrThrow({ where: { repositoryId, tag: "latest" } });
  expect({ kind: event.kind, added: JSON.parse(event.added), removed: JSON.parse(event.removed), regression: event.regression }).toEqual({
    kind: "new-tag",
    added: ["linux/arm/v7"],
    removed: ["linux/amd64"],
    regression: true,
  });
  const repo = await prisma.repository.findUniqueOrThrow({ where: { id: repositoryId } });
  expect([repo.status, repo.errorCode, repo.errorMessage]).toEqual(["error", "timeout", "registry did not answer"]);
  expect(repo.lastScannedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
  // And the hot path reads what it wrote (getStoredTags is on it).
  const stored = (await getStoredTags(repositoryId)).get("latest");
  expect(stored && { digest: stored.digest, keys: stored.platformKeys, rules: stored.resolutionRules, verified: stored.configsVerified }).toEqual({ digest: "sha256:b", keys: ["linux/arm/v7"], rules: 2, verified: false });
  expect(stored!.createdAt.getTime()).toBe(tag.createdAt.getTime());
  await prisma.tag.deleteMany({ where: { repositoryId } });
  await prisma.changeEvent.deleteMany({ where: { repositoryId } });
});

it("a transaction is all or nothing: a failing statement undoes the ones before it, and the next one runs", async () => {
  await setRepositoryResult(repositoryId, { ok: true });
  const dup = newId();
  await hotRun([sql`INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES (${dup}, ${repositoryId}, ${"first"}, ${new Date()})`], false);
  const failing = hotRun(
    [
      sql`UPDATE "Repository" SET "status" = 'error', "errorCode" = 'x' WHERE "id" = ${repositoryId}`,
      sql`INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES (${newId()}, ${repositoryId}, ${"second"}, ${new Date()})`,
      // The same primary key again: a unique violation on both databases.
      sql`INSERT INTO "Tag" ("id", "repositoryId", "name", "createdAt") VALUES (${dup}, ${repositoryId}, ${"third"}, ${new Date()})`,
    ],
    true,
  );
  await expect(failing).rejects.toThrow();
  expect((await prisma.repository.findUniqueOrThrow({ where: { id: repositoryId } })).status).toBe("ok");
  expect((await prisma.tag.findMany({ where: { repositoryId }, select: { name: true } })).map((t) => t.name)).toEqual(["first"]);
  // Not left inside a transaction: the next one commits.
  await hotRun([sql`UPDATE "Tag" SET "digest" = ${"sha256:c"} WHERE "id" = ${dup}`, sql`UPDATE "Repository" SET "errorCode" = ${"after"} WHERE "id" = ${repositoryId}`], true);
  expect((await prisma.tag.findUniqueOrThrow({ where: { id: dup } })).digest).toBe("sha256:c");
  expect((await prisma.repository.findUniqueOrThrow({ where: { id: repositoryId } })).errorCode).toBe("after");
  await prisma.tag.deleteMany({ where: { repositoryId } });
});
