// Required architectures and waivers through the real API: route handlers called in-process (as
// Next.js calls them), a Prisma-migrated SQLite copy, images pushed to the real Distribution
// registry and scanned. Every surface that counts gaps is asked: coverage rows, the summary, the
// "missing" filter, the badge, the CSV / JSON / Markdown reports and the watch-list file.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../../../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../../../../e2e/fixtures/registry";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Handler = (req: Request, ctx?: unknown) => Promise<Response>;

const TOKEN = "waivers-test-admin-token";
const FIVE = ["amd64", "arm", "arm64", "ppc64le", "s390x"];
const WITH_WINDOWS = [...FIVE, "windows/amd64"].join(",");
const base = "http://archgrid.test";

describe.skipIf(!fs.existsSync(REGISTRY_BINARY))("required architectures and waivers through the API", () => {
  let reg: RunningRegistry;
  let api: Record<string, Record<string, Handler>>;
  const ids: Record<string, string> = {};

  async function call(method: string, mod: string, url: string, opts: { body?: unknown; params?: Record<string, unknown>; auth?: boolean; type?: string } = {}) {
    const headers: Record<string, string> = {};
    if (opts.auth !== false && method !== "GET") headers.authorization = `Bearer ${TOKEN}`;
    if (opts.body !== undefined) headers["content-type"] = opts.type ?? "application/json";
    const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    const res = await api[mod][method](new Request(base + url, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) });
    const text = await res.text();
    const isJson = (res.headers.get("content-type") ?? "").startsWith("application/json");
    return { status: res.status, text, body: (isJson && text ? JSON.parse(text) : undefined) as Json };
  }
  const coverage = async (query = "") => (await call("GET", "coverage", `/api/coverage${query}`)).body;
  const row = async (id: string, query = `?columns=${WITH_WINDOWS}`) => ((await coverage(query)).repositories as Json[]).find((r) => r.id === id)!;
  const waive = (id: string, body: Json) => call("POST", "waivers", `/api/repositories/${id}/waivers`, { body, params: { id } });

  beforeAll(async () => {
    reg = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    process.env.ARCHGRID_ADMIN_TOKEN = TOKEN;
    (await import("../../../../../lib/env")).resetEnvForTests();
    const linux = (architecture: string, variant?: string) => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });
    await pushImage({ url: reg.url }, "wv/gpu", "1.0", { format: "oci-image", platform: linux("amd64") });
    await pushImage({ url: reg.url }, "wv/all", "1.0", { format: "oci-index", platforms: [linux("amd64"), linux("arm", "v7"), linux("arm64"), linux("ppc64le"), linux("s390x")] });
    api = {
      repositories: await import("../../route"),
      waivers: await import("./route"),
      waiver: await import("./[waiverId]/route"),
      settings: await import("../../../settings/route"),
      coverage: await import("../../../coverage/route"),
      reports: await import("../../../reports/gaps/route"),
      badges: await import("../../../badges/[...slug]/route"),
      watchlist: await import("../../../watchlist/route"),
      scans: await import("../../../scans/route"),
    } as unknown as Record<string, Record<string, Handler>>;
    for (const name of ["gpu", "all"]) {
      ids[name] = (await call("POST", "repositories", "/api/repositories", { body: { reference: `${reg.host}/wv/${name}`, tags: ["1.0"] } })).body.repository.id;
    }
    const scan = (await call("POST", "scans", "/api/scans", { body: {} })).body.scan.id as string;
    await (await import("../../../../../lib/scan")).engine().wait(scan);
  }, 120_000);

  afterAll(async () => reg?.stop());

  it("an informational column (windows/amd64, switched on) is shown but never a gap", async () => {
    const all = await row(ids.all);
    expect(all.missing).toEqual([]);
    expect(all.cells["windows/amd64"]).toMatchObject({ state: "missing", informational: true });
    expect(all.tags[0].missing).toEqual([]);
    const cov = await coverage(`?columns=${WITH_WINDOWS}`);
    expect(cov.required).toEqual(FIVE);
    expect(cov.summary.complete).toBe(1); // wv/all, though it has no windows/amd64
    expect(cov.summary.columns.find((c: Json) => c.key === "windows/amd64")).toMatchObject({ required: false, missing: 2 });
    expect((await coverage(`?columns=${WITH_WINDOWS}&missing=windows/amd64`)).repositories).toEqual([]);
  });

  it("made required in Settings, the same column is a gap again", async () => {
    expect((await call("PUT", "settings", "/api/settings", { body: { requiredColumns: [...FIVE, "windows/amd64"] } })).status).toBe(200);
    expect((await row(ids.all)).missing).toEqual(["windows/amd64"]);
    // A request that names no columns (reports, scripts) gets the required extra column too.
    const plain = await coverage();
    expect(plain.architectures).toEqual([...FIVE, "windows/amd64"]);
    expect(plain.summary.complete).toBe(0);
    expect((await call("GET", "reports", "/api/reports/gaps?format=csv")).text.split("\r\n").find((l) => l.startsWith("reference,tag,"))).toContain(",has_windows/amd64,");
    expect((await call("PUT", "settings", "/api/settings", { body: { requiredColumns: FIVE } })).status).toBe(200);
    expect((await row(ids.all)).missing).toEqual([]);
  });

  it("bad settings are refused in words and change nothing; changing them needs sign-in like every write", async () => {
    const bad = await call("PUT", "settings", "/api/settings", { body: { requiredColumns: ["amd64", "sparc"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('requiredColumns: unknown architecture column "sparc" (known: amd64, arm, arm64, ppc64le, s390x, 386, riscv64, mips64le, windows/amd64)');
    expect((await call("PUT", "settings", "/api/settings", { body: { requiredColumns: [] } })).body.error.message).toBe("requiredColumns: at least one architecture must be required");
    expect((await call("PUT", "settings", "/api/settings", { body: { requiredColumns: ["amd64"] }, auth: false })).status).toBe(401);
    expect((await call("GET", "settings", "/api/settings")).body.settings.requiredColumns).toEqual(FIVE);
  });

  it("waivers take the GPU image's gaps out of every count, and say Waived with the reason", async () => {
    expect((await row(ids.gpu)).missing).toEqual(["arm", "arm64", "ppc64le", "s390x"]);
    const before = await coverage();
    expect(before.summary.complete).toBe(1);
    for (const column of ["arm", "arm64", "ppc64le"]) expect((await waive(ids.gpu, { column, reason: "GPU image, amd64 only" })).status).toBe(201);
    expect((await waive(ids.gpu, { column: "s390x", reason: "GPU image, amd64 only", expiresAt: "2999-12-31" })).status).toBe(201);

    const gpu = await row(ids.gpu);
    expect(gpu.missing).toEqual([]);
    expect(gpu.tags[0]).toMatchObject({ missing: [], waived: ["arm", "arm64", "ppc64le", "s390x"] });
    expect(gpu.cells.arm64).toMatchObject({ state: "waived", waiver: { reason: "GPU image, amd64 only", expiresAt: null, expired: false } });
    expect(gpu.cells.s390x.notes[0]).toBe("waived: GPU image, amd64 only (expires 2999-12-31)");
    const after = await coverage();
    expect(after.summary.complete).toBe(2);
    expect(after.summary.columns.find((c: Json) => c.key === "arm64")).toMatchObject({ missing: 0, waived: 1 });
    expect((await coverage("?missing=arm64")).repositories).toEqual([]);

    const badge = await call("GET", "badges", `/api/badges/${ids.gpu}.svg`, { params: { slug: [`${ids.gpu}.svg`] } });
    const { renderBadge } = await import("../../../../../lib/badges");
    expect(badge.text).toBe(renderBadge({ label: "arch", message: "amd64", color: "brightgreen" }));

    const csv = (await call("GET", "reports", "/api/reports/gaps?format=csv&scope=all")).text.split("\r\n");
    const gpuLine = csv.find((l) => l.includes("/wv/gpu,"))!;
    expect(gpuLine).toContain(",present,waived,waived,waived,waived,,");
    const json = JSON.parse((await call("GET", "reports", "/api/reports/gaps?format=json")).text);
    const gpuJson = json.repositories.find((r: Json) => r.reference.endsWith("/wv/gpu"));
    expect(gpuJson).toMatchObject({ missing: [], cells: { arm64: "waived" } });
    expect(gpuJson.waivers.find((w: Json) => w.column === "arm64")).toMatchObject({ reason: "GPU image, amd64 only", expired: false });
    const md = (await call("GET", "reports", "/api/reports/gaps?format=md&scope=all")).text;
    expect(md).toContain("◌ Waived");
    expect(md).toMatch(/wv\/gpu arm64: waived: GPU image, amd64 only/);
  });

  it("a waiver without a reason, for an unknown column or a past date is refused in words, and nothing is stored", async () => {
    const count = async () => (await call("GET", "waivers", `/api/repositories/${ids.all}/waivers`, { params: { id: ids.all } })).body.waivers.length;
    expect(await count()).toBe(0);
    const cases: Array<[Json, string]> = [
      [{ column: "arm64", reason: "   " }, "reason: is required: say why this gap is accepted"],
      [{ column: "z80", reason: "x" }, "column: is not an architecture column"],
      [{ column: "arm64", reason: "x", expiresAt: "tomorrow" }, 'expiresAt: "tomorrow" is not a date'],
      [{ column: "arm64", reason: "x", expiresAt: "2001-02-03" }, "expiresAt: 2001-02-03 has already passed"],
    ];
    for (const [body, words] of cases) {
      const res = await waive(ids.all, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(words);
    }
    expect((await waive(ids.all, { column: "arm64", reason: "x" }).then(() => waive("nope", { column: "arm64", reason: "x" }))).status).toBe(404);
    expect((await call("POST", "waivers", `/api/repositories/${ids.all}/waivers`, { body: { column: "arm", reason: "x" }, params: { id: ids.all }, auth: false })).status).toBe(401);
    expect(await count()).toBe(1); // only the valid arm64 one
    const [w] = (await call("GET", "waivers", `/api/repositories/${ids.all}/waivers`, { params: { id: ids.all } })).body.waivers;
    expect((await call("DELETE", "waiver", `/api/repositories/${ids.all}/waivers/${w.id}`, { params: { id: ids.all, waiverId: w.id } })).status).toBe(204);
  });

  it("an expired waiver stops applying by itself (no write), and says it expired", async () => {
    const { prisma } = await import("../../../../../lib/db");
    const soon = new Date(Date.now() + 1500);
    await prisma.waiver.update({ where: { repositoryId_column: { repositoryId: ids.gpu, column: "s390x" } }, data: { expiresAt: soon } });
    expect((await row(ids.gpu)).missing).toEqual([]);
    // Polls the real route (its answer cache included) until the expiry instant has passed.
    let missing: string[] = [];
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      missing = (await row(ids.gpu)).missing;
      if (missing.length) break;
    }
    expect(missing).toEqual(["s390x"]);
    const cell = (await row(ids.gpu)).cells.s390x;
    expect(cell).toMatchObject({ state: "missing", waiver: { expired: true } });
    expect(cell.notes[0]).toBe(`waiver expired on ${soon.toISOString().slice(0, 10)}: GPU image, amd64 only`);
    const list = (await call("GET", "waivers", `/api/repositories/${ids.gpu}/waivers`, { params: { id: ids.gpu } })).body.waivers as Json[];
    expect(list.find((w) => w.column === "s390x")?.expired).toBe(true);
  });

  it("the watch-list file carries the required set and the waivers, and re-importing it restores them", async () => {
    const { prisma } = await import("../../../../../lib/db");
    await prisma.waiver.update({ where: { repositoryId_column: { repositoryId: ids.gpu, column: "s390x" } }, data: { expiresAt: new Date("2999-12-31T00:00:00Z") } });
    const yaml = (await call("GET", "watchlist", "/api/watchlist")).text;
    expect(yaml).toContain("requiredColumns:");
    expect(yaml).toContain("reason: GPU image, amd64 only");
    expect(yaml).toContain("expiresAt: 2999-12-31T00:00:00.000Z");

    await prisma.waiver.deleteMany({ where: { repositoryId: ids.gpu } });
    expect((await row(ids.gpu)).missing).toEqual(["arm", "arm64", "ppc64le", "s390x"]);
    const again = await call("POST", "watchlist", "/api/watchlist", { body: yaml, type: "application/yaml" });
    expect(again.body.updated).toEqual([`${reg.host}/wv/gpu`]);
    expect((await row(ids.gpu)).missing).toEqual([]);
    expect((await call("POST", "watchlist", "/api/watchlist", { body: yaml, type: "application/yaml" })).body.unchanged).toHaveLength(2);

    // A bad waiver line: a 400 in plain words, and nothing in the file is applied.
    const bad = yaml.replace("requiredColumns:", "requiredColumns:\n    - riscv64").replace(/reason: GPU image, amd64 only/, 'reason: ""');
    const refused = await call("POST", "watchlist", "/api/watchlist", { body: bad, type: "application/yaml" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^watch list: repositories\.\d+\.waivers\.0\.reason: is required: say why this gap is accepted/);
    expect((await call("GET", "settings", "/api/settings")).body.settings.requiredColumns).toEqual(FIVE);

    // `waivers: []` removes a repository's waivers; required columns come from the file.
    const cleared = yaml.replace(/    waivers:\n(      .*\n)+/, "    waivers: []\n").replace("requiredColumns:", "requiredColumns:\n    - windows/amd64");
    expect((await call("POST", "watchlist", "/api/watchlist", { body: cleared, type: "application/yaml" })).status).toBe(200);
    expect((await call("GET", "settings", "/api/settings")).body.settings.requiredColumns).toEqual([...FIVE, "windows/amd64"]);
    expect((await row(ids.gpu)).missing).toEqual(["arm", "arm64", "ppc64le", "s390x", "windows/amd64"]);
  });
});
