// What the user typed is what gets tracked: a tag in the reference, a pinned digest, lists with
// commas and `docker pull`. Through the route handlers, the real registry and a migrated SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, countingProxy, type RunningRegistry, type CountingProxy } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import type { ApiRepository, BulkAddResponse, CoverageResponseFull } from "../api-types";

let registry: RunningRegistry;
let proxy: CountingProxy;
let api: {
  repositories: typeof import("../../app/api/repositories/route");
  bulk: typeof import("../../app/api/repositories/bulk/route");
  scans: typeof import("../../app/api/scans/route");
  coverage: typeof import("../../app/api/coverage/route");
};
let waitForScan: (id: string) => Promise<unknown>;
let pinned: string;

const base = "http://archgrid.test";
const post = (path: string, body: unknown) => new Request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

async function add(body: unknown): Promise<Response> {
  return api.repositories.POST(post("/api/repositories", body));
}
async function scan(repositoryIds: string[]): Promise<void> {
  const res = await api.scans.POST(post("/api/scans", { repositoryIds }));
  expect(res.status).toBe(202);
  await waitForScan(((await res.json()) as { scan: { id: string } }).scan.id);
}
async function coverageOf(id: string) {
  const res = await api.coverage.GET(new Request(`${base}/api/coverage`));
  return ((await res.json()) as CoverageResponseFull).repositories.find((r) => r.id === id)!;
}

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await countingProxy(registry.url);
  process.env.ARCHGRID_INSECURE_REGISTRIES = `${proxy.host},${registry.host}`;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    repositories: await import("../../app/api/repositories/route"),
    bulk: await import("../../app/api/repositories/bulk/route"),
    scans: await import("../../app/api/scans/route"),
    coverage: await import("../../app/api/coverage/route"),
  };
  const { engine } = await import("../scan/engine");
  waitForScan = (id) => engine().wait(id);
  const reg = { url: registry.url };
  const linux = (architecture: string) => ({ os: "linux", architecture });
  await pushImage(reg, "acme/web", "1.8.0", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "1.8.0" });
  await pushImage(reg, "acme/web", "latest", { format: "oci-index", platforms: [linux("amd64")], seed: "latest" });
  pinned = (await pushImage(reg, "acme/pinned", "v1", { format: "oci-index", platforms: [linux("amd64"), linux("s390x")], seed: "pinned" })).digest;
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe("one reference", () => {
  it("tracks the tag typed in the reference, not latest", async () => {
    const res = await add({ reference: `${proxy.host}/acme/web:1.8.0` });
    expect(res.status, await res.clone().text()).toBe(201);
    const { repository } = (await res.json()) as { repository: ApiRepository };
    expect(repository.tagPolicy).toEqual({ kind: "tags", tags: ["1.8.0"] });
    await scan([repository.id]);
    const row = await coverageOf(repository.id);
    expect(row.tags.map((t) => t.tag)).toEqual(["1.8.0"]);
  });

  it("refuses a tag in the reference that contradicts the tags given, and stores nothing", async () => {
    const res = await add({ reference: `${proxy.host}/acme/other:1.8.0`, tags: ["latest"] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/names the tag 1\.8\.0 but the request also gives the tag latest/);
    const list = (await (await api.repositories.GET(new Request(`${base}/api/repositories`))).json()) as { repositories: ApiRepository[] };
    expect(list.repositories.some((r) => r.name === "acme/other")).toBe(false);
  });

  it("tracks a digest reference as a pinned digest, read once and never listed or HEADed again", async () => {
    const res = await add({ reference: `${proxy.host}/acme/pinned@${pinned}` });
    expect(res.status, await res.clone().text()).toBe(201);
    const { repository } = (await res.json()) as { repository: ApiRepository };
    expect(repository.tagPolicy).toEqual({ kind: "digest", digest: pinned });

    proxy.reset();
    await scan([repository.id]);
    const first = proxy.requests().filter((r) => r.path.includes("/acme/pinned/"));
    expect(first.filter((r) => r.method === "HEAD")).toEqual([]);
    expect(first.filter((r) => r.path.includes("/tags/"))).toEqual([]);
    const row = await coverageOf(repository.id);
    expect(row.tags.map((t) => [t.tag, t.digest])).toEqual([[pinned, pinned]]);
    expect(row.tags[0].platforms.map((p) => p.architecture).sort()).toEqual(["amd64", "s390x"]);

    proxy.reset();
    await scan([repository.id]);
    expect(proxy.requests().filter((r) => r.path.includes("/acme/pinned/"))).toEqual([]);
    expect((await coverageOf(repository.id)).status).toBe("ok");
  });
});

describe("a pasted list", () => {
  it("keeps each line's own tag over the common tags, accepts commas and strips docker pull", async () => {
    const text = [`docker pull ${proxy.host}/list/a:1.8.0, ${proxy.host}/list/b`, `docker image pull --platform linux/arm64 ${proxy.host}/list/c@${pinned}`];
    const res = await api.bulk.POST(post("/api/repositories/bulk", { references: text, tags: ["latest"] }));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkAddResponse;
    expect(body.invalid).toEqual([]);
    const policies = Object.fromEntries(body.created.map((r) => [r.name, r.tagPolicy]));
    expect(policies).toEqual({
      "list/a": { kind: "tags", tags: ["1.8.0"] },
      "list/b": { kind: "tags", tags: ["latest"] },
      "list/c": { kind: "digest", digest: pinned },
    });
  });
});
