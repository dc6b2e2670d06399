// One poisoned repository among good ones (issue 9 item 7): the good repositories on the real
// Distribution registry scan normally in the same scan, each poisoned one (served by the
// served-body fixture) is an error in plain words, and a repository whose document turns bad
// keeps its last good snapshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startServedBodies, type ServedBodies } from "../../test/support/served-body";
import type { ApiRepository, ApiRepositoryRow, ApiScan, CoverageResponseFull } from "../api-types";

const linux = (architecture: string): Plat => ({ os: "linux", architecture });
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

let registry: RunningRegistry;
let served: ServedBodies;
let api: {
  repositories: typeof import("../../app/api/repositories/route");
  scans: typeof import("../../app/api/scans/route");
  scan: typeof import("../../app/api/scans/[id]/route");
  coverage: typeof import("../../app/api/coverage/route");
};
let queries: typeof import("../queries");
let waitForScan: (id: string) => Promise<ApiScan>;

const base = "http://archgrid.test";
const post = (path: string, body: unknown) => new Request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const keys = (ps: Array<{ os: string; architecture: string; variant?: string }>) => ps.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/")).sort();

async function add(reference: string): Promise<ApiRepository> {
  const res = await api.repositories.POST(post("/api/repositories", { reference }));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { repository: ApiRepository }).repository;
}

async function scan(ids: string[]): Promise<ApiScan> {
  const res = await api.scans.POST(post("/api/scans", { repositoryIds: ids }));
  const { scan } = (await res.json()) as { scan: ApiScan };
  await waitForScan(scan.id);
  const final = await api.scan.GET(new Request(`${base}/api/scans/${scan.id}`), { params: Promise.resolve({ id: scan.id }) });
  return ((await final.json()) as { scan: ApiScan }).scan;
}

async function row(id: string): Promise<ApiRepositoryRow> {
  const res = await api.coverage.GET(new Request(`${base}/api/coverage`));
  const r = ((await res.json()) as CoverageResponseFull).repositories.find((x) => x.id === id);
  if (!r) throw new Error("no row");
  return r;
}

/** A served image (config blob + manifest) with the given architecture; returns its descriptor. */
function servedImage(repo: string, architecture: string) {
  const config = Buffer.from(JSON.stringify({ os: "linux", architecture, rootfs: { type: "layers", diff_ids: [] } }));
  const body = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: served.putBlob(config), size: config.length }, layers: [] });
  return { mediaType: OCI_MANIFEST, digest: served.putManifest(repo, null, body, OCI_MANIFEST), size: body.length, platform: { os: "linux", architecture } };
}

beforeAll(async () => {
  registry = await startRegistry();
  served = await startServedBodies();
  process.env.ARCHGRID_INSECURE_REGISTRIES = `${registry.host},${served.host}`;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    repositories: await import("../../app/api/repositories/route"),
    scans: await import("../../app/api/scans/route"),
    scan: await import("../../app/api/scans/[id]/route"),
    coverage: await import("../../app/api/coverage/route"),
  };
  queries = await import("../queries");
  const { engine } = await import("./engine");
  waitForScan = (id) => engine().wait(id);
}, 60_000);

afterAll(async () => {
  await served?.stop();
  await registry?.stop();
});

describe("a poisoned repository among good ones", () => {
  it("the others scan normally; each poisoned one is an error naming what is wrong", async () => {
    const reg = { url: registry.url };
    await pushImage(reg, "good/one", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], attestations: true });
    await pushImage(reg, "good/two", "latest", { format: "docker-list", platforms: [linux("amd64"), linux("s390x"), linux("ppc64le")] });
    const img = servedImage("bad/ambiguous", "amd64");
    served.putManifest("bad/ambiguous", "latest", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [img], layers: [] }), OCI_INDEX);
    const bad = servedImage("bad/entry", "arm64");
    served.putManifest("bad/entry", "latest", JSON.stringify({ schemaVersion: 2, manifests: [servedImage("bad/entry", "amd64"), { ...bad, size: String(bad.size) }] }), OCI_INDEX);
    // The amplification case of issue 10: one child index named 1,000 times.
    const child = served.putManifest("bad/fanout", null, JSON.stringify({ schemaVersion: 2, manifests: [servedImage("bad/fanout", "riscv64")] }), OCI_INDEX);
    const childDesc = { mediaType: OCI_INDEX, digest: child, size: 1 };
    served.putManifest("bad/fanout", "latest", JSON.stringify({ schemaVersion: 2, manifests: Array.from({ length: 1000 }, () => childDesc) }), OCI_INDEX);

    const repos = {
      one: await add(`${registry.host}/good/one`),
      ambiguous: await add(`${served.host}/bad/ambiguous`),
      two: await add(`${registry.host}/good/two`),
      entry: await add(`${served.host}/bad/entry`),
      fanout: await add(`${served.host}/bad/fanout`),
    };
    const s = await scan(Object.values(repos).map((r) => r.id));
    expect(s).toMatchObject({ status: "partial", total: 5, done: 5, failed: 2 });

    expect(keys((await row(repos.one.id)).tags[0].platforms)).toEqual(["linux/amd64", "linux/arm64"]);
    expect((await row(repos.one.id)).tags[0].skipped).toBe(2); // BuildKit attestations: counted, not platforms
    expect(keys((await row(repos.two.id)).tags[0].platforms)).toEqual(["linux/amd64", "linux/ppc64le", "linux/s390x"]);
    expect((await row(repos.two.id)).status).toBe("ok");

    const ambiguous = await row(repos.ambiguous.id);
    expect(ambiguous.status).toBe("error");
    expect(ambiguous.tags[0].error?.message).toMatch(/is ambiguous: the registry serves it as an index .* but its body carries layers/);
    const entry = await row(repos.entry.id);
    expect(entry.tags[0].error?.message).toMatch(/index entry 2 of 2 \(sha256:[0-9a-f]{24}…\) has size "\d+", a string where a whole number of bytes belongs/);
    expect(entry.tags[0].platforms).toEqual([]);
    for (const r of [ambiguous, entry]) expect(Object.values(r.cells).every((c) => c.state === "unknown")).toBe(true);

    const fanout = await row(repos.fanout.id);
    expect(fanout.status).toBe("ok");
    expect(keys(fanout.tags[0].platforms)).toEqual(["linux/riscv64"]);
    const fanoutGets = served.requests().filter((r) => r.startsWith("GET /v2/bad/fanout/manifests/"));
    expect(fanoutGets).toHaveLength(2); // the tag and its one child, not 1,000 (formerly 1,112 GETs)
  });

  it("a repository whose document turns bad keeps its last good snapshot, with the error beside it", async () => {
    const a = servedImage("flip/app", "amd64");
    const b = servedImage("flip/app", "s390x");
    served.putManifest("flip/app", "latest", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [a, b] }), OCI_INDEX);
    const repo = await add(`${served.host}/flip/app`);
    await scan([repo.id]);
    const before = await row(repo.id);
    expect(keys(before.tags[0].platforms)).toEqual(["linux/amd64", "linux/s390x"]);

    served.putManifest("flip/app", "latest", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [a, { ...b, digest: "sha256" }] }), OCI_INDEX);
    const s = await scan([repo.id]);
    expect(s.failed).toBe(1);
    const after = await row(repo.id);
    expect(after.tags[0].error?.message).toMatch(/index entry 2 of 2 .*has digest "sha256" with no hash after its algorithm/);
    expect(after.tags[0].digest).toBe(before.tags[0].digest);
    expect(keys(after.tags[0].platforms)).toEqual(["linux/amd64", "linux/s390x"]);
    expect(after.cells.s390x.state).toBe("present");
    const stored = (await queries.getStoredTags(repo.id)).get("latest");
    expect(stored?.platformKeys).toEqual(["linux/amd64", "linux/s390x"]);
    expect(stored?.errorCode).toBe("invalid-response");
  });

  it("a snapshot stored under older reading rules is resolved once more, then costs one HEAD", async () => {
    const a = servedImage("rules/app", "amd64");
    const repo = await add(`${served.host}/rules/app`);
    // What a pre-issue-9 scan stored for this digest: the unreadable arm64 entry silently dropped.
    const { saveTagSnapshot } = queries;
    const digest = served.putManifest("rules/app", "latest", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [a, { ...servedImage("rules/app", "arm64"), size: "9" }] }), OCI_INDEX);
    const old = { platform: { os: "linux", architecture: "amd64" }, raw: { os: "linux", architecture: "amd64" }, digest: a.digest };
    await saveTagSnapshot(repo.id, "latest", { digest, mediaType: OCI_INDEX, platforms: [old], configsVerified: false }, { flagNewTagRegressions: false });
    expect((await queries.getStoredTags(repo.id)).get("latest")?.resolutionRules).toBe(0);

    const gets = () => served.requests().filter((r) => r.startsWith("GET /v2/rules/app/")).length;
    const before = gets();
    await scan([repo.id]);
    expect(gets()).toBeGreaterThan(before); // same digest, yet read again under today's rules
    const now = await row(repo.id);
    expect(now.tags[0].error?.message).toMatch(/index entry 2 of 2 .*has size "9", a string/);

    served.putManifest("rules/app", "latest", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [a] }), OCI_INDEX);
    await scan([repo.id]);
    expect((await queries.getStoredTags(repo.id)).get("latest")?.resolutionRules).toBeGreaterThanOrEqual(2);
    const settled = gets();
    await scan([repo.id]);
    expect(gets()).toBe(settled); // unchanged and read under today's rules: HEAD only
  });
});
