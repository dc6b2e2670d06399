// Adding with `check: true` looks at the registry first (lib/watch/exists.ts): through the route
// handler, against the real Distribution registry (behind a counting proxy, to hold the request
// budget) and a migrated SQLite file. A refusal stores nothing; "add anyway" (check off) still works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countingProxy, freePort, startRegistry, type CountingProxy, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage } from "../../e2e/fixtures/pusher";
import type { ApiErrorBody, ApiRepository } from "../api-types";

let registry: RunningRegistry;
let proxy: CountingProxy;
let closedHost: string;
let api: typeof import("../../app/api/repositories/route");
let listRepositories: typeof import("../queries").listRepositories;

const post = (body: unknown) =>
  api.POST(new Request("http://archgrid.test/api/repositories", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));

async function refused(body: unknown, status: number): Promise<ApiErrorBody["error"]> {
  const before = (await listRepositories()).length;
  const res = await post(body);
  const json = (await res.json()) as ApiErrorBody;
  expect(res.status, JSON.stringify(json)).toBe(status);
  expect((await listRepositories()).length, "a refused add stores nothing").toBe(before);
  return json.error;
}

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await countingProxy(registry.url);
  closedHost = `127.0.0.1:${await freePort()}`;
  process.env.ARCHGRID_INSECURE_REGISTRIES = `${proxy.host},${closedHost}`;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = await import("../../app/api/repositories/route");
  ({ listRepositories } = await import("../queries"));
  const reg = { url: registry.url };
  const amd64 = { format: "oci-image" as const, platform: { os: "linux", architecture: "amd64" } };
  for (const tag of ["1.9.0", "1.10.0", "2.0.0-rc1", "edge"]) await pushImage(reg, "acme/api", tag, { ...amd64, seed: tag });
  for (const tag of ["1.9.0", "1.10.0", "2.0.0-rc1", "edge"]) await pushImage(reg, "acme/versions", tag, { ...amd64, seed: `v${tag}` });
  await pushImage(reg, "acme/worker", "latest", { ...amd64, seed: "worker" });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe("POST /api/repositories with check", () => {
  it("adds an existing repository and tag after one tags/list", async () => {
    proxy.reset();
    const res = await post({ reference: `${proxy.host}/acme/api:1.10.0`, check: true });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { repository: ApiRepository }).repository.tagPolicy).toEqual({ kind: "tags", tags: ["1.10.0"] });
    expect(proxy.counts().byPath).toEqual({ "GET /v2/acme/api/tags/list": 1 });
  });

  it("a mistyped name: not found, with the catalog's nearest name", async () => {
    const e = await refused({ reference: `${proxy.host}/acme/apii`, check: true }, 422);
    expect(e).toEqual({
      code: "repository-not-found",
      message: `acme/apii not found on ${proxy.host} — did you mean acme/api?`,
      suggestions: [`${proxy.host}/acme/api`],
      addAnyway: true,
    });
  });

  it("a name with nothing near it: just not found", async () => {
    const e = await refused({ reference: `${proxy.host}/zzz/unrelated-thing`, check: true }, 422);
    expect(e.message).toBe(`zzz/unrelated-thing not found on ${proxy.host}`);
    expect(e.suggestions).toEqual([]);
  });

  it("a tag that does not exist: the repository's newest tags to pick from, newest first", async () => {
    const e = await refused({ reference: `${proxy.host}/acme/versions`, check: true }, 422);
    expect(e).toEqual({
      code: "tag-not-found",
      message: `acme/versions on ${proxy.host} has no tag latest; its newest tags: 2.0.0-rc1, 1.10.0, 1.9.0, edge`,
      tags: ["2.0.0-rc1", "1.10.0", "1.9.0", "edge"], // semver (1.10 after 1.9), not text order
      addAnyway: true,
    });
    const typed = await refused({ reference: `${proxy.host}/acme/versions:1.11.0`, check: true }, 422);
    expect(typed.message).toMatch(/has no tag 1\.11\.0; its newest tags: 2\.0\.0-rc1,/);
  });

  it("a policy that selects nothing now is said too; one that selects something is added", async () => {
    const e = await refused({ reference: `${proxy.host}/acme/worker`, tagPolicy: { kind: "newest", count: 3, include: ["3.*"] }, check: true }, 422);
    expect(e).toMatchObject({ code: "no-matching-tags", tags: ["latest"], addAnyway: true });
    expect((await post({ reference: `${proxy.host}/acme/worker`, tagPolicy: { kind: "newest", count: 3 }, check: true })).status).toBe(201);
  });

  it("an unreachable registry: 502 saying so, and add anyway (check off) watches it", async () => {
    const e = await refused({ reference: `${closedHost}/acme/api`, check: true }, 502);
    expect(e.code).toBe("registry-unreachable");
    expect(e.message).toMatch(new RegExp(`^could not reach ${closedHost} to see whether acme/api exists: .+; add it anyway to watch it without this check$`));
    expect(e.addAnyway).toBe(true);
    expect((await post({ reference: `${closedHost}/acme/api` })).status).toBe(201);
  });

  it("already watched is said before asking the registry", async () => {
    proxy.reset();
    const e = await refused({ reference: `${proxy.host}/acme/api:1.10.0`, check: true }, 409);
    expect(e.code).toBe("already-watched");
    expect(proxy.counts().total).toBe(0);
  });
});
