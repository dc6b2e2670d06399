// GET /api/metrics after a real scan: the real Distribution registry behind the fault proxy
// (which adds rate-limit headers and fails one manifest request once), the route handlers, the
// scan engine and a Prisma-migrated SQLite file. The output is read by a strict text-format
// parser, and every figure is checked against an independent source: the proxy's own request
// log, the tags pushed, the coverage API's summary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultyRegistry, type Faulty } from "../../test/support/harness";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { get, post, expectJson, idCtx } from "../../test/support/routes";
import { parsePrometheusText, sample, samples, type Family } from "../../test/support/prom-text";
import type { ApiScan, CoverageResponseFull } from "../api-types";

const linux = (architecture: string, variant?: string): Plat => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });

let fp: Faulty;
let api: {
  metrics: typeof import("../../app/api/metrics/route");
  health: typeof import("../../app/api/health/route");
  ready: typeof import("../../app/api/ready/route");
  repositories: typeof import("../../app/api/repositories/route");
  scans: typeof import("../../app/api/scans/route");
  scan: typeof import("../../app/api/scans/[id]/route");
  coverage: typeof import("../../app/api/coverage/route");
};
let waitForScan: (id: string) => Promise<ApiScan>;

async function scrape(headers: Record<string, string> = {}): Promise<Map<string, Family>> {
  const res = await api.metrics.GET(get("/api/metrics", headers));
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(text);
}

async function scanAll(): Promise<ApiScan> {
  const { scan } = await expectJson<{ scan: ApiScan }>(await api.scans.POST(post("/api/scans", {})), 202);
  await waitForScan(scan.id);
  return (await expectJson<{ scan: ApiScan }>(await api.scan.GET(get(`/api/scans/${scan.id}`), idCtx(scan.id)), 200)).scan;
}

/** Requests the proxy forwarded or answered, by status, from index `from` on. */
function proxyStatuses(from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of fp.proxy.requests().slice(from)) out[String(r.status)] = (out[String(r.status)] ?? 0) + 1;
  return out;
}

function counterByStatus(m: Map<string, Family>, host: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples(m, "archgrid_registry_requests_total")) if (s.labels.host === host) out[s.labels.status] = s.value;
  return out;
}

beforeAll(async () => {
  fp = await faultyRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = fp.proxy.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    metrics: await import("../../app/api/metrics/route"),
    health: await import("../../app/api/health/route"),
    ready: await import("../../app/api/ready/route"),
    repositories: await import("../../app/api/repositories/route"),
    scans: await import("../../app/api/scans/route"),
    scan: await import("../../app/api/scans/[id]/route"),
    coverage: await import("../../app/api/coverage/route"),
  };
  const { engine } = await import("../scan/engine");
  waitForScan = (id) => engine().wait(id);
  // Pushed straight to the registry: the proxy's log holds archgrid's requests only.
  await pushImage(fp.target, "team/multi", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")] });
  await pushImage(fp.target, "team/multi", "v1", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "v1" });
  await pushImage(fp.target, "team/armonly", "latest", { format: "oci-image", platform: linux("arm64") });
  await pushImage(fp.target, "team/oldarm", "latest", { format: "docker-list", platforms: [linux("amd64"), linux("arm", "v7")] });
  const watch: Array<[string, string[]]> = [["team/multi", ["latest", "v1"]], ["team/armonly", ["latest"]], ["team/oldarm", ["latest"]]];
  for (const [name, tags] of watch) {
    await expectJson(await api.repositories.POST(post("/api/repositories", { reference: `${fp.proxy.host}/${name}`, tags })), 201);
  }
}, 120_000);

afterAll(async () => {
  await fp?.stop();
});

describe("GET /api/metrics", () => {
  it("reports the scan's tags, outcome, registry requests, rate limit and coverage as the other sources do", async () => {
    const before = await scrape();
    const countedBefore = counterByStatus(before, fp.proxy.host);
    const from = fp.proxy.requests().length;
    fp.proxy.setRules([
      // The first matching rule acts: the one failure first, then headers on every manifest.
      { name: "flaky", method: "GET", path: /\/team\/armonly\/manifests\//, status: 500, times: 1 },
      { name: "limit", path: /\/manifests\//, headers: { "ratelimit-limit": "100;w=21600", "ratelimit-remaining": "76;w=21600" } },
    ]);
    const scan = await scanAll();
    expect(scan.status).toBe("succeeded");
    expect(fp.proxy.hits().flaky).toBe(1);

    const m = await scrape();
    // Per-process counter against the registry side's own log: same requests, same statuses.
    const counted = counterByStatus(m, fp.proxy.host);
    const delta = Object.fromEntries(Object.entries(counted).map(([s, n]) => [s, n - (countedBefore[s] ?? 0)]).filter(([, n]) => n !== 0));
    expect(delta).toEqual(proxyStatuses(from));
    expect(delta["500"]).toBe(1);

    // Installation-wide figures from the database.
    expect(sample(m, "archgrid_scanned_tags_total")).toBe(4);
    expect(sample(m, "archgrid_scans", { status: "succeeded" })).toBe(1);
    expect(sample(m, "archgrid_scan_queue_depth", { status: "queued" })).toBe(0);
    expect(sample(m, "archgrid_scan_queue_depth", { status: "running" })).toBe(0);
    expect(sample(m, "archgrid_tags", { state: "scanned" })).toBe(4);
    expect(sample(m, "archgrid_registry_rate_limit_remaining", { host: fp.proxy.host })).toBe(76);
    expect(sample(m, "archgrid_registry_rate_limit_limit", { host: fp.proxy.host })).toBe(100);

    const cov = await expectJson<CoverageResponseFull>(await api.coverage.GET(get("/api/coverage")), 200);
    expect(cov.summary.columns.length).toBeGreaterThan(0);
    expect(cov.repositories.flatMap((r) => r.tags.filter((t) => t.digest !== null)).length).toBe(4);
    for (const c of cov.summary.columns) {
      for (const state of ["complete", "partial", "missing", "unknown"] as const) {
        expect(sample(m, "archgrid_coverage_repositories", { architecture: c.key, state }), `${c.key} ${state}`).toBe(c[state]);
      }
      expect(sample(m, "archgrid_coverage_ratio", { architecture: c.key })).toBeCloseTo(c.percent / 100, 6);
    }
    // And against what was pushed: arm64 in two of three repositories, amd64 in two, s390x in none.
    expect(sample(m, "archgrid_coverage_repositories", { architecture: "arm64", state: "complete" })).toBe(2);
    expect(sample(m, "archgrid_coverage_repositories", { architecture: "amd64", state: "complete" })).toBe(2);
    expect(sample(m, "archgrid_coverage_repositories", { architecture: "s390x", state: "missing" })).toBe(3);
    expect(sample(m, "archgrid_repositories", { state: "total" })).toBe(3);

    // A second scan adds its tags to the total: it counts tags scanned, not tags known.
    fp.proxy.clearRules();
    expect((await scanAll()).status).toBe("succeeded");
    const again = await scrape();
    expect(sample(again, "archgrid_scanned_tags_total")).toBe(8);
    expect(sample(again, "archgrid_tags", { state: "scanned" })).toBe(4);
    expect(sample(again, "archgrid_scans", { status: "succeeded" })).toBe(2);
  });

  it("times API routes by route template, one observation per request", async () => {
    const count = (m: Map<string, Family>) =>
      samples(m, "archgrid_http_request_duration_seconds_count").find((s) => s.labels.route === "/api/coverage" && s.labels.method === "GET" && s.labels.status === "200")?.value ?? 0;
    const before = count(await scrape());
    for (let i = 0; i < 3; i++) await api.coverage.GET(get("/api/coverage"));
    const m = await scrape();
    expect(count(m) - before).toBe(3);
    // An id in the path is folded into ":id", and an error status is its own series.
    await api.scan.GET(get("/api/scans/does-not-exist"), idCtx("does-not-exist"));
    const after = await scrape();
    const byId = samples(after, "archgrid_http_request_duration_seconds_count").filter((s) => s.labels.route === "/api/scans/:id");
    expect(byId.map((s) => s.labels.status)).toContain("404");
    expect(samples(after, "archgrid_http_request_duration_seconds_count").some((s) => s.labels.route.includes("does-not-exist"))).toBe(false);
  });

  it("follows the read sign-in rule, while health and ready stay open", async () => {
    const { resetEnvForTests } = await import("../env");
    process.env.ARCHGRID_READ_REQUIRES_SIGN_IN = "true";
    process.env.ARCHGRID_ADMIN_TOKEN = "metrics-test-token";
    resetEnvForTests();
    try {
      const res = await api.metrics.GET(get("/api/metrics"));
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain("archgrid_");
      await scrape({ authorization: "Bearer metrics-test-token" });
      expect((await api.health.GET()).status).toBe(200);
      const ready = await api.ready.GET();
      expect(ready.status, await ready.clone().text()).toBe(200);
    } finally {
      delete process.env.ARCHGRID_READ_REQUIRES_SIGN_IN;
      delete process.env.ARCHGRID_ADMIN_TOKEN;
      resetEnvForTests();
    }
  });
});
