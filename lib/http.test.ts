// The admin token guard and the error envelope, through the real route handlers.
import { beforeAll, describe, expect, it } from "vitest";

let repositories: typeof import("../app/api/repositories/route");
let scans: typeof import("../app/api/scans/route");
let catchAll: typeof import("../app/api/[...path]/route");

beforeAll(async () => {
  process.env.ARCHGRID_ADMIN_TOKEN = "s3cret-token";
  repositories = await import("../app/api/repositories/route");
  scans = await import("../app/api/scans/route");
  catchAll = await import("../app/api/[...path]/route");
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1:3000${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { host: "127.0.0.1:3000", "content-type": "application/json", ...headers },
  });
const list = () => new Request("http://127.0.0.1:3000/api/repositories", { headers: { host: "127.0.0.1:3000" } });

describe("ARCHGRID_ADMIN_TOKEN", () => {
  it("refuses mutations without the bearer token, and stores nothing", async () => {
    const before = ((await (await repositories.GET(list())).json()) as { repositories: unknown[] }).repositories.length;
    const attempts: Array<Record<string, string>> = [{}, { authorization: "Bearer wrong-token!" }, { authorization: "s3cret-token" }];
    for (const headers of attempts) {
      const res = await repositories.POST(post("/api/repositories", { reference: "ghcr.io/org/guarded" }, headers));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    expect((await scans.POST(post("/api/scans", {}))).status).toBe(401);
    expect(((await (await repositories.GET(list())).json()) as { repositories: unknown[] }).repositories.length).toBe(before);
  });

  it("accepts the right token; reads stay open", async () => {
    const res = await repositories.POST(post("/api/repositories", { reference: "ghcr.io/org/guarded" }, { authorization: "Bearer s3cret-token" }));
    expect(res.status).toBe(201);
    expect((await repositories.GET(list())).status).toBe(200);
  });
});

describe("error envelope", () => {
  it("answers unknown API routes with a JSON 404", async () => {
    const res = await catchAll.GET(new Request("http://archgrid.test/api/nope"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not-found", message: "no API route GET /api/nope" } });
  });

  it("answers a body that fails validation with the field named", async () => {
    const res = await repositories.POST(post("/api/repositories", { reference: "ghcr.io/org/x", tags: ["bad tag"] }, { authorization: "Bearer s3cret-token" }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid-request");
    expect(body.error.message).toMatch(/^tags\.0: /);
  });
});
