// GET /api/scans/{id}/repositories through the real route handlers, against the real
// Distribution registry and a Prisma-migrated SQLite file: a scan where one repository does not
// exist on the registry ends "partial", and this route names that repository and its error,
// failures first, and the others as ok.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../../../../e2e/fixtures/registry";
import { pushMany } from "../../../../../e2e/fixtures/pusher";
import { expectError, expectJson, get, idCtx, post, until } from "../../../../../test/support/routes";
import type { ApiRepository, ApiScan } from "../../../../../lib/api-types";
import type { ApiScanRepository } from "../../../../../lib/queries/scan-repositories";

const TOKEN = "scan-repos-test-admin-token";
const admin = { authorization: `Bearer ${TOKEN}` };

let registry: RunningRegistry;
let api: {
  repos: typeof import("./route");
  scans: typeof import("../../route");
  scan: typeof import("../route");
  bulk: typeof import("../../../repositories/bulk/route");
};
const repos: ApiRepository[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  process.env.ARCHGRID_ADMIN_TOKEN = TOKEN;
  api = {
    repos: await import("./route"),
    scans: await import("../../route"),
    scan: await import("../route"),
    bulk: await import("../../../repositories/bulk/route"),
  };
  const pushed = ["outcome/app-a", "outcome/app-b"];
  await pushMany(
    { url: registry.url },
    pushed.map((repo) => ({ repo, tag: "latest", spec: { format: "oci-index" as const, platforms: [{ os: "linux", architecture: "amd64" }], seed: repo } })),
  );
  // "outcome/ghost" is never pushed: its scan fails with the registry's own error.
  const names = [...pushed, "outcome/ghost"];
  const res = await api.bulk.POST(post("/api/repositories/bulk", { references: names.map((n) => `${registry.host}/${n}`) }, admin));
  repos.push(...(await expectJson<{ created: ApiRepository[] }>(res, 201)).created);
  expect(repos).toHaveLength(3);
}, 90_000);

afterAll(async () => {
  await registry?.stop();
});

describe("GET /api/scans/{id}/repositories", () => {
  it("names each repository's outcome in a partly failed scan, the failed one first with its error", async () => {
    const started = (await expectJson<{ scan: ApiScan }>(await api.scans.POST(post("/api/scans", { repositoryIds: repos.map((r) => r.id) }, admin)), 202)).scan;
    const scan = await until(async () => {
      const s = (await expectJson<{ scan: ApiScan }>(await api.scan.GET(get(`/api/scans/${started.id}`), idCtx(started.id)), 200)).scan;
      return s.status === "queued" || s.status === "running" ? undefined : s;
    }, "the scan to finish", 60_000);
    expect(scan).toMatchObject({ status: "partial", total: 3, failed: 1 });

    const body = await expectJson<{ scan: ApiScan; repositories: ApiScanRepository[] }>(
      await api.repos.GET(get(`/api/scans/${scan.id}/repositories`), idCtx(scan.id)),
      200,
    );
    expect(body.scan).toEqual(scan);
    expect(body.repositories.map((r) => [r.reference, r.outcome])).toEqual([
      [`${registry.host}/outcome/ghost`, "failed"],
      [`${registry.host}/outcome/app-a`, "ok"],
      [`${registry.host}/outcome/app-b`, "ok"],
    ]);
    const ghost = body.repositories[0];
    expect(ghost.repositoryId).toBe(repos.find((r) => r.name === "outcome/ghost")!.id);
    expect(ghost.error?.code.length).toBeGreaterThan(0);
    expect(ghost.error?.message.length).toBeGreaterThan(0);
    expect(ghost.finishedAt).not.toBeNull();
    for (const ok of body.repositories.slice(1)) expect(ok.error).toBeNull();
  }, 90_000);

  it("answers 404 not-found for a scan that does not exist", async () => {
    const msg = await expectError(await api.repos.GET(get("/api/scans/nope/repositories"), idCtx("nope")), 404, "not-found");
    expect(msg).toContain("nope");
  });
});
