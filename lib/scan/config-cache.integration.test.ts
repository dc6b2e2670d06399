// Image config platforms are cached in the database by digest (config-cache.ts). A scan writes the
// new entries in a repository's closing transaction, not one autocommit each: they are stored as
// soon as the scan is over, and a fresh process (a new cache, empty memory) reads them from there
// instead of fetching the blob again. Entries no closing transaction takes are written by a timer.
import { describe, expect, it, vi } from "vitest";
import { useScanRegistry } from "../../test/support/scan-registry";
import { pushImage } from "../../e2e/fixtures/pusher";

const rig = useScanRegistry(async () => {
  await pushImage({ url: rig.registry.url }, "cfg/single", "latest", { format: "oci-image", platform: { os: "linux", architecture: "arm", variant: "v6" } });
}, 120_000);

async function storedConfigs(): Promise<Array<{ digest: string; os: string; architecture: string; variant: string | null }>> {
  const { prisma } = await import("../db");
  return prisma.configBlob.findMany({ select: { digest: true, os: true, architecture: true, variant: true } });
}

describe("the config-blob cache on the scan's path", () => {
  it("a scan stores the configs it read with the repository's closing write, and a fresh cache reads them instead of the blob", async () => {
    const { addRepository } = await import("../watch");
    const { engine } = await import("./engine");
    const { id } = await addRepository({ reference: `${rig.proxy.host}/cfg/single`, tags: ["latest"] });
    rig.proxy.reset();
    const s = await engine().start([id]);
    expect(await engine().wait(s.id)).toMatchObject({ status: "succeeded", failed: 0 });
    expect(rig.proxy.counts().byKind).toEqual({ "GET manifests": 1, "GET blobs": 1 });
    // Stored by the time the scan is over (the fallback timer waits a second: this is the closing transaction).
    const rows = await storedConfigs();
    expect(rows).toEqual([expect.objectContaining({ os: "linux", architecture: "arm", variant: "v6" })]);

    // A new process's cache: nothing in memory, the row in the database, no blob request.
    const { RegistryClient } = await import("../registry");
    const { createConfigCache } = await import("../queries/config-cache");
    const client = new RegistryClient({ insecureRegistries: [rig.proxy.host], configCache: createConfigCache() });
    rig.proxy.reset();
    const res = await client.resolve({ registry: rig.proxy.host, repository: "cfg/single" }, "latest");
    expect(res.platforms.map((p) => p.platform)).toEqual([{ os: "linux", architecture: "arm", variant: "v6" }]);
    expect(rig.proxy.counts().byKind).toEqual({ "GET manifests": 1 });
  });

  it("an entry set outside a scan is written by the timer, and only once it is taken it is no longer pending", async () => {
    const { createConfigCache, configCacheWrites } = await import("../queries/config-cache");
    const digest = `sha256:${"a".repeat(64)}`;
    const cache = createConfigCache();
    await cache.set(digest, { os: "linux", architecture: "riscv64" });
    expect((await storedConfigs()).some((r) => r.digest === digest)).toBe(false);
    await expect.poll(async () => (await storedConfigs()).find((r) => r.digest === digest), { timeout: 5000, interval: 100 }).toMatchObject({ architecture: "riscv64" });

    const other = `sha256:${"b".repeat(64)}`;
    await cache.set(other, { os: "linux", architecture: "s390x" });
    expect(configCacheWrites(cache)).toHaveLength(1);
    expect(configCacheWrites(cache)).toHaveLength(0);
  });

  it("the closing transaction takes a cache's entries when the cache comes from another module copy (Next bundles lib/ more than once)", async () => {
    vi.resetModules();
    const a = await import("../queries/config-cache");
    vi.resetModules();
    const b = await import("../queries/config-cache");
    expect(a.configCacheWrites).not.toBe(b.configCacheWrites); // really two copies
    const cache = a.createConfigCache();
    await cache.set(`sha256:${"c".repeat(64)}`, { os: "linux", architecture: "ppc64le" });
    expect(b.configCacheWrites(cache)).toHaveLength(1);
  });
});
