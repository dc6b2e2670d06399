// `archgrid report --server` run as a child process against archgrid's own route handlers
// (POST /api/repositories, POST /api/scans, GET /api/reports/gaps) on a Prisma-migrated SQLite
// copy, after a real scan of the real registry. Next's router is replaced by a few lines of
// node:http that hand each request to the route module; the handlers and the database are the real ones.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../e2e/fixtures/pusher";
import { freePort, REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/archgrid.mjs");
const T = 120_000;
const L = (architecture: string, variant?: string) => (variant ? { os: "linux", architecture, variant } : { os: "linux", architecture });

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ARCHGRID_TOKEN: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!hasRegistry)("archgrid report --server", () => {
  let reg: RunningRegistry;
  let server: http.Server;
  let url: string;
  let tmp: string;

  beforeAll(async () => {
    reg = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    const gaps = await import("../../app/api/reports/gaps/route");
    const repositories = await import("../../app/api/repositories/route");
    const scans = await import("../../app/api/scans/route");
    const { engine } = await import("../scan/engine");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-report-"));

    await pushImage({ url: reg.url }, "team/full", "1.0", { format: "oci-index", platforms: [L("amd64"), L("arm", "v7"), L("arm64"), L("ppc64le"), L("s390x")] });
    await pushImage({ url: reg.url }, "team/x86-only", "1.0", { format: "oci-image", platform: L("amd64") });
    await pushImage({ url: reg.url }, "team/no-arm64", "1.0", { format: "docker-list", platforms: [L("amd64"), L("arm", "v7"), L("ppc64le"), L("s390x")] });
    const ids: string[] = [];
    for (const name of ["full", "x86-only", "no-arm64"]) {
      const res = await repositories.POST(new Request("http://archgrid.test/api/repositories", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference: `${reg.host}/team/${name}`, tags: ["1.0"] }) }));
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { repository: { id: string } }).repository.id);
    }
    const started = await scans.POST(new Request("http://archgrid.test/api/scans", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ repositoryIds: ids }) }));
    const { scan } = (await started.json()) as { scan: { id: string } };
    expect((await engine().wait(scan.id)).status).toBe("succeeded");

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = http.createServer(async (req, res) => {
      const u = new URL(req.url ?? "/", url);
      const answer = u.pathname === "/api/reports/gaps" && req.method === "GET" ? await gaps.GET(new Request(u)) : Response.json({ error: { code: "not-found", message: "no such route" } }, { status: 404 });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  }, T);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await reg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("md (the default): the server's report on stdout, exit 0: time and filters, summary, gaps only, most gaps first", async () => {
    const r = await cli(["report", "--server", url]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# archgrid gap report\n\nGenerated \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d UTC · filters: none\n/);
    expect(r.stdout).toContain("| Architecture | Present | Missing | Scan failed | Not scanned yet | Present (of scanned) |");
    expect(r.stdout).toContain("| arm64 | 1 | 2 | 0 | 0 | 33% · all 3 scanned |");
    expect(r.stdout).toContain(`| ${reg.host}/team/no-arm64 | 1.0 | ✓ Present | ✓ Present | ✗ Missing | ✓ Present | ✓ Present | arm64 | `);
    // Gaps only: the complete repository is counted, not listed; x86-only (4 gaps) before no-arm64 (1).
    expect(r.stdout).not.toContain(`| ${reg.host}/team/full |`);
    expect(r.stdout.indexOf("team/x86-only | 1.0")).toBeLessThan(r.stdout.indexOf("team/no-arm64 | 1.0"));
  }, T);

  it("the grid's filters reach the server: --missing arm64 --format csv", async () => {
    const r = await cli(["report", "--server", url, "--format", "csv", "--missing", "arm64"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[1]).toMatch(/ · filters: missing arm64"?$/);
    const header = lines.findIndex((l) => l.startsWith("reference,tag,digest,status,platforms,has_amd64,"));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 1).map((l) => l.split(",")[0])).toEqual([`${reg.host}/team/x86-only`, `${reg.host}/team/no-arm64`]);
  }, T);

  it("json, and html rendered from it into a file with -o by the printable page's own component", async () => {
    const j = await cli(["report", "--server", url, "--format", "json", "--q", "full"]);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.repositories.map((x: { reference: string; missing: string[] }) => [x.reference, x.missing])).toEqual([[`${reg.host}/team/full`, []]]);
    expect([doc.report.scope, doc.report.repositories.length, doc.report.totals.matching]).toEqual(["gaps", 0, 1]);

    const out = path.join(tmp, "gaps.html");
    const h = await cli(["report", "--server", url, "--format", "html", "-o", out]);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe("");
    expect(h.stderr).toBe(`archgrid: wrote html report to ${out}\n`);
    const html = fs.readFileSync(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1 id="ag-report-title">archgrid gap report</h1>');
    expect(html).toContain(`<h2 id="repo-1">${reg.host}/team/x86-only</h2>`);
    expect(html).toContain(`<h2 id="repo-2">${reg.host}/team/no-arm64</h2>`);
    expect(html).not.toContain(`<h2 id="repo-3">`);
    expect(html).toContain("break-before: page");

    const all = await cli(["report", "--server", url, "--format", "html", "--scope", "all"]);
    expect(all.stdout).toContain(`<h2 id="repo-3">${reg.host}/team/full</h2>`);
  }, T);

  it("the server's refusal is passed on plainly (exit 2); an unreachable server too", async () => {
    const bad = await cli(["report", "--server", url, "--columns", "amd64,sparc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`archgrid: the archgrid server ${url}/ refused the report: HTTP 400 invalid-request: columns: unknown architecture column "sparc"\n`);
    const port = await freePort();
    const gone = await cli(["report", "--server", `http://127.0.0.1:${port}`]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toBe(`archgrid: could not reach the archgrid server http://127.0.0.1:${port}/ (ECONNREFUSED)\n`);
  }, T);
});
