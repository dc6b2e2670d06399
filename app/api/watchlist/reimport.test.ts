// POST /api/watchlist as the way to edit watches kept in git: re-importing an edited file
// updates policies in place (row and history kept), ?prune=true removes what the file dropped.
// Real route handlers on a Prisma-migrated SQLite file; no registry is contacted.
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectJson, get } from "../../../test/support/routes";
import type { ApiRepository, WatchlistImportResponse } from "../../../lib/api-types";

const TOKEN = "reimport-admin-token";
const admin = { authorization: `Bearer ${TOKEN}` };

let api: { watchlist: typeof import("./route"); repositories: typeof import("../repositories/route") };
let prisma: typeof import("../../../lib/db").prisma;

const importText = (text: string, query = "") =>
  api.watchlist.POST(new Request(`http://archgrid.test/api/watchlist${query}`, { method: "POST", body: text, headers: { "content-type": "application/yaml", ...admin } }));
async function watched(): Promise<Record<string, ApiRepository>> {
  const { repositories } = await expectJson<{ repositories: ApiRepository[] }>(await api.repositories.GET(get("/api/repositories")), 200);
  return Object.fromEntries(repositories.map((r) => [r.reference, r]));
}
const events = (repositoryId: string) => prisma.changeEvent.count({ where: { repositoryId } });

const v1 = [
  "repositories:",
  "  - ghcr.io/acme/api",
  "  - reference: ghcr.io/acme/web",
  "    tagPolicy: { kind: newest, count: 3 }",
  "  - reference: ghcr.io/acme/db",
  "    tags: ['15']",
].join("\n");
const v2 = [
  "repositories:",
  "  - ghcr.io/acme/api",
  "  - reference: ghcr.io/acme/web",
  "    tagPolicy: { kind: pattern, include: ['^v\\d+'], max: 5 }",
  "    verifyConfigs: true",
].join("\n");

beforeAll(async () => {
  process.env.ARCHGRID_ADMIN_TOKEN = TOKEN;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = { watchlist: await import("./route"), repositories: await import("../repositories/route") };
  prisma = (await import("../../../lib/db")).prisma;
});

describe("re-importing an edited watch-list file", () => {
  it("creates, then updates in place (same row, history kept), then reports unchanged", async () => {
    const first = await expectJson<WatchlistImportResponse>(await importText(v1), 200);
    expect(first.created.map((c) => c.reference)).toEqual(["ghcr.io/acme/api", "ghcr.io/acme/web", "ghcr.io/acme/db"]);
    expect([first.updated, first.unchanged, first.removed]).toEqual([[], [], []]);
    const before = await watched();
    // History the update must keep: one change event on the repository being edited.
    await prisma.changeEvent.create({ data: { repositoryId: before["ghcr.io/acme/web"].id, tag: "v1", kind: "new-tag", added: "[]", removed: "[]" } });

    const second = await expectJson<WatchlistImportResponse>(await importText(v2), 200);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual(["ghcr.io/acme/web"]);
    expect(second.unchanged).toEqual(["ghcr.io/acme/api"]);
    expect(second.removed).toEqual([]);
    expect(second.existing).toEqual(["ghcr.io/acme/api", "ghcr.io/acme/web"]);
    const after = await watched();
    expect(after["ghcr.io/acme/web"]).toMatchObject({ id: before["ghcr.io/acme/web"].id, verifyConfigs: true, tagPolicy: { kind: "pattern", include: ["^v\\d+"], max: 5 } });
    expect(await events(before["ghcr.io/acme/web"].id)).toBe(1);
    // Without prune, a repository the file no longer names stays watched.
    expect(after["ghcr.io/acme/db"].tagPolicy).toEqual({ kind: "tags", tags: ["15"] });

    const third = await expectJson<WatchlistImportResponse>(await importText(v2), 200);
    expect([third.created, third.updated, third.removed]).toEqual([[], [], []]);
    expect(third.unchanged).toEqual(["ghcr.io/acme/api", "ghcr.io/acme/web"]);
  });

  it("turns verifyConfigs off and a policy back to latest when the file drops them", async () => {
    const r = await expectJson<WatchlistImportResponse>(await importText("repositories: [ghcr.io/acme/api, ghcr.io/acme/web]"), 200);
    expect(r.updated).toEqual(["ghcr.io/acme/web"]);
    expect((await watched())["ghcr.io/acme/web"]).toMatchObject({ verifyConfigs: false, tagPolicy: { kind: "tags", tags: ["latest"] } });
  });

  it("refuses a bad file, a bad line under prune and a bad prune value, and changes nothing", async () => {
    const before = await watched();
    expect(await expectError(await importText("repositories:\n  - reference: ghcr.io/acme/api\n    tagPolicy: { kind: newest, count: 0 }"), 400, "invalid-request")).toMatch(/^watch list: repositories\.0/);
    expect(await expectError(await importText("repositories: [ghcr.io/acme/api, Not A Reference]", "?prune=true"), 400, "invalid-request")).toMatch(/Not A Reference: .*nothing was pruned/);
    expect(await expectError(await importText("repositories: [ghcr.io/acme/api]", "?prune=yes"), 400, "invalid-request")).toMatch(/prune must be true or false/);
    expect(await watched()).toEqual(before);
  });

  it("with ?prune=true removes repositories absent from the file, and their events with them", async () => {
    const before = await watched();
    const db = before["ghcr.io/acme/db"].id;
    await prisma.changeEvent.create({ data: { repositoryId: db, tag: "15", kind: "new-tag", added: "[]", removed: "[]" } });
    const r = await expectJson<WatchlistImportResponse>(await importText(v2, "?prune=true"), 200);
    expect(r.removed).toEqual(["ghcr.io/acme/db"]);
    expect(r.updated).toEqual(["ghcr.io/acme/web"]);
    expect(r.unchanged).toEqual(["ghcr.io/acme/api"]);
    expect(Object.keys(await watched()).sort()).toEqual(["ghcr.io/acme/api", "ghcr.io/acme/web"]);
    expect(await events(db)).toBe(0);
    expect(await events(before["ghcr.io/acme/web"].id)).toBe(1);
  });
});
