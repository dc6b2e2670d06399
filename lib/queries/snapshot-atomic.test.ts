// A tag's snapshot (its row, its platforms, its change event) is written all or nothing. A fault
// is injected between the statements with a real SQLite trigger that aborts one of them, on a
// Prisma-migrated database: whatever fails, the previous snapshot must stay whole.
import { afterEach, beforeAll, expect, it } from "vitest";
import { prisma } from "../db";
import type { ResolvedPlatform } from "../registry/types";
import { createRepository } from "./repositories";
import { getStoredTags, saveTagSnapshot, saveTagSnapshots } from "./tags";

const linux = (architecture: string): ResolvedPlatform => ({ platform: { os: "linux", architecture }, raw: { os: "linux", architecture } });
const OLD = { digest: `sha256:${"1".repeat(64)}`, mediaType: "application/vnd.oci.image.index.v1+json", configsVerified: false, platforms: ["amd64", "arm64", "s390x"].map(linux) };
const NEW = { ...OLD, digest: `sha256:${"2".repeat(64)}`, platforms: ["amd64", "riscv64"].map(linux) };

let repositoryId: string;

beforeAll(async () => {
  repositoryId = (await createRepository({ registry: "atomic.test", name: "app", reference: "atomic.test/app", tagPolicy: { kind: "tags", tags: ["latest"] } })).id;
});

afterEach(async () => {
  await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "injected_fault"`);
  await prisma.tag.deleteMany({});
  await prisma.changeEvent.deleteMany({});
});

async function storedOldSnapshot() {
  await saveTagSnapshot(repositoryId, "latest", OLD, { flagNewTagRegressions: false });
  return (await getStoredTags(repositoryId)).get("latest")!;
}

async function expectOldSnapshotWhole() {
  const t = (await getStoredTags(repositoryId)).get("latest");
  expect(t?.digest).toBe(OLD.digest);
  expect(t?.platformKeys).toEqual(["linux/amd64", "linux/arm64", "linux/s390x"]);
  const events = await prisma.changeEvent.findMany({ where: { repositoryId }, select: { kind: true } });
  expect(events.map((e) => e.kind)).toEqual(["new-tag"]);
}

it.each([
  // after the tag row was updated and its old platforms deleted
  ["inserting the new platforms", `BEFORE INSERT ON "TagPlatform" WHEN NEW."architecture" = 'riscv64'`],
  // after the tag row and its new platforms were written
  ["inserting the change event", `BEFORE INSERT ON "ChangeEvent" WHEN NEW."kind" = 'changed'`],
])("leaves the previous snapshot whole when %s fails", async (_what, when) => {
  const previous = await storedOldSnapshot();
  await prisma.$executeRawUnsafe(`CREATE TRIGGER "injected_fault" ${when} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
  await expect(saveTagSnapshot(repositoryId, "latest", NEW, { previous, flagNewTagRegressions: true })).rejects.toThrow();
  await expectOldSnapshotWhole();
});

it("writes the whole new snapshot and its event when nothing fails", async () => {
  const previous = await storedOldSnapshot();
  await saveTagSnapshot(repositoryId, "latest", NEW, { previous, flagNewTagRegressions: true });
  const t = (await getStoredTags(repositoryId)).get("latest");
  expect(t?.digest).toBe(NEW.digest);
  expect(t?.platformKeys).toEqual(["linux/amd64", "linux/riscv64"]);
  const changed = await prisma.changeEvent.findFirst({ where: { repositoryId, kind: "changed" } });
  expect(changed && { added: JSON.parse(changed.added), removed: JSON.parse(changed.removed), regression: changed.regression }).toEqual({
    added: ["linux/riscv64"],
    removed: ["linux/arm64", "linux/s390x"],
    regression: true,
  });
});

it("a batch of tags (how a scan writes a repository) is all or nothing: a fault on its last tag keeps every previous snapshot", async () => {
  const previous = await storedOldSnapshot();
  await prisma.$executeRawUnsafe(`CREATE TRIGGER "injected_fault" BEFORE INSERT ON "ChangeEvent" WHEN NEW."tag" = 'z-last' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
  const fresh = (name: string) => ({ name, snap: { ...NEW, digest: `sha256:${name.length.toString().repeat(64)}` }, context: { flagNewTagRegressions: false } });
  await expect(saveTagSnapshots(repositoryId, [{ name: "latest", snap: NEW, context: { previous, flagNewTagRegressions: true } }, fresh("a-new"), fresh("z-last")])).rejects.toThrow();
  await expectOldSnapshotWhole();
  expect([...(await getStoredTags(repositoryId)).keys()]).toEqual(["latest"]);

  await prisma.$executeRawUnsafe(`DROP TRIGGER "injected_fault"`);
  await saveTagSnapshots(repositoryId, [{ name: "latest", snap: NEW, context: { previous, flagNewTagRegressions: true } }, fresh("a-new"), fresh("z-last")]);
  const stored = await getStoredTags(repositoryId);
  expect([...stored.keys()].sort()).toEqual(["a-new", "latest", "z-last"]);
  expect(stored.get("latest")?.platformKeys).toEqual(["linux/amd64", "linux/riscv64"]);
  expect(stored.get("a-new")?.platformKeys).toEqual(["linux/amd64", "linux/riscv64"]);
  const kinds = (await prisma.changeEvent.findMany({ where: { repositoryId }, select: { kind: true, tag: true } })).map((e) => `${e.tag}:${e.kind}`).sort();
  expect(kinds).toEqual(["a-new:new-tag", "latest:changed", "latest:new-tag", "z-last:new-tag"]);
});
