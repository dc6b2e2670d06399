// What a scan costs the registry, counted where the registry sees it (the fault proxy in front of
// the real Distribution registry): a tag with nothing reusable stored gets no HEAD — its GET
// answers the digest — and an unchanged tag costs exactly one HEAD. Strict reading still holds on
// the GET: a digest header that disagrees with the body is refused, a missing one is computed.
import { databaseProvider } from "../db-provider";
import { describe, expect, it } from "vitest";
import { useScanRegistry } from "../../test/support/scan-registry";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";

const linux = (architecture: string, variant?: string): Plat => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });
const pushed: Record<string, string> = {};

const rig = useScanRegistry(async () => {
  const reg = { url: rig.registry.url };
  pushed["cold/index:1"] = (await pushImage(reg, "cold/index", "1", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], attestations: true, seed: "i1" })).digest;
  pushed["cold/index:2"] = (await pushImage(reg, "cold/index", "2", { format: "oci-index", platforms: [linux("amd64")], seed: "i2" })).digest;
  pushed["cold/list:latest"] = (await pushImage(reg, "cold/list", "latest", { format: "docker-list", platforms: [linux("amd64"), linux("arm", "v7")] })).digest;
  pushed["cold/single:latest"] = (await pushImage(reg, "cold/single", "latest", { format: "oci-image", platform: linux("s390x") })).digest;
}, 120_000);

async function scan(ids: string[]): Promise<{ status: string; failed: number }> {
  const { engine } = await import("./engine");
  const s = await engine().start(ids);
  return engine().wait(s.id);
}

async function watch(reference: string, tags: string[]): Promise<string> {
  const { addRepository } = await import("../watch");
  return (await addRepository({ reference: `${rig.proxy.host}/${reference}`, tags })).id;
}

async function stored(id: string): Promise<Record<string, { digest: string | null; errorCode: string | null }>> {
  const { getStoredTags } = await import("../queries");
  return Object.fromEntries([...(await getStoredTags(id)).values()].map((t) => [t.name, { digest: t.digest, errorCode: t.errorCode }]));
}

const methods = () => rig.proxy.counts().byMethod;

describe("registry requests per tag", () => {
  const ids: string[] = [];

  it("a cold scan sends no HEAD: one manifest GET per tag, plus the config blob of a single image", async () => {
    ids.push(await watch("cold/index", ["1", "2"]), await watch("cold/list", ["latest"]), await watch("cold/single", ["latest"]));
    rig.proxy.reset();
    expect(await scan(ids)).toMatchObject({ status: "succeeded", failed: 0 });
    expect(methods()).toEqual({ GET: 5 }); // 4 manifests + 1 config blob
    expect(rig.proxy.counts().byKind).toEqual({ "GET manifests": 4, "GET blobs": 1 });
    // The digest stored is the one the registry has for the tag (from the GET, checked against its body).
    expect((await stored(ids[0]))["1"].digest).toBe(pushed["cold/index:1"]);
    expect((await stored(ids[0]))["2"].digest).toBe(pushed["cold/index:2"]);
    expect((await stored(ids[1])).latest.digest).toBe(pushed["cold/list:latest"]);
    expect((await stored(ids[2])).latest.digest).toBe(pushed["cold/single:latest"]);
  });

  it("a rescan of unchanged tags costs exactly one HEAD per tag", async () => {
    rig.proxy.reset();
    expect(await scan(ids)).toMatchObject({ status: "succeeded", failed: 0 });
    expect(methods()).toEqual({ HEAD: 4 });
  });

  it("a moved tag costs its HEAD, then a GET by the digest the HEAD reported", async () => {
    const moved = await pushImage({ url: rig.registry.url }, "cold/index", "2", { format: "oci-index", platforms: [linux("amd64"), linux("ppc64le")], seed: "i2b" });
    rig.proxy.reset();
    await scan([ids[0]]);
    expect(methods()).toEqual({ HEAD: 2, GET: 1 });
    expect(rig.proxy.requests().find((r) => r.method === "GET")?.path).toBe(`/v2/cold/index/manifests/${moved.digest}`);
    expect((await stored(ids[0]))["2"].digest).toBe(moved.digest);
  });

  it("without Docker-Content-Digest on the GET, the digest is the body's sha256, and the rescan is HEAD-only", async () => {
    const d = (await pushImage({ url: rig.registry.url }, "cold/nodigest", "latest", { format: "docker-list", platforms: [linux("amd64"), linux("arm64")] })).digest;
    const id = await watch("cold/nodigest", ["latest"]);
    rig.proxy.setRules([{ name: "drop", method: "GET", path: /\/manifests\//, dropDigest: true }]);
    rig.proxy.reset();
    expect(await scan([id])).toMatchObject({ status: "succeeded", failed: 0 });
    expect(rig.proxy.hits().drop).toBe(1);
    expect(methods()).toEqual({ GET: 1 });
    expect((await stored(id)).latest.digest).toBe(d);
    rig.proxy.clearRules();
    rig.proxy.reset();
    await scan([id]);
    expect(methods()).toEqual({ HEAD: 1 }); // the computed digest is the registry's own
  });

  it("a GET whose Docker-Content-Digest disagrees with its body is refused; the stored error is not reusable, so no HEAD next time", async () => {
    await pushImage({ url: rig.registry.url }, "cold/liar", "latest", { format: "oci-index", platforms: [linux("amd64")] });
    const id = await watch("cold/liar", ["latest"]);
    rig.proxy.setRules([{ name: "lie", method: "GET", path: /\/manifests\//, setDigest: `sha256:${"0".repeat(64)}`, times: 1 }]);
    rig.proxy.reset();
    expect(await scan([id])).toMatchObject({ failed: 1 });
    expect((await stored(id)).latest).toEqual({ digest: null, errorCode: "digest-mismatch" });
    expect(methods().HEAD).toBeUndefined();
    rig.proxy.clearRules();
    rig.proxy.reset();
    expect(await scan([id])).toMatchObject({ status: "succeeded", failed: 0 });
    expect(methods()).toEqual({ GET: 1 });
  });
});

describe("batched snapshot writes", () => {
  it("a batch that cannot be written fails each of its tags and keeps every previous snapshot; the next scan writes them", async () => {
    const { prisma } = await import("../db");
    const reg = { url: rig.registry.url };
    const first = { a: (await pushImage(reg, "cold/batch", "a", { format: "oci-index", platforms: [linux("amd64")], seed: "a1" })).digest, b: (await pushImage(reg, "cold/batch", "b", { format: "oci-index", platforms: [linux("amd64")], seed: "b1" })).digest };
    const id = await watch("cold/batch", ["a", "b"]);
    expect(await scan([id])).toMatchObject({ status: "succeeded" });
    const moved = {
      a: (await pushImage(reg, "cold/batch", "a", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "a2" })).digest,
      b: (await pushImage(reg, "cold/batch", "b", { format: "oci-index", platforms: [linux("amd64"), linux("s390x")], seed: "b2" })).digest,
    };
    // A real database fault on the last statement of the batch (tag b's change event), in each
    // provider's own trigger syntax.
    const pg = databaseProvider(process.env.DATABASE_URL ?? "") === "postgresql";
    if (pg) {
      await prisma.$executeRawUnsafe(`CREATE FUNCTION "batch_fault_fn"() RETURNS trigger AS $$ BEGIN IF NEW."tag" = 'b' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await prisma.$executeRawUnsafe(`CREATE TRIGGER "batch_fault" BEFORE INSERT ON "ChangeEvent" FOR EACH ROW EXECUTE FUNCTION "batch_fault_fn"()`);
    } else {
      await prisma.$executeRawUnsafe(`CREATE TRIGGER "batch_fault" BEFORE INSERT ON "ChangeEvent" WHEN NEW."tag" = 'b' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    }
    try {
      expect(await scan([id])).toMatchObject({ status: "failed", failed: 1 });
      expect(await stored(id)).toEqual({ a: { digest: first.a, errorCode: "internal-error" }, b: { digest: first.b, errorCode: "internal-error" } });
    } finally {
      await prisma.$executeRawUnsafe(pg ? `DROP TRIGGER IF EXISTS "batch_fault" ON "ChangeEvent"` : `DROP TRIGGER IF EXISTS "batch_fault"`);
      if (pg) await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS "batch_fault_fn"()`);
    }
    expect(await scan([id])).toMatchObject({ status: "succeeded" });
    expect(await stored(id)).toEqual({ a: { digest: moved.a, errorCode: null }, b: { digest: moved.b, errorCode: null } });
  });
});
