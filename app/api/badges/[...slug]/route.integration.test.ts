// GET /api/badges/….svg through its route handler, on a Prisma-migrated SQLite copy holding
// repositories that a real scan of the real registry filled.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../../../e2e/fixtures/registry";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const L = (architecture: string, variant?: string) => (variant ? { os: "linux", architecture, variant } : { os: "linux", architecture });
const FIVE = [L("amd64"), L("arm", "v7"), L("arm64"), L("ppc64le"), L("s390x")];
const COLOR = { brightgreen: "#4b0", yellowgreen: "#95991a", orange: "#ea7233", lightgrey: "#939393" } as const;

type Handler = (req: Request, ctx: { params: Promise<{ slug: string[] }> }) => Promise<Response>;

describe.skipIf(!hasRegistry)("GET /api/badges/{id|reference}.svg", () => {
  let reg: RunningRegistry;
  let GET: Handler;
  let scanIds: (ids: string[]) => Promise<void>;
  const ids: Record<string, string> = {};

  /** As Next hands the path over: decoded segments. */
  const badge = async (path: string, headers: Record<string, string> = {}) => {
    const url = new URL(`http://archgrid.test/api/badges/${path}`);
    const slug = url.pathname.slice("/api/badges/".length).split("/").map(decodeURIComponent);
    const res = await GET(new Request(url, { headers }), { params: Promise.resolve({ slug }) });
    const body = await res.text();
    const title = /<title>([^<]*)<\/title>/.exec(body)?.[1];
    const fills = [...body.matchAll(/<rect[^>]*fill="(#[0-9a-f]+)"/g)].map((m) => m[1]);
    return { res, body, title, color: fills[1] };
  };

  beforeAll(async () => {
    reg = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    ({ GET } = (await import("./route")) as unknown as { GET: Handler });
    const repositories = await import("../../repositories/route");
    const { engine } = await import("@/lib/scan");
    scanIds = async (list) => {
      const scan = await engine().start(list);
      expect((await engine().wait(scan.id)).status).toBe("succeeded");
    };
    await pushImage({ url: reg.url }, "team/full", "1.0", { format: "oci-index", platforms: FIVE, attestations: true });
    await pushImage({ url: reg.url }, "team/no-s390x", "1.0", { format: "docker-list", platforms: FIVE.slice(0, 4) });
    await pushImage({ url: reg.url }, "team/x86", "1.0", { format: "oci-image", platform: L("amd64") });
    for (const name of ["full", "no-s390x", "x86", "unscanned"]) {
      const res = await repositories.POST(new Request("http://archgrid.test/api/repositories", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference: `${reg.host}/team/${name}`, tags: ["1.0"] }) }));
      expect(res.status).toBe(201);
      ids[name] = ((await res.json()) as { repository: { id: string } }).repository.id;
    }
    await scanIds([ids.full, ids["no-s390x"], ids.x86]);
  }, 120_000);

  afterAll(async () => {
    await reg?.stop();
  });

  it("by id: the architectures present, coloured by completeness; an SVG with ETag and a short Cache-Control", async () => {
    const full = await badge(`${ids.full}.svg`);
    expect(full.res.status).toBe(200);
    expect(full.res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(full.res.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=60");
    expect(full.res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(full.body).toMatch(/^<svg /);
    expect([full.title, full.color]).toEqual(["arch: 5/5 arch", COLOR.brightgreen]);
    const partial = await badge(`${ids["no-s390x"]}.svg`);
    expect([partial.title, partial.color]).toEqual(["arch: 4/5 arch", COLOR.yellowgreen]);
    const x86 = await badge(`${ids.x86}.svg`);
    expect([x86.title, x86.color]).toEqual(["arch: amd64", COLOR.orange]);
  });

  it("by reference, url-encoded or not, with or without a tag", async () => {
    const ref = `${reg.host}/team/no-s390x`;
    for (const path of [`${encodeURIComponent(ref)}.svg`, `${ref}.svg`, `${encodeURIComponent(`${ref}:1.0`)}.svg`]) {
      const b = await badge(path);
      expect([b.res.status, b.title], path).toEqual([200, "arch: 4/5 arch"]);
    }
  });

  it("columns, label and style from the query", async () => {
    const b = await badge(`${ids.x86}.svg?columns=amd64,arm64&label=platforms&style=flat-square`);
    expect([b.title, b.color]).toEqual(["platforms: amd64", "#d8b800"]);
    expect(b.body).not.toContain('rx="3"'); // flat-square has no rounded corners
    const bad = await badge(`${ids.x86}.svg?columns=amd64,sparc`);
    expect(bad.res.status).toBe(400);
    expect([bad.title, bad.color]).toEqual(["arch: bad columns", COLOR.lightgrey]);
  });

  it.each([
    ["an unknown id", "cl0000000000000000000000.svg"],
    ["a reference nobody watches", `${encodeURIComponent("ghcr.io/nobody/nothing")}.svg`],
    ["text that is not a reference", `${encodeURIComponent("Not A Reference!")}.svg`],
    ["nothing before .svg", ".svg"],
  ])("%s: a grey \"not watched\" badge, never a 500", async (_n, path) => {
    const b = await badge(path);
    expect(b.res.status).toBe(200);
    expect([b.title, b.color]).toEqual(["arch: not watched", COLOR.lightgrey]);
  });

  it("watched but not scanned yet says so", async () => {
    const b = await badge(`${ids.unscanned}.svg`);
    expect([b.title, b.color]).toEqual(["arch: not scanned yet", COLOR.lightgrey]);
  });

  it("without .svg: a 404 in the error envelope", async () => {
    const b = await badge(ids.full);
    expect(b.res.status).toBe(404);
    expect(JSON.parse(b.body)).toMatchObject({ error: { code: "not-found" } });
  });

  it("If-None-Match answers 304 while nothing changed, and a rescan that changes coverage changes the ETag", async () => {
    const first = await badge(`${ids.x86}.svg`);
    const etag = first.res.headers.get("etag")!;
    const again = await badge(`${ids.x86}.svg`, { "if-none-match": `W/${etag}, "other"` });
    expect(again.res.status).toBe(304);
    expect(again.body).toBe("");
    expect(again.res.headers.get("etag")).toBe(etag);
    expect(again.res.headers.get("cache-control")).toMatch(/max-age=300/);

    // The same tag rebuilt for amd64 and arm64.
    await pushImage({ url: reg.url }, "team/x86", "1.0", { format: "oci-index", platforms: [L("amd64"), L("arm64")] });
    await scanIds([ids.x86]);
    const after = await badge(`${ids.x86}.svg`, { "if-none-match": etag });
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get("etag")).not.toBe(etag);
    expect(after.title).toBe("arch: amd64 | arm64");
  });
});
