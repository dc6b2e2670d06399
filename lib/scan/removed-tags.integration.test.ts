// Every change is an event, dropping a tag included: a tag the registry deleted and a tag the
// policy stopped selecting both leave a removed-tag event with the platforms they had, and say
// which of the two happened. Real registry, real scan engine, Prisma-migrated SQLite.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { deleteTag, pushImage, type Plat } from "../../e2e/fixtures/pusher";
import type { ApiChangeEvent } from "../api-types";

const linux = (architecture: string): Plat => ({ os: "linux", architecture });
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
}, 60_000);

afterAll(async () => {
  await registry?.stop();
});

async function scan(id: string): Promise<void> {
  const { engine } = await import("./engine");
  const s = await engine().start([id]);
  expect((await engine().wait(s.id)).status).toBe("succeeded");
}

async function removals(repositoryId: string): Promise<Array<Partial<ApiChangeEvent>>> {
  const { listEvents } = await import("../queries");
  return (await listEvents({ repositoryId }))
    .filter((e) => e.kind === "removed-tag")
    .map(({ tag, added, removed, fromDigest, toDigest, regression, reason }) => ({ tag, added, removed, fromDigest, toDigest, regression, reason }));
}

it("records a tag deleted in the registry and a tag the policy stopped selecting, told apart", async () => {
  const { addRepository } = await import("../watch");
  const { updateRepository, loadCoverage } = await import("../queries");
  const reg = { url: registry.url };
  const pushed: Record<string, string> = {};
  for (const [tag, platforms] of [["1.0", [linux("amd64"), linux("arm64")]], ["1.1", [linux("amd64"), linux("s390x")]], ["2.0", [linux("amd64")]]] as const) {
    pushed[tag] = (await pushImage(reg, "events/app", tag, { format: "oci-index", platforms: [...platforms], seed: tag })).digest;
  }
  const repo = await addRepository({ reference: `${registry.host}/events/app`, tagPolicy: { kind: "pattern", include: ["1.*"] } });
  await scan(repo.id);
  expect(await removals(repo.id)).toEqual([]);

  // Deleted in the registry: the listing no longer has it.
  await deleteTag(reg, "events/app", "1.0");
  await scan(repo.id);
  expect(await removals(repo.id)).toEqual([
    { tag: "1.0", added: [], removed: ["linux/amd64", "linux/arm64"], fromDigest: pushed["1.0"], toDigest: null, regression: false, reason: "deleted" },
  ]);

  // Still in the registry, but the policy no longer selects it.
  await updateRepository(repo.id, { tagPolicy: { kind: "pattern", include: ["2.*"] } });
  await scan(repo.id);
  const [latest] = await removals(repo.id);
  expect(latest).toEqual({ tag: "1.1", added: [], removed: ["linux/amd64", "linux/s390x"], fromDigest: pushed["1.1"], toDigest: null, regression: false, reason: "policy" });
  const row = (await loadCoverage({ columns: ["amd64"], q: "events/app" })).repositories[0];
  expect(row.tags.map((t) => t.tag)).toEqual(["2.0"]);
});

it("an explicit tag taken out of the list is a policy removal", async () => {
  const { addRepository } = await import("../watch");
  const { updateRepository } = await import("../queries");
  const reg = { url: registry.url };
  await pushImage(reg, "events/explicit", "a", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "a" });
  const b = await pushImage(reg, "events/explicit", "b", { format: "docker-list", platforms: [linux("ppc64le")], seed: "b" });
  const repo = await addRepository({ reference: `${registry.host}/events/explicit`, tags: ["a", "b"] });
  await scan(repo.id);
  await updateRepository(repo.id, { tagPolicy: { kind: "tags", tags: ["a"] } });
  await scan(repo.id);
  expect(await removals(repo.id)).toEqual([
    { tag: "b", added: [], removed: ["linux/ppc64le"], fromDigest: b.digest, toDigest: null, regression: false, reason: "policy" },
  ]);
});
