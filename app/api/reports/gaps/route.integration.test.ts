// GET /api/reports/gaps through the real route handlers, on a Prisma-migrated SQLite file, after
// real scans of the real Distribution registry: two scans apart, one tag loses s390x and another
// gains it, so the "Changed since" section has a regression and a closed gap to tell.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../../../e2e/fixtures/registry";
import type { ApiRepository } from "@/lib/api-types";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const base = "http://archgrid.test";
const linux = (architecture: string) => ({ os: "linux", architecture });
const FIVE = ["amd64", "arm", "arm64", "ppc64le", "s390x"];

describe.skipIf(!hasRegistry)("GET /api/reports/gaps", () => {
  let reg: RunningRegistry;
  let gaps: typeof import("./route");
  const get = async (query: string) => gaps.GET(new Request(`${base}/api/reports/gaps?${query}`));
  const text = async (query: string) => {
    const res = await get(query);
    const body = await res.text();
    expect(res.status, body).toBe(200);
    return body;
  };

  beforeAll(async () => {
    reg = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    gaps = await import("./route");
    const repositories = await import("../../repositories/route");
    const scans = await import("../../scans/route");
    const { engine } = await import("@/lib/scan/engine");
    const push = (name: string, archs: string[], seed: string) => pushImage({ url: reg.url }, name, "latest", { format: "oci-index", platforms: archs.map(linux), seed });
    const scanAll = async () => {
      const res = await scans.POST(new Request(`${base}/api/scans`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }));
      const { scan } = (await res.json()) as { scan: { id: string } };
      expect((await engine().wait(scan.id)).status).toBe("succeeded");
    };
    await push("acme/web", FIVE, "web-1");
    await push("acme/api", ["amd64", "arm", "arm64", "ppc64le"], "api-1");
    await push("acme/gpu", ["amd64"], "gpu-1");
    await push("acme/done", FIVE, "done-1");
    await push("other/tool", ["amd64"], "tool-1");
    for (const name of ["acme/web", "acme/api", "acme/gpu", "acme/done", "other/tool"]) {
      const res = await repositories.POST(new Request(`${base}/api/repositories`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference: `${reg.host}/${name}` }) }));
      expect(res.status).toBe(201);
      (await res.json()) as { repository: ApiRepository };
    }
    await scanAll();
    await push("acme/web", FIVE.filter((a) => a !== "s390x"), "web-2"); // a regression
    await push("acme/api", FIVE, "api-2"); // a gap closed
    await scanAll();
  }, 120_000);

  afterAll(async () => reg?.stop());

  it("Markdown: time and filters in words, the summary, what changed, then the gaps, most first", async () => {
    const md = await text("format=md&namespace=acme");
    const lines = md.split("\n");
    expect(lines[2]).toMatch(/^Generated \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d\d:\d\d UTC · filters: namespace acme$/);
    expect(md).toContain("Listed: 2 repositories with gaps or a failed scan, most gaps first \\(of 4 matching; scope=all lists every one\\).");
    expect(md).toContain("| s390x | 2 | 2 | 0 | 0 | 50% · all 4 scanned |");
    expect(md).toContain(`- Regression: ${reg.host}/acme/web:latest lost s390x (`);
    expect(md).toContain(`- Gap closed: ${reg.host}/acme/api:latest gained s390x (`);
    const listed = lines.filter((l) => l.startsWith(`| ${reg.host}/`)).map((l) => l.split(" | ")[0].slice(2));
    expect(listed).toEqual([`${reg.host}/acme/gpu`, `${reg.host}/acme/web`]);
    // Last checked, in words.
    expect(lines.find((l) => l.startsWith(`| ${reg.host}/acme/web |`))).toMatch(/\| s390x \| \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC \|$/);
  });

  it("scope=all lists every matching repository; other/tool stays out of the namespace filter", async () => {
    const md = await text("format=md&namespace=acme&scope=all");
    const listed = md.split("\n").filter((l) => l.startsWith(`| ${reg.host}/`)).map((l) => l.split(" | ")[0].slice(2));
    expect(listed).toEqual([`${reg.host}/acme/gpu`, `${reg.host}/acme/web`, `${reg.host}/acme/api`, `${reg.host}/acme/done`]);
  });

  it("since: a date after the changes leaves the section empty; the default (7 days) holds them", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    expect(await text(`format=md&since=${today}`)).toContain("lost s390x");
    const later = await text(`format=md&since=${new Date(Date.now()).toISOString()}`);
    expect(later).toContain("No architecture was lost or gained since then.");
    const future = await get(`format=md&since=${tomorrow}`);
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { message: string } }).error.message).toBe(`since: ${tomorrow} is in the future; nothing can have changed since then`);
    expect(((await (await get("format=md&since=last-week")).json()) as { error: { message: string } }).error.message).toMatch(/^since: "last-week" is not a date/);
    expect(((await (await get("format=csv&scope=everything")).json()) as { error: { message: string } }).error.message).toBe('scope must be "gaps" or "all", not "everything"');
  });

  it("CSV: the statement, summary and changes sections, then the listing with last_checked_utc; layout=table is the old table alone", async () => {
    const csv = (await text("format=csv&missing=s390x")).split("\r\n");
    expect(csv[1]).toMatch(/ · filters: missing s390x"?$/);
    expect(csv).toContain("s390x,0,3,0,0,0,3,3"); // the filter leaves the three that miss it
    expect(csv.some((l) => l.startsWith(`regression,${reg.host}/acme/web,latest,s390x,no,`))).toBe(true);
    const header = csv.indexOf("reference,tag,digest,status,platforms,has_amd64,has_arm,has_arm64,has_ppc64le,has_s390x,missing,error,last_checked_utc,status_words");
    const rows = csv.slice(header + 1).filter(Boolean);
    // Four gaps each (by name), then one.
    expect(rows.map((l) => l.split(",")[0])).toEqual([`${reg.host}/acme/gpu`, `${reg.host}/other/tool`, `${reg.host}/acme/web`]);
    expect(rows.at(-1)).toMatch(/,present,present,present,present,missing,s390x,,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,Scanned$/);
    const table = (await text("format=csv&layout=table&missing=s390x")).split("\r\n");
    expect(table[0]).toBe("reference,tag,digest,status,platforms,has_amd64,has_arm,has_arm64,has_ppc64le,has_s390x,missing,error");
  });

  it("JSON: the original fields as before (every matching repository), the report added under `report`", async () => {
    const doc = JSON.parse(await text("format=json&namespace=acme"));
    expect(doc.repositories.map((r: { reference: string }) => r.reference).sort()).toEqual(["api", "done", "gpu", "web"].map((n) => `${reg.host}/acme/${n}`));
    expect(doc.report.repositories.map((r: { reference: string }) => r.reference)).toEqual([`${reg.host}/acme/gpu`, `${reg.host}/acme/web`]);
    expect(doc.report.filterWords).toBe("namespace acme");
    expect(doc.report.changes.regressions).toHaveLength(1);
    expect(doc.report.repositories[1].tags[0]).toMatchObject({ tag: "latest", status: "ok", statusLabel: "Scanned", missing: ["s390x"] });
  });
});
