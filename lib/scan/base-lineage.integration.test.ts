// Base-image lineage against the real Distribution registry: images whose index carries the OCI
// base annotations, pointing at another pushed image; scanned by the real engine into a
// Prisma-migrated SQLite copy; read back through the real GET /api/coverage handler, whose answer
// must match the published OpenAPI document.
import fs from "node:fs";
import Ajv2020Module from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import type { ApiRepositoryRow, CoverageResponseFull } from "../api-types";
import { openApiDocument } from "../openapi/document";
import { RegistryClient } from "../registry";

const linux = (...archs: string[]): Plat[] => archs.map((architecture) => ({ os: "linux", architecture }));
const BASE_NAME = "org.opencontainers.image.base.name";
const BASE_DIGEST = "org.opencontainers.image.base.digest";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = openApiDocument() as Json;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "https://archgrid.invalid/openapi.json", components: doc.components });
const validCoverage = ajv.compile({ $ref: "https://archgrid.invalid/openapi.json#/components/schemas/CoverageResponse" });

describe.skipIf(!fs.existsSync(REGISTRY_BINARY))("base-image lineage", () => {
  let registry: RunningRegistry;
  const requests: string[] = [];
  let engine: import("./engine").ScanEngine;

  beforeAll(async () => {
    registry = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    const { ScanEngine } = await import("./engine");
    const client = new RegistryClient({ insecureRegistries: [registry.host], backoffBaseMs: 1, maxRetries: 0, onRequest: (e) => requests.push(`${e.method} ${new URL(e.url).pathname}`) });
    engine = new ScanEngine({ client });
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
  });

  async function scan(ids: string[]): Promise<void> {
    const s = await engine.start(ids);
    expect((await engine.wait(s.id)).status).toBe("succeeded");
  }

  async function coverage(query: string): Promise<CoverageResponseFull> {
    const { GET } = await import("../../app/api/coverage/route");
    const res = await GET(new Request(`http://archgrid.test/api/coverage${query}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as CoverageResponseFull;
    if (!validCoverage(body)) throw new Error(`GET /api/coverage does not match the document: ${ajv.errorsText(validCoverage.errors)}`);
    return body;
  }

  const row = (body: CoverageResponseFull, name: string): ApiRepositoryRow | undefined => body.repositories.find((r) => r.reference.endsWith(`/${name}`));

  it("marks gaps the base lacks too, resolving a base shared by two images once", async () => {
    const reg = { url: registry.url };
    const base = await pushImage(reg, "lineage/base", "1", { format: "oci-index", platforms: linux("amd64", "s390x"), seed: "base" });
    const baseName = `${registry.host}/lineage/base:1`;
    const annotations = { [BASE_NAME]: baseName, [BASE_DIGEST]: base.digest };
    await pushImage(reg, "lineage/one", "1.0", { format: "oci-index", platforms: linux("amd64"), seed: "one", annotations });
    await pushImage(reg, "lineage/two", "2.0", { format: "oci-index", platforms: linux("amd64", "arm64"), seed: "two", annotations });

    const { addRepository } = await import("../watch");
    const one = await addRepository({ reference: `${registry.host}/lineage/one`, tags: ["1.0"] });
    const two = await addRepository({ reference: `${registry.host}/lineage/two`, tags: ["2.0"] });
    const { baseResolutions } = await import("./base-lineage");
    const started = baseResolutions.started;
    requests.length = 0;
    await scan([one.id, two.id]);

    // One resolution and one GET of the base, for two images naming it.
    expect(baseResolutions.started - started).toBe(1);
    expect(requests.filter((r) => r.startsWith("GET /v2/lineage/base/"))).toEqual([`GET /v2/lineage/base/manifests/${base.digest}`]);

    const { prisma } = await import("../db");
    expect(await prisma.baseImage.findUnique({ where: { key: base.digest } })).toMatchObject({ platforms: JSON.stringify(["linux/amd64", "linux/s390x"]), errorCode: null });
    expect(await prisma.tag.findFirst({ where: { repositoryId: one.id }, select: { baseName: true, baseDigest: true, baseProblem: true } })).toEqual({ baseName, baseDigest: base.digest, baseProblem: null });

    const all = await coverage("");
    const r1 = row(all, "lineage/one")!;
    expect(r1.tags[0].base).toEqual({ name: baseName, digest: base.digest, platforms: ["linux/amd64", "linux/s390x"], blocked: ["arm", "arm64", "ppc64le"] });
    expect(r1.blockedByBase?.map((b) => b.message)).toEqual([`blocked by base: ${baseName} has no arm`, `blocked by base: ${baseName} has no arm64`, `blocked by base: ${baseName} has no ppc64le`]);
    expect(r1.cells.arm64.blockedByBase).toBe(`blocked by base: ${baseName} has no arm64`);
    expect(r1.cells.arm64.notes).toContain(`blocked by base: ${baseName} has no arm64`);
    // s390x is missing here but the base has it: the gap is this image's own.
    expect(r1.cells.s390x.state).toBe("missing");
    expect(r1.cells.s390x.blockedByBase).toBeUndefined();
    // two has arm64 itself: nothing to block there.
    const r2 = row(all, "lineage/two")!;
    expect(r2.tags[0].base?.blocked).toEqual(["arm", "ppc64le"]);
    expect(r2.cells.arm64.blockedByBase).toBeUndefined();

    // A second scan with nothing changed resolves nothing again.
    requests.length = 0;
    await scan([one.id, two.id]);
    expect(baseResolutions.started - started).toBe(1);
    expect(requests.filter((r) => r.includes("/lineage/base/"))).toEqual([]);
  });

  it("a base that 404s is a note and the tag still succeeds; the filter keeps only blocked rows", async () => {
    const reg = { url: registry.url };
    const missingBase = `${registry.host}/lineage/nowhere:1`;
    await pushImage(reg, "lineage/orphan", "1.0", { format: "oci-index", platforms: linux("amd64"), seed: "orphan", annotations: { [BASE_NAME]: missingBase } });
    await pushImage(reg, "lineage/garbled", "1.0", { format: "oci-index", platforms: linux("amd64"), seed: "garbled", annotations: { [BASE_NAME]: "Not A Reference", [BASE_DIGEST]: "sha256:xyz" } });
    await pushImage(reg, "lineage/plain", "1.0", { format: "oci-index", platforms: linux("amd64"), seed: "plain" });
    const { addRepository } = await import("../watch");
    const ids = [];
    for (const name of ["orphan", "garbled", "plain"]) ids.push((await addRepository({ reference: `${registry.host}/lineage/${name}`, tags: ["1.0"] })).id);
    await scan(ids);

    const all = await coverage("");
    const orphan = row(all, "lineage/orphan")!;
    expect(orphan.status).toBe("ok");
    expect(orphan.tags[0].digest).not.toBeNull();
    expect(orphan.tags[0].error).toBeUndefined();
    expect(orphan.tags[0].base?.blocked).toEqual([]);
    expect(orphan.tags[0].base?.note).toMatch(/^the base image 127\.0\.0\.1:\d+\/lineage\/nowhere:1 could not be read: registry 127\.0\.0\.1:\d+ has no manifest for "lineage\/nowhere:1"/);
    expect(orphan.blockedByBase).toBeUndefined();

    const garbled = row(all, "lineage/garbled")!;
    expect(garbled.status).toBe("ok");
    expect(garbled.tags[0].base?.note).toContain("the base image annotations cannot be used");
    expect(garbled.tags[0].base?.note).toContain("is not a digest");
    expect(row(all, "lineage/plain")!.tags[0].base).toBeUndefined();

    const blocked = await coverage("?blockedByBase=1");
    expect(blocked.repositories.map((r) => r.reference.split("/").slice(1).join("/")).sort()).toEqual(["lineage/one", "lineage/two"]);
    // The gap reports carry it too: a Markdown section and additive JSON fields.
    const reports = await import("../../app/api/reports/gaps/route");
    const md = await (await reports.GET(new Request("http://archgrid.test/api/reports/gaps?format=md&blockedByBase=1"))).text();
    expect(md).toContain("## Blocked by base image");
    expect(md).toMatch(/lineage\/one \(1\.0\): blocked by base: 127\.0\.0\.1:\d+\/lineage\/base:1 has no arm64/);
    expect(md).not.toContain("lineage/orphan");
    const json = JSON.parse(await (await reports.GET(new Request("http://archgrid.test/api/reports/gaps?format=json"))).text()) as { repositories: Array<{ reference: string; blockedByBase?: unknown[]; tags: Array<{ base?: { blocked: string[] } }> }> };
    const oneJson = json.repositories.find((r) => r.reference.endsWith("/lineage/one"))!;
    expect(oneJson.blockedByBase).toHaveLength(3);
    expect(oneJson.tags[0].base?.blocked).toEqual(["arm", "arm64", "ppc64le"]);

    const { GET } = await import("../../app/api/coverage/route");
    const bad = await GET(new Request("http://archgrid.test/api/coverage?blockedByBase=maybe"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.message).toContain("blockedByBase");
  });

  it("upgrade hints across tracked versions come with the coverage row", async () => {
    const reg = { url: registry.url };
    await pushImage(reg, "lineage/versions", "1.0", { format: "oci-index", platforms: linux("amd64"), seed: "v10" });
    await pushImage(reg, "lineage/versions", "1.1", { format: "oci-index", platforms: linux("amd64", "arm64", "s390x"), seed: "v11" });
    await pushImage(reg, "lineage/versions", "1.2", { format: "oci-index", platforms: linux("amd64", "arm64"), seed: "v12" });
    const { addRepository } = await import("../watch");
    const repo = await addRepository({ reference: `${registry.host}/lineage/versions`, tagPolicy: { kind: "pattern", include: ["1.*"] } });
    await scan([repo.id]);
    const r = row(await coverage("?columns=amd64,arm64,s390x"), "lineage/versions")!;
    expect(r.upgradeHints?.map((h) => h.message)).toEqual(["arm64 from 1.1 (1.0 lacks it)", "s390x from 1.1 (1.0 lacks it)", "1.2 dropped s390x (1.1 had it)"]);
  });

  it("archgrid inspect names the base an image says it is built on", async () => {
    const { runInspect } = await import("../cli/inspect");
    const client = new RegistryClient({ insecureRegistries: [registry.host] });
    let out = "";
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t), stdin: async () => "" };
    expect(await runInspect(client, [`${registry.host}/lineage/one:1.0`], "table", io)).toBe(0);
    expect(out).toMatch(new RegExp(`  built on    ${registry.host.replace(/\./g, "\\.")}/lineage/base:1 sha256:[0-9a-f]{64} \\(OCI base annotations\\)`));
    out = "";
    await runInspect(client, [`${registry.host}/lineage/one:1.0`, `${registry.host}/lineage/plain:1.0`], "json", io);
    const { images } = JSON.parse(out) as { images: Array<{ base?: { name: string } }> };
    expect(images[0].base?.name).toBe(`${registry.host}/lineage/base:1`);
    expect(images[1].base).toBeUndefined();
  });

  it("a base that failed is read again after an hour even though the tag did not change", async () => {
    const reg = { url: registry.url };
    const later = `${registry.host}/lineage/later:1`;
    await pushImage(reg, "lineage/early", "1.0", { format: "oci-index", platforms: linux("amd64"), seed: "early", annotations: { [BASE_NAME]: later } });
    const { addRepository } = await import("../watch");
    const repo = await addRepository({ reference: `${registry.host}/lineage/early`, tags: ["1.0"] });
    await scan([repo.id]);
    expect(row(await coverage(""), "lineage/early")!.tags[0].base?.note).toContain("could not be read");

    // The base appears; within the hour nothing is retried, after it the next scan reads it.
    await pushImage(reg, "lineage/later", "1", { format: "oci-index", platforms: linux("amd64", "s390x"), seed: "later" });
    requests.length = 0;
    await scan([repo.id]);
    expect(requests.filter((r) => r.includes("/lineage/later/"))).toEqual([]);
    const { prisma } = await import("../db");
    await prisma.baseImage.update({ where: { key: `name:${later}` }, data: { resolvedAt: new Date(Date.now() - 61 * 60_000) } });
    await scan([repo.id]);
    expect(requests.filter((r) => r.includes("/lineage/later/"))).toEqual(["GET /v2/lineage/later/manifests/1"]);
    const early = row(await coverage(""), "lineage/early")!;
    expect(early.tags[0].base).toMatchObject({ platforms: ["linux/amd64", "linux/s390x"], blocked: ["arm", "arm64", "ppc64le"] });
    expect(early.tags[0].base?.note).toBeUndefined();

    // A base read again changes the answer even when no tag or repository row moved (the cache
    // of GET /api/coverage is keyed by the matrix and by the bases).
    await prisma.baseImage.update({ where: { key: `name:${later}` }, data: { platforms: JSON.stringify(["linux/amd64", "linux/arm64", "linux/s390x"]), resolvedAt: new Date() } });
    expect(row(await coverage(""), "lineage/early")!.tags[0].base?.blocked).toEqual(["arm", "ppc64le"]);
  });
});
