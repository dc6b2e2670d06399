// The request checks every API route runs (lib/http.ts route()), through the real route handlers
// and a real migrated SQLite file: what a hostile page or a rebinding DNS name can send is refused
// with the right status, and nothing is stored.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "./env";

let repositories: typeof import("../app/api/repositories/route");
let repository: typeof import("../app/api/repositories/[id]/route");
let cancel: typeof import("../app/api/scans/[id]/cancel/route");
let watchlist: typeof import("../app/api/watchlist/route");

beforeAll(async () => {
  delete process.env.ARCHGRID_ADMIN_TOKEN;
  delete process.env.ARCHGRID_PUBLIC_URL;
  resetEnvForTests();
  repositories = await import("../app/api/repositories/route");
  repository = await import("../app/api/repositories/[id]/route");
  cancel = await import("../app/api/scans/[id]/cancel/route");
  watchlist = await import("../app/api/watchlist/route");
});

afterEach(() => {
  delete process.env.ARCHGRID_ADMIN_TOKEN;
  delete process.env.ARCHGRID_PUBLIC_URL;
  resetEnvForTests();
});

const HOST = "127.0.0.1:3000";
const req = (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
  new Request(`http://${HOST}${path}`, { method, body: init.body, headers: { host: HOST, ...init.headers }, duplex: "half" } as RequestInit);
const addBody = (name: string) => JSON.stringify({ reference: `ghcr.io/org/${name}` });

async function count(): Promise<number> {
  const res = await repositories.GET(req("GET", "/api/repositories"));
  return ((await res.json()) as { repositories: unknown[] }).repositories.length;
}
async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

describe("cross-site requests", () => {
  it.each([
    [{ origin: "http://127.0.0.1:4000" }],
    [{ origin: "null" }],
    [{ origin: "http://evil.example" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ origin: `http://${HOST}`, "sec-fetch-site": "cross-site" }],
  ])("refuses a JSON add with %j, storing nothing", async (headers) => {
    const before = await count();
    const res = await repositories.POST(req("POST", "/api/repositories", { body: addBody("xsite"), headers: { "content-type": "application/json", ...headers } }));
    expect(await errorOf(res)).toMatchObject({ status: 403, code: "cross-site-request" });
    expect(await count()).toBe(before);
  });

  it("accepts the same request from our own page", async () => {
    const res = await repositories.POST(
      req("POST", "/api/repositories", { body: addBody("same-origin"), headers: { "content-type": "application/json", origin: `http://${HOST}`, "sec-fetch-site": "same-origin" } }),
    );
    expect(res.status).toBe(201);
  });
});

describe("content types a cross-site form can send", () => {
  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain;charset=UTF-8"])(
    "refuses %s on a JSON route with 415, storing nothing",
    async (type) => {
      const before = await count();
      const res = await repositories.POST(req("POST", "/api/repositories", { body: addBody("form"), headers: { "content-type": type } }));
      expect(await errorOf(res)).toMatchObject({ status: 415, code: "unsupported-media-type" });
      expect(await count()).toBe(before);
    },
  );

  it("refuses a JSON route's body sent with no Content-Type at all", async () => {
    const res = await repositories.POST(req("POST", "/api/repositories", { body: addBody("untyped") }));
    expect(res.status).toBe(415);
  });

  it("refuses a form post to body-less mutating routes", async () => {
    const added = await repositories.POST(req("POST", "/api/repositories", { body: addBody("keep-me"), headers: { "content-type": "application/json" } }));
    const { repository: r } = (await added.json()) as { repository: { id: string } };
    const ctx = { params: Promise.resolve({ id: r.id }) };
    const del = await repository.DELETE(req("DELETE", `/api/repositories/${r.id}`, { body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } }), ctx);
    expect(del.status).toBe(415);
    const c = await cancel.POST(req("POST", "/api/scans/x/cancel", { body: "x", headers: { "content-type": "text/plain" } }), { params: Promise.resolve({ id: "x" }) });
    expect(c.status).toBe(415);
    expect(await count()).toBeGreaterThan(0);
  });

  it("lets the watch-list upload keep its own types, and only those", async () => {
    const yaml = "repositories:\n  - reference: ghcr.io/org/from-yaml\n";
    expect((await watchlist.POST(req("POST", "/api/watchlist", { body: yaml, headers: { "content-type": "text/plain" } }))).status).toBe(415);
    expect((await watchlist.POST(req("POST", "/api/watchlist", { body: yaml, headers: { "content-type": "application/yaml" } }))).status).toBe(200);
  });
});

describe("Host header (DNS rebinding)", () => {
  it("answers 421 naming ARCHGRID_PUBLIC_URL, on reads and writes, and logs it once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const before = await count();
    for (const host of ["evil.example:3000", "127.0.0.1.nip.io:3000", "localhost.evil.example"]) {
      const w = await repositories.POST(new Request(`http://${HOST}/api/repositories`, { method: "POST", body: addBody("rebind"), headers: { host, "content-type": "application/json" } }));
      expect(await errorOf(w)).toMatchObject({ status: 421, code: "unknown-host", message: expect.stringContaining("ARCHGRID_PUBLIC_URL") });
      const r = await repositories.GET(new Request(`http://${HOST}/api/repositories`, { headers: { host } }));
      expect(r.status).toBe(421);
    }
    expect(await count()).toBe(before);
    expect(warn.mock.calls.filter((c) => String(c[0]).includes("ARCHGRID_PUBLIC_URL"))).toHaveLength(1);
    warn.mockRestore();
  });

  it("accepts only the public URL's host once it is set", async () => {
    process.env.ARCHGRID_PUBLIC_URL = "https://archgrid.example.org";
    resetEnvForTests();
    expect((await repositories.GET(new Request(`http://${HOST}/api/repositories`, { headers: { host: HOST } }))).status).toBe(421);
    expect((await repositories.GET(new Request(`http://${HOST}/api/repositories`, { headers: { host: "archgrid.example.org" } }))).status).toBe(200);
  });
});

describe("request bodies are bounded", () => {
  it("refuses by Content-Length before reading anything", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024))) });
    const res = await repositories.POST(req("POST", "/api/repositories", { body, headers: { "content-type": "application/json", "content-length": "400000000" } }));
    expect(await errorOf(res)).toMatchObject({ status: 413, code: "body-too-large" });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("cuts a chunked body off just past 1 MB, without reading the rest", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void ((sent += chunk.byteLength), c.enqueue(chunk)) }); // endless
    const before = await count();
    const res = await repositories.POST(req("POST", "/api/repositories", { body, headers: { "content-type": "application/json" } }));
    expect(await errorOf(res)).toMatchObject({ status: 413, message: "request body is larger than 1 MB" });
    expect(sent).toBeLessThan(1_000_000 + 4 * chunk.byteLength);
    expect(await count()).toBe(before);
  });

  it("lets the watch list use its own 5 MB cap", async () => {
    const big = `# ${"x".repeat(2_000_000)}\nrepositories: []\n`;
    expect((await watchlist.POST(req("POST", "/api/watchlist", { body: big, headers: { "content-type": "application/yaml" } }))).status).toBe(200);
    const huge = "#".repeat(5_000_001);
    expect((await watchlist.POST(req("POST", "/api/watchlist", { body: huge, headers: { "content-type": "application/yaml" } }))).status).toBe(413);
  });
});

describe("bearer token", () => {
  it("accepts any case of the scheme, refuses a wrong token even on reads", async () => {
    process.env.ARCHGRID_ADMIN_TOKEN = "tok-123456";
    resetEnvForTests();
    for (const [i, scheme] of ["Bearer", "bearer", "BEARER"].entries()) {
      const res = await repositories.POST(
        req("POST", "/api/repositories", { body: addBody(`case-${i}`), headers: { "content-type": "application/json", authorization: `${scheme} tok-123456` } }),
      );
      expect(res.status).toBe(201);
    }
    expect((await repositories.POST(req("POST", "/api/repositories", { body: addBody("anon"), headers: { "content-type": "application/json" } }))).status).toBe(401);
    expect((await repositories.GET(req("GET", "/api/repositories", { headers: { authorization: "Bearer nope" } }))).status).toBe(401);
  });
});
