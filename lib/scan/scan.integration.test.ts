// End to end through the real stack minus the browser: the real Distribution registry on
// loopback, images pushed through its HTTP API in every format, the HTTP API's route handlers,
// the scan engine and a Prisma-migrated SQLite file. Requests are counted at the registry side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, countingProxy, type RunningRegistry, type CountingProxy } from "../../e2e/fixtures/registry";
import { pushImage, retag, deleteTag, type Plat } from "../../e2e/fixtures/pusher";
import type { ApiRepository, ApiScan, CoverageResponseFull, ApiChangeEvent } from "../api-types";

const linux = (architecture: string, variant?: string): Plat => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });

let registry: RunningRegistry;
let proxy: CountingProxy;
let api: {
  repositories: typeof import("../../app/api/repositories/route");
  repository: typeof import("../../app/api/repositories/[id]/route");
  scans: typeof import("../../app/api/scans/route");
  scan: typeof import("../../app/api/scans/[id]/route");
  coverage: typeof import("../../app/api/coverage/route");
  gaps: typeof import("../../app/api/reports/gaps/route");
  events: typeof import("../../app/api/events/route");
};
let waitForScan: (id: string) => Promise<ApiScan>;

const base = "http://archgrid.test";
const post = (path: string, body: unknown) => new Request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const get = (path: string) => new Request(base + path);
const idCtx = (id: string) => ({ params: Promise.resolve({ id }) });

async function add(reference: string, tags?: string[]): Promise<ApiRepository> {
  const res = await api.repositories.POST(post("/api/repositories", { reference, ...(tags ? { tags } : {}) }));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { repository: ApiRepository }).repository;
}

async function scan(repositoryIds?: string[]): Promise<ApiScan> {
  const res = await api.scans.POST(post("/api/scans", repositoryIds ? { repositoryIds } : {}));
  expect(res.status).toBe(202);
  const { scan } = (await res.json()) as { scan: ApiScan };
  expect(["queued", "running"]).toContain(scan.status);
  await waitForScan(scan.id);
  const final = await api.scan.GET(get(`/api/scans/${scan.id}`), idCtx(scan.id));
  return ((await final.json()) as { scan: ApiScan }).scan;
}

async function coverage(query = ""): Promise<CoverageResponseFull> {
  const res = await api.coverage.GET(get(`/api/coverage${query}`));
  expect(res.status).toBe(200);
  return (await res.json()) as CoverageResponseFull;
}

const keys = (ps: Array<{ os: string; architecture: string; variant?: string }>) => ps.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/")).sort();

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await countingProxy(registry.url);
  process.env.ARCHGRID_INSECURE_REGISTRIES = `${proxy.host},${registry.host}`;
  process.env.ARCHGRID_SIBLING_REGISTRY = proxy.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    repositories: await import("../../app/api/repositories/route"),
    repository: await import("../../app/api/repositories/[id]/route"),
    scans: await import("../../app/api/scans/route"),
    scan: await import("../../app/api/scans/[id]/route"),
    coverage: await import("../../app/api/coverage/route"),
    gaps: await import("../../app/api/reports/gaps/route"),
    events: await import("../../app/api/events/route"),
  };
  const { engine } = await import("./engine");
  waitForScan = (id) => engine().wait(id);

  const reg = { url: registry.url };
  await pushImage(reg, "team/oci-attest", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64"), linux("ppc64le")], attestations: 3 });
  await pushImage(reg, "team/arm-variants", "latest", { format: "docker-list", platforms: [linux("amd64"), linux("arm", "v5"), linux("arm", "v6"), linux("arm", "v7")] });
  await pushImage(reg, "team/mixed", "latest", {
    format: "oci-index",
    platforms: [linux("amd64"), linux("arm64", "v8"), { os: "windows", architecture: "amd64", osVersion: "10.0.20348.2762" }],
    attestations: true,
  });
  await pushImage(reg, "team/winonly", "ltsc2019", { format: "docker-list", platforms: [{ os: "windows", architecture: "amd64", osVersion: "10.0.17763.6414" }] });
  await pushImage(reg, "team/single-oci", "latest", { format: "oci-image", platform: linux("arm64") });
  await pushImage(reg, "team/single-docker", "latest", { format: "docker-image", platform: linux("s390x") });
  await pushImage(reg, "team/full", "latest", { format: "oci-index", platforms: ["amd64", "arm64", "ppc64le", "s390x"].map((a) => linux(a)).concat([linux("arm", "v7")]) });
  await pushImage(reg, "team/full", "1.0", { format: "oci-index", platforms: [linux("amd64"), linux("arm64"), linux("arm", "v7"), linux("ppc64le"), linux("s390x")], seed: "1.0" });
  await pushImage(reg, "team/nested", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("riscv64")], nested: true });
  await pushImage(reg, "library/solo", "latest", { format: "oci-index", platforms: [linux("amd64")] });
  await pushImage(reg, "arm64v8/solo", "latest", { format: "oci-image", platform: linux("arm64", "v8") });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe("adding repositories", () => {
  it("rejects an invalid reference with 400 and stores nothing", async () => {
    const before = (await coverage()).repositories.length;
    for (const reference of ["UPPER/Case", "", "bad::ref", "a/b:tag with space"]) {
      const res = await api.repositories.POST(post("/api/repositories", { reference }));
      expect(res.status, reference).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(["invalid-reference", "invalid-request"]).toContain(body.error.code);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
    const malformed = await api.repositories.POST(new Request(base + "/api/repositories", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }));
    expect(malformed.status).toBe(400);
    expect((await coverage()).repositories.length).toBe(before);
  });
});

describe("a full scan of every manifest format", () => {
  const repos: Record<string, ApiRepository> = {};

  beforeAll(async () => {
    const h = proxy.host;
    for (const name of ["oci-attest", "arm-variants", "mixed", "single-oci", "single-docker", "nested"]) repos[name] = await add(`${h}/team/${name}`);
    repos.winonly = await add(`${h}/team/winonly:ltsc2019`);
    repos.full = await add(`${h}/team/full`, ["latest", "1.0"]);
    repos.ghost = await add(`${h}/team/does-not-exist`);
    repos.solo = await add(`${h}/library/solo`);
  });

  it("is already watched the second time (409)", async () => {
    const res = await api.repositories.POST(post("/api/repositories", { reference: `${proxy.host}/team/mixed` }));
    expect(res.status).toBe(409);
  });

  it("records platforms and gaps exactly, keeps going past a failing repository", async () => {
    const s = await scan(Object.values(repos).map((r) => r.id));
    expect(s).toMatchObject({ status: "partial", total: 10, done: 10, failed: 1 });

    const cov = await coverage();
    expect(cov.architectures).toEqual(["amd64", "arm", "arm64", "ppc64le", "s390x"]);
    const row = (name: string) => {
      const r = cov.repositories.find((x) => x.id === repos[name].id);
      if (!r) throw new Error(`no row for ${name}`);
      return r;
    };

    const attest = row("oci-attest");
    expect(attest.status).toBe("ok");
    expect(keys(attest.tags[0].platforms)).toEqual(["linux/amd64", "linux/arm64", "linux/ppc64le"]);
    expect(attest.tags[0].platforms.some((p) => p.architecture === "unknown")).toBe(false);
    expect(attest.tags[0].mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(attest.tags[0].digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(attest.missing).toEqual(["arm", "s390x"]);

    const arm = row("arm-variants");
    expect(keys(arm.tags[0].platforms)).toEqual(["linux/amd64", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7"]);
    expect(arm.tags[0].mediaType).toBe("application/vnd.docker.distribution.manifest.list.v2+json");
    expect(arm.missing).toEqual(["arm64", "ppc64le", "s390x"]);
    expect(arm.cells.arm).toMatchObject({ state: "present", variants: ["v5", "v6", "v7"] });

    const mixed = row("mixed");
    expect(keys(mixed.tags[0].platforms)).toEqual(["linux/amd64", "linux/arm64", "windows/amd64"]);
    expect(mixed.tags[0].platforms.find((p) => p.os === "windows")?.osVersion).toBe("10.0.20348.2762");
    expect(mixed.tags[0].platforms.find((p) => p.architecture === "arm64")).toMatchObject({ raw: { variant: "v8" } });
    expect(mixed.missing).toEqual(["arm", "ppc64le", "s390x"]);

    const win = row("winonly");
    expect(win.tags.map((t) => t.tag)).toEqual(["ltsc2019"]);
    expect(win.tags[0].platforms).toMatchObject([{ os: "windows", architecture: "amd64", osVersion: "10.0.17763.6414" }]);
    expect(win.missing).toEqual(["amd64", "arm", "arm64", "ppc64le", "s390x"]);

    const oci = row("single-oci");
    expect(oci.tags[0].mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(keys(oci.tags[0].platforms)).toEqual(["linux/arm64"]);
    expect(oci.missing).toEqual(["amd64", "arm", "ppc64le", "s390x"]);

    const docker = row("single-docker");
    expect(docker.tags[0].mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(keys(docker.tags[0].platforms)).toEqual(["linux/s390x"]);

    const full = row("full");
    expect(full.tags.map((t) => t.tag)).toEqual(["latest", "1.0"]); // newest first: latest, then versions
    expect(full.missing).toEqual([]);
    expect(full.tags.every((t) => t.missing.length === 0)).toBe(true);

    expect(keys(row("nested").tags[0].platforms)).toEqual(["linux/amd64", "linux/riscv64"]);

    const ghost = row("ghost");
    expect(ghost.status).toBe("error");
    expect(ghost.error?.code).toBe("repository-not-found");
    expect(Object.values(ghost.cells).every((c) => c.state === "unknown")).toBe(true);

    const solo = row("solo");
    expect(solo.cells.arm64.state).toBe("separate-image");
    expect(solo.cells.arm64.siblings?.[0].reference).toContain("arm64v8/solo");
    expect(solo.cells.arm.state).toBe("missing");
  });

  it("filters coverage and exports the same gaps as CSV, JSON and Markdown", async () => {
    const onlyArm = await coverage("?missing=arm&q=team/");
    expect(onlyArm.repositories.every((r) => r.missing.includes("arm"))).toBe(true);
    expect(onlyArm.repositories.map((r) => r.reference)).toContain(`${proxy.host}/team/oci-attest`);
    expect(onlyArm.repositories.map((r) => r.reference)).not.toContain(`${proxy.host}/team/arm-variants`);

    const csvRes = await api.gaps.GET(get("/api/reports/gaps?format=csv&layout=table&q=team/oci-attest"));
    expect(csvRes.headers.get("content-type")).toContain("text/csv");
    const csv = (await csvRes.text()).trim().split("\r\n");
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(",present,missing,present,present,missing,arm s390x,");

    const json = JSON.parse(await (await api.gaps.GET(get("/api/reports/gaps?format=json&q=team/arm-variants"))).text());
    expect(json.repositories[0].missing).toEqual(["arm64", "ppc64le", "s390x"]);
    const md = await (await api.gaps.GET(get("/api/reports/gaps?format=md&scope=all&q=team/full"))).text();
    expect(md).toContain("| ✓ Present | ✓ Present | ✓ Present | ✓ Present | ✓ Present |");
    expect((await api.gaps.GET(get("/api/reports/gaps?format=pdf"))).status).toBe(400);

    // The coverage answer is served from cached bytes: the same query answers the same document.
    expect(await coverage("?missing=arm")).toEqual(await coverage("?missing=arm"));
    expect((await api.coverage.GET(get("/api/coverage?missing=sparc"))).status).toBe(400);
  });

  it("pages, sorts and groups rows on the server, with the summary over every matching row", async () => {
    const all = await coverage("?q=team/");
    const total = all.repositories.length;
    expect(total).toBeGreaterThan(5);
    expect(all.page).toBeUndefined();

    // Pages of 3 in name order: disjoint, in order, together the whole list.
    const pages: string[] = [];
    for (let offset = 0; offset < total; offset += 3) {
      const p = await coverage(`?q=team/&limit=3&offset=${offset}`);
      expect(p.page).toEqual({ offset, limit: 3, total });
      expect(p.summary).toEqual(all.summary);
      pages.push(...p.repositories.map((r) => r.reference));
    }
    expect(pages).toEqual(all.repositories.map((r) => r.reference));
    // A page past the end answers the last page, and says so.
    const past = await coverage(`?q=team/&limit=3&offset=${total + 30}`);
    expect(past.page?.offset).toBe(Math.floor((total - 1) / 3) * 3);
    expect(past.repositories.at(-1)?.reference).toBe(pages.at(-1));

    // The summary follows the text search: only the arm-variants repository matches.
    const one = await coverage("?q=team/arm-variants&limit=0");
    expect(one.repositories).toEqual([]);
    expect(one.page?.total).toBe(1);
    expect(one.summary.columns.find((c) => c.key === "arm")).toMatchObject({ present: 1, percent: 100, complete: 1, partial: 0, completePercent: 100 });
    expect(one.summary.columns.find((c) => c.key === "arm64")).toMatchObject({ present: 0, missing: 1, percent: 0 });

    // Coverage, fewest first: failed/unscanned rows first, the complete "full" repository last.
    const byCov = await coverage("?q=team/&sort=coverage");
    expect(byCov.repositories[0].status).toBe("error");
    expect(byCov.repositories.at(-1)?.reference).toBe(`${proxy.host}/team/full`);
    const byCovDesc = await coverage("?q=team/&sort=coverage&dir=desc");
    expect(byCovDesc.repositories[0].reference).toBe(`${proxy.host}/team/full`);
    // Name, Z to A.
    const desc = await coverage("?q=team/&sort=name&dir=desc&limit=2");
    expect(desc.repositories.map((r) => r.reference)).toEqual(all.repositories.map((r) => r.reference).reverse().slice(0, 2));

    // Grouping by registry: one group holding every row, counted over all pages.
    const grouped = await coverage("?q=team/&group=registry&limit=2");
    expect(grouped.groups).toEqual([{ key: proxy.host, count: total }]);

    for (const bad of ["sort=size", "dir=up", "group=os", "limit=-1", "offset=x", "limit=100000"]) {
      const res = await api.coverage.GET(get(`/api/coverage?${bad}`));
      expect(res.status, bad).toBe(400);
    }
  });

  it("rescans an unchanged tag with exactly one HEAD request", async () => {
    const ids = ["oci-attest", "arm-variants", "mixed", "single-oci", "single-docker", "full"].map((n) => repos[n].id);
    proxy.reset();
    const s = await scan(ids);
    expect(s.status).toBe("succeeded");
    const c = proxy.counts();
    expect(c.total).toBe(7); // 7 tags
    expect(c.byMethod).toEqual({ HEAD: 7 });
  });

  it("records a regression when a tag loses a platform, and keeps old data when a scan fails", async () => {
    const reg = { url: registry.url };
    await pushImage(reg, "team/full", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "shrunk" });
    proxy.reset();
    await scan([repos.full.id]);
    // HEAD x2, then GET of the changed index: its children are declared in the index itself.
    expect(proxy.counts().byMethod).toEqual({ HEAD: 2, GET: 1 });

    const events = (await (await api.events.GET(get(`/api/events?repositoryId=${repos.full.id}&regression=true`))).json()) as { events: ApiChangeEvent[] };
    expect(events.events[0]).toMatchObject({ tag: "latest", kind: "changed", added: [], removed: ["linux/arm/v7", "linux/ppc64le", "linux/s390x"], regression: true });

    const detail = await api.repository.GET(get(`/api/repositories/${repos.full.id}`), idCtx(repos.full.id));
    const body = (await detail.json()) as { coverage: { missing: string[] }; events: ApiChangeEvent[] };
    expect(body.coverage.missing).toEqual(["arm", "ppc64le", "s390x"]);

    // The registry loses the tag: the scan fails for it but the stored platforms stay.
    await deleteTag(reg, "team/single-docker", "latest");
    const before = (await coverage("?q=team/single-docker")).repositories[0];
    const failed = await scan([repos["single-docker"].id]);
    expect(failed).toMatchObject({ status: "failed", failed: 1 });
    const after = (await coverage("?q=team/single-docker")).repositories[0];
    expect(after.status).toBe("error");
    expect(after.error?.code).toBe("tag-not-found");
    expect(after.tags[0].digest).toBe(before.tags[0].digest);
    expect(keys(after.tags[0].platforms)).toEqual(["linux/s390x"]);
  });

  it("records platforms a moved tag gains, and no event when a new digest keeps the platform set", async () => {
    const eventsOf = async () =>
      ((await (await api.events.GET(get(`/api/events?repositoryId=${repos.full.id}`))).json()) as { events: ApiChangeEvent[] }).events;
    await retag({ url: registry.url }, "team/full", "1.0", "latest");
    const n = (await eventsOf()).length;
    await scan([repos.full.id]);
    const evs = await eventsOf();
    expect(evs.length).toBe(n + 1);
    expect(evs[0]).toMatchObject({ tag: "latest", kind: "changed", added: ["linux/arm/v7", "linux/ppc64le", "linux/s390x"], removed: [], regression: false });

    await pushImage({ url: registry.url }, "team/full", "latest", {
      format: "oci-index",
      platforms: [linux("amd64"), linux("arm64"), linux("arm", "v7"), linux("ppc64le"), linux("s390x")],
      seed: "rebuilt",
    });
    await scan([repos.full.id]);
    expect((await eventsOf()).length).toBe(n + 1);
  });
});

describe("lying indexes", () => {
  it("flags an entry whose config disagrees with the index once verification is switched on", async () => {
    await pushImage({ url: registry.url }, "team/liar", "latest", {
      format: "oci-index",
      platforms: [linux("amd64")],
      lie: { index: linux("arm64"), config: linux("amd64") },
    });
    const repo = await add(`${proxy.host}/team/liar`);
    await scan([repo.id]);
    let row = (await coverage("?q=team/liar")).repositories[0];
    expect(row.cells.arm64.state).toBe("present");

    const patch = await api.repository.PATCH(
      new Request(`${base}/api/repositories/${repo.id}`, { method: "PATCH", body: JSON.stringify({ verifyConfigs: true }), headers: { "content-type": "application/json" } }),
      idCtx(repo.id),
    );
    expect(patch.status).toBe(200);
    // The digest is unchanged, yet the tag is resolved once more because it was never verified.
    proxy.reset();
    await scan([repo.id]);
    expect(proxy.counts().byMethod.GET).toBeGreaterThanOrEqual(3); // index + entry manifest + its config
    row = (await coverage("?q=team/liar")).repositories[0];
    const liar = row.tags[0].platforms.find((p) => p.architecture === "arm64");
    expect(liar?.configMismatch).toEqual({ os: "linux", architecture: "amd64" });
    // Its own state (issue 9): the image behind the arm64 entry cannot run on arm64, so the
    // column counts as missing for the tag, the repository and the header figures.
    expect(row.cells.arm64.state).toBe("mismatch");
    expect(row.cells.arm64.notes.join(" ")).toContain("index says linux/arm64, the image inside is linux/amd64");
    expect(row.tags[0].missing).toContain("arm64");
    expect(row.missing).toContain("arm64");
    const arm64 = (await coverage("?q=team/liar&limit=0")).summary.columns.find((c) => c.key === "arm64");
    expect(arm64).toMatchObject({ present: 0, complete: 0, partial: 0, missing: 1, percent: 0, completePercent: 0 });
  });
});

describe("tag policy changes", () => {
  it("drops tags the policy no longer selects, after a successful pass", async () => {
    const reg = { url: registry.url };
    await pushImage(reg, "team/policy", "latest", { format: "oci-image", platform: linux("amd64") });
    await pushImage(reg, "team/policy", "old", { format: "oci-image", platform: linux("arm64") });
    const repo = await add(`${proxy.host}/team/policy`, ["latest", "old"]);
    await scan([repo.id]);
    expect((await coverage("?q=team/policy")).repositories[0].tags.map((t) => t.tag)).toEqual(["latest", "old"]);
    const patch = await api.repository.PATCH(
      new Request(`${base}/api/repositories/${repo.id}`, { method: "PATCH", body: JSON.stringify({ tags: ["latest"] }), headers: { "content-type": "application/json" } }),
      idCtx(repo.id),
    );
    expect(patch.status).toBe(200);
    await scan([repo.id]);
    const row = (await coverage("?q=team/policy")).repositories[0];
    expect(row.tags.map((t) => t.tag)).toEqual(["latest"]);
    expect(row.missing).toEqual(["arm", "arm64", "ppc64le", "s390x"]);
  });
});

describe("deleting", () => {
  it("removes a repository and answers 404 afterwards", async () => {
    const r = await add(`${proxy.host}/team/to-delete`);
    const del = await api.repository.DELETE(new Request(`${base}/api/repositories/${r.id}`, { method: "DELETE" }), idCtx(r.id));
    expect(del.status).toBe(204);
    const again = await api.repository.GET(get(`/api/repositories/${r.id}`), idCtx(r.id));
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("not-found");
  });
});
