// GET|POST /api/watchlist through the real route handlers and a Prisma-migrated SQLite file:
// the watch list as a file kept in git (YAML or JSON), exported and re-imported idempotently.
// No registry is needed: adding to the watch list does not contact one.
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { expectError, expectJson, get, post } from "../../../test/support/routes";
import type { ApiRepository, BulkAddResponse } from "../../../lib/api-types";

const TOKEN = "watchlist-admin-token";
const admin = { authorization: `Bearer ${TOKEN}` };

let api: { watchlist: typeof import("./route"); repositories: typeof import("../repositories/route") };

const importText = (text: string, headers: Record<string, string> = admin) =>
  api.watchlist.POST(new Request("http://archgrid.test/api/watchlist", { method: "POST", body: text, headers: { "content-type": "application/yaml", ...headers } }));
async function watched(): Promise<ApiRepository[]> {
  return (await expectJson<{ repositories: ApiRepository[] }>(await api.repositories.GET(get("/api/repositories")), 200)).repositories;
}

beforeAll(async () => {
  process.env.ARCHGRID_ADMIN_TOKEN = TOKEN;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = { watchlist: await import("./route"), repositories: await import("../repositories/route") };
});

describe("POST /api/watchlist", () => {
  it("imports references and entries with tag policies from YAML", async () => {
    const file = [
      "# our images",
      "version: 1",
      "repositories:",
      "  - ghcr.io/acme/api",
      "  - reference: ghcr.io/acme/web",
      "    tagPolicy: { kind: newest, count: 3 }",
      "  - reference: quay.io/acme/db:15",
      "    verifyConfigs: true",
    ].join("\n");
    const r = await expectJson<BulkAddResponse>(await importText(file), 200);
    expect(r.created.map((c) => c.reference)).toEqual(["ghcr.io/acme/api", "ghcr.io/acme/web", "quay.io/acme/db"]);
    expect(r.existing).toEqual([]);
    expect(r.invalid).toEqual([]);
    const byRef = Object.fromEntries((await watched()).map((w) => [w.reference, w]));
    expect(byRef["ghcr.io/acme/api"].tagPolicy).toEqual({ kind: "tags", tags: ["latest"] });
    expect(byRef["ghcr.io/acme/web"].tagPolicy).toEqual({ kind: "newest", count: 3 });
    expect(byRef["quay.io/acme/db"]).toMatchObject({ tagPolicy: { kind: "tags", tags: ["15"] }, verifyConfigs: true });
  });

  it("is idempotent, reports bad lines without failing the rest, and accepts JSON", async () => {
    const doc = { repositories: ["ghcr.io/acme/api", "Not A Reference", { reference: "docker.io/library/redis", tags: ["7"] }] };
    const r = await expectJson<BulkAddResponse>(await importText(JSON.stringify(doc)), 200);
    expect(r.created.map((c) => c.reference)).toEqual(["docker.io/library/redis"]);
    expect(r.existing).toEqual(["ghcr.io/acme/api"]);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]).toMatchObject({ reference: "Not A Reference", error: { code: "invalid-reference" } });
    expect((await watched()).map((w) => w.reference).sort()).toEqual(["docker.io/library/redis", "ghcr.io/acme/api", "ghcr.io/acme/web", "quay.io/acme/db"]);
  });

  it("refuses a malformed file, a wrong shape, a huge body and a missing token with a clear error, and stores nothing", async () => {
    const before = await watched();
    expect(await expectError(await importText("repositories: [unclosed"), 400, "invalid-request")).toMatch(/not valid YAML or JSON/);
    expect(await expectError(await importText("repositories: 5"), 400, "invalid-request")).toMatch(/^watch list: repositories: /);
    expect(await expectError(await importText("repositories:\n  - ghcr.io/acme/new\n  - { tags: [x] }"), 400, "invalid-request")).toMatch(/^watch list: repositories\.1\.reference: /);
    expect(await expectError(await importText(`repositories:\n  - ghcr.io/acme/huge\n#${"x".repeat(5_000_001)}`), 413, "body-too-large")).toMatch(/larger than 5 MB/);
    await expectError(await importText("repositories: [ghcr.io/acme/sneaky]", {}), 401, "unauthorized");
    expect(await watched()).toEqual(before);
  });
});

describe("GET /api/watchlist", () => {
  it("exports YAML by default, as a download, that re-imports to nothing new", async () => {
    const res = await api.watchlist.GET(get("/api/watchlist"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="archgrid-watchlist.yaml"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text.startsWith("# archgrid watch list\n")).toBe(true);
    const doc = YAML.parse(text) as { version: number; repositories: Array<{ reference: string; tagPolicy: unknown; verifyConfigs?: boolean }> };
    expect(doc.version).toBe(1);
    expect(doc.repositories.map((r) => r.reference).sort()).toEqual(["docker.io/library/redis", "ghcr.io/acme/api", "ghcr.io/acme/web", "quay.io/acme/db"]);
    expect(doc.repositories.find((r) => r.reference === "ghcr.io/acme/web")?.tagPolicy).toEqual({ kind: "newest", count: 3 });
    expect(doc.repositories.find((r) => r.reference === "quay.io/acme/db")?.verifyConfigs).toBe(true);
    expect(doc.repositories.find((r) => r.reference === "ghcr.io/acme/api")).not.toHaveProperty("verifyConfigs");

    const again = await expectJson<BulkAddResponse>(await importText(text), 200);
    expect(again.created).toEqual([]);
    expect(again.existing.sort()).toEqual(doc.repositories.map((r) => r.reference).sort());
  });

  it("exports JSON on ?format=json with the same content", async () => {
    const res = await api.watchlist.GET(get("/api/watchlist?format=json"));
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="archgrid-watchlist.json"');
    const fromJson = JSON.parse(await res.text()) as unknown;
    const fromYaml = YAML.parse(await (await api.watchlist.GET(get("/api/watchlist?format=yaml"))).text()) as unknown;
    expect(fromJson).toEqual(fromYaml);
  });

  it("restores the whole watch list, tag policies included, after every repository was deleted", async () => {
    const exported = await (await api.watchlist.GET(get("/api/watchlist?format=json"))).text();
    const { DELETE } = await import("../repositories/[id]/route");
    for (const w of await watched()) expect((await DELETE(new Request(`http://archgrid.test/api/repositories/${w.id}`, { method: "DELETE", headers: admin }), { params: Promise.resolve({ id: w.id }) })).status).toBe(204);
    expect(await watched()).toEqual([]);
    const r = await expectJson<BulkAddResponse>(await importText(exported), 200);
    expect(r.created).toHaveLength(4);
    expect(await (await api.watchlist.GET(get("/api/watchlist?format=json"))).text()).toBe(exported);
  });
});
