// The in-memory coverage matrix against a real migrated SQLite file: after a write only the
// repositories written since are read again, and anything that leaves no timestamp behind
// (a deleted tag or repository) falls back to a full read, never to a stale answer.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { loadMatrix, setMatrixChunkForTests } from "./matrix";

const at = (s: string) => new Date(`2026-11-01T00:00:${s}.000Z`);
let registryId = "";

async function addRepository(name: string, platforms: string[], when = at("01")): Promise<string> {
  const repo = await prisma.repository.create({
    data: { registryId, name, reference: `reg.example/${name}`, tagPolicy: '{"kind":"tags","tags":["latest"]}', status: "ok", updatedAt: when },
  });
  await prisma.tag.create({
    data: {
      repositoryId: repo.id,
      name: "latest",
      digest: `sha256:${"a".repeat(64)}`,
      checkedAt: when,
      platforms: { create: platforms.map((architecture) => ({ os: "linux", architecture, rawOs: "linux", rawArchitecture: architecture })) },
    },
  });
  return repo.id;
}

const archs = async (id: string) => (await loadMatrix()).byId.get(id)?.tags[0]?.platforms.map((p) => p.architecture).sort();

describe("loadMatrix", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    registryId = (await prisma.registry.create({ data: { host: "reg.example" } })).id;
    for (const [i, name] of ["a", "b", "c"].entries()) ids[name] = await addRepository(`team/${name}`, ["amd64"], at(`0${i + 1}`));
  });

  it("re-reads only the repository a scan wrote, keeping the others' objects", async () => {
    const before = await loadMatrix();
    expect(before.repositories.map((r) => r.name)).toEqual(["team/a", "team/b", "team/c"]);
    expect(await loadMatrix()).toBe(before); // nothing written: the same snapshot

    // What a scan does to b's tag: new platform set, checkedAt moved, in one transaction.
    const tag = await prisma.tag.findFirstOrThrow({ where: { repositoryId: ids.b } });
    await prisma.$transaction([
      prisma.tagPlatform.deleteMany({ where: { tagId: tag.id } }),
      prisma.tagPlatform.createMany({ data: ["amd64", "arm64"].map((architecture) => ({ tagId: tag.id, os: "linux", architecture, rawOs: "linux", rawArchitecture: architecture })) }),
      prisma.tag.update({ where: { id: tag.id }, data: { checkedAt: new Date() } }),
    ]);
    const after = await loadMatrix();
    expect(after.increments).toBe(before.increments + 1);
    // a was written before the last read: kept. (c, written at the newest timestamp that read
    // saw, is read again: the bound is inclusive so a same-millisecond write is never missed.)
    expect(after.byId.get(ids.a)).toBe(before.byId.get(ids.a));
    expect(after.byId.get(ids.b)).not.toBe(before.byId.get(ids.b));
    expect(await archs(ids.b)).toEqual(["amd64", "arm64"]);
  });

  it("places a new repository in reference order", async () => {
    ids.ab = await addRepository("team/ab", ["s390x"], new Date());
    const m = await loadMatrix();
    expect(m.increments).toBeGreaterThan(0);
    expect(m.repositories.map((r) => r.name)).toEqual(["team/a", "team/ab", "team/b", "team/c"]);
    expect(await archs(ids.ab)).toEqual(["s390x"]);
  });

  it("reads everything again when a deletion left no timestamp behind", async () => {
    // A platform row removed behind the matrix's back: no timestamp moves, only a count.
    const tag = await prisma.tag.findFirstOrThrow({ where: { repositoryId: ids.b } });
    await prisma.$executeRaw`DELETE FROM "TagPlatform" WHERE "tagId" = ${tag.id} AND "architecture" = 'arm64'`;
    const m = await loadMatrix();
    expect(m.increments).toBe(0); // a full read
    expect(await archs(ids.b)).toEqual(["amd64"]);

    await prisma.repository.delete({ where: { id: ids.c } });
    const gone = await loadMatrix();
    expect(gone.byId.has(ids.c)).toBe(false);
    expect(gone.repositories.map((r) => r.name)).toEqual(["team/a", "team/ab", "team/b"]);
  });
});

describe("loadMatrix with many rows at one timestamp (a bulk add, a seeded database)", () => {
  // Old enough that no write can still be stamped in that millisecond.
  const tie = new Date(Date.now() - 60_000);

  it("re-reads only what moved, not every repository sharing the newest timestamp", async () => {
    const ids: string[] = [];
    for (const name of ["tie/a", "tie/b", "tie/c", "tie/d"]) ids.push(await addRepository(name, ["amd64"], tie));
    // Every row, older ones included, at the tie: it is each table's newest timestamp.
    await prisma.$executeRaw`UPDATE "Repository" SET "updatedAt" = ${tie}`;
    await prisma.$executeRaw`UPDATE "Tag" SET "checkedAt" = ${tie}`;
    const before = await loadMatrix();
    expect(await loadMatrix()).toBe(before);

    const tag = await prisma.tag.findFirstOrThrow({ where: { repositoryId: ids[1] } });
    await prisma.tag.update({ where: { id: tag.id }, data: { checkedAt: new Date() } });
    const after = await loadMatrix();
    expect(after.increments).toBe(before.increments + 1);
    expect(after.byId.get(ids[1])).not.toBe(before.byId.get(ids[1]));
    for (const id of [ids[0], ids[2], ids[3]]) expect(after.byId.get(id)).toBe(before.byId.get(id));
  });

  it("still sees a repository added late with exactly the newest timestamp it saw", async () => {
    // Stamped at the old mark, committed after the read: not newer than the mark, but the row
    // counts moved, so the matrix is read in full rather than answered without it.
    const late = await addRepository("tie/late", ["arm64"], tie);
    const after = await loadMatrix();
    expect(after.increments).toBe(0);
    expect(await archs(late)).toEqual(["arm64"]);
  });

  it("re-reads rows at a recent mark: a same-millisecond write may have followed the read", async () => {
    const now = new Date();
    const id = await addRepository("tie/hot", ["amd64"], now);
    const before = await loadMatrix();
    // Same stamp as the mark the read saw, written after it: only `>=` on a recent mark finds it.
    const tag = await prisma.tag.findFirstOrThrow({ where: { repositoryId: id } });
    await prisma.tagPlatform.create({ data: { tagId: tag.id, os: "linux", architecture: "s390x", rawOs: "linux", rawArchitecture: "s390x" } });
    await prisma.tag.update({ where: { id: tag.id }, data: { checkedAt: now } });
    const after = await loadMatrix();
    expect(after.increments).toBe(before.increments + 1);
    expect(await archs(id)).toEqual(["amd64", "s390x"]);
  });
});

describe("a full read in chunks of repositories", () => {
  it("gives every repository once, in reference order, with its tags and platforms", async () => {
    const all = await prisma.repository.findMany({ select: { id: true, reference: true }, orderBy: { reference: "asc" } });
    expect(all.length).toBeGreaterThan(5);
    setMatrixChunkForTests(2);
    try {
      // A deletion leaves no timestamp: the next read is a full one.
      await prisma.repository.delete({ where: { id: all[0].id } });
      const m = await loadMatrix();
      expect(m.increments).toBe(0);
      expect(m.repositories.map((r) => r.reference)).toEqual(all.slice(1).map((r) => r.reference));
      const platforms = await prisma.tagPlatform.count();
      expect(m.repositories.reduce((n, r) => n + r.tags.reduce((k, t) => k + t.platforms.length, 0), 0)).toBe(platforms);
    } finally {
      setMatrixChunkForTests(1_000);
    }
  });
});
