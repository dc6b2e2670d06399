// GET /api/coverage reads its cache key (matrix fingerprint, base images, gap policy) in one
// statement and keeps the full gap policy between requests: every write that changes an answer
// must still change the key at once, and a waiver passing its expiry must too. Runs on SQLite,
// and on PostgreSQL with ARCHGRID_TEST_PG_URL.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { loadGapPolicy } from "./waivers";
import { readCoverageStamps } from "./stamps";

let repositoryId = "";
const key = async (now?: number) => {
  const s = await readCoverageStamps(now);
  return `${s.fingerprint}|${s.bases}|${s.policy.stamp}`;
};

beforeAll(async () => {
  const registryId = (await prisma.registry.create({ data: { host: "stamps.example" } })).id;
  repositoryId = (await prisma.repository.create({ data: { registryId, name: "team/app", reference: "stamps.example/team/app", tagPolicy: '{"kind":"tags","tags":["latest"]}', status: "ok" } })).id;
});

describe("coverage stamps", () => {
  it("move with every kind of write that changes an answer", async () => {
    const k0 = await key();
    expect(await key()).toBe(k0);
    await prisma.baseImage.create({ data: { key: "debian:12", reference: "debian:12" } });
    const k1 = await key();
    expect(k1).not.toBe(k0);
    const w = await prisma.waiver.create({ data: { repositoryId, column: "arm64", reason: "no arm runners" } });
    const k2 = await key();
    expect(k2).not.toBe(k1);
    expect((await readCoverageStamps()).policy.waivers.get(repositoryId)?.map((x) => x.reason)).toEqual(["no arm runners"]);
    await prisma.waiver.update({ where: { id: w.id }, data: { reason: "later" } });
    const k3 = await key();
    expect(k3).not.toBe(k2);
    expect((await readCoverageStamps()).policy.waivers.get(repositoryId)?.map((x) => x.reason)).toEqual(["later"]);
    await prisma.setting.upsert({ where: { id: "org" }, create: { id: "org", requiredColumns: '["amd64"]' }, update: { requiredColumns: '["amd64"]' } });
    expect((await readCoverageStamps()).policy.required).toEqual(["amd64"]);
    await prisma.waiver.delete({ where: { id: w.id } });
    expect((await readCoverageStamps()).policy.waivers.size).toBe(0);
    await prisma.repository.update({ where: { id: repositoryId }, data: { status: "error" } });
    expect((await readCoverageStamps()).fingerprint).not.toBe(k3.split("|")[0]);
  });

  it("judges a kept policy's expiries at the request's time, as loadGapPolicy would", async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    await prisma.waiver.create({ data: { repositoryId, column: "s390x", reason: "soon", expiresAt } });
    const before = await readCoverageStamps(expiresAt.getTime() - 1);
    const after = await readCoverageStamps(expiresAt.getTime() + 1);
    expect(after.policy.stamp).not.toBe(before.policy.stamp);
    expect(after.policy.stamp).toBe((await loadGapPolicy(expiresAt.getTime() + 1)).stamp);
    expect(after.policy.now).toBe(expiresAt.getTime() + 1);
  });
});
