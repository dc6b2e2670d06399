// Property-based fuzzing (fast-check 4) of every API route in-process, through the real handlers
// and a real migrated SQLite file: thousands of generated bodies, content types, origins and
// query strings. Every answer to a change that is not valid is a 4xx with the error envelope,
// no handler throws or answers 5xx, and nothing is stored.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AddRepositorySchema, BulkAddSchema, ImportNamespaceSchema, StartScanSchema, UpdateRepositorySchema } from "./validations/repository";
import { resetEnvForTests } from "./env";
import type { z } from "zod";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
interface Target {
  method: string;
  path: string;
  handler: Handler;
  params?: Record<string, string | string[]>;
  schema?: z.ZodType;
}

const HOST = "127.0.0.1:3000";
let mutations: Target[] = [];
let reads: Target[] = [];
let listRepos: Handler;
let listScans: Handler;

beforeAll(async () => {
  for (const k of ["ARCHGRID_ADMIN_TOKEN", "ARCHGRID_PUBLIC_URL", "ARCHGRID_READ_REQUIRES_SIGN_IN", "ARCHGRID_OIDC_ISSUER"]) delete process.env[k];
  resetEnvForTests();
  const repositories = await import("../app/api/repositories/route");
  const repository = await import("../app/api/repositories/[id]/route");
  const bulk = await import("../app/api/repositories/bulk/route");
  const imp = await import("../app/api/repositories/import/route");
  const watchlist = await import("../app/api/watchlist/route");
  const scans = await import("../app/api/scans/route");
  const scan = await import("../app/api/scans/[id]/route");
  const cancel = await import("../app/api/scans/[id]/cancel/route");
  const signin = await import("../app/api/auth/signin/route");
  const session = await import("../app/api/auth/session/route");
  const coverage = await import("../app/api/coverage/route");
  const events = await import("../app/api/events/route");
  const registries = await import("../app/api/registries/route");
  const gaps = await import("../app/api/reports/gaps/route");
  const trend = await import("../app/api/trend/route");
  const catchAll = await import("../app/api/[...path]/route");
  const h = (f: unknown) => f as Handler;
  listRepos = h(repositories.GET);
  listScans = h(scans.GET);
  mutations = [
    { method: "POST", path: "/api/repositories", handler: h(repositories.POST), schema: AddRepositorySchema },
    { method: "PATCH", path: "/api/repositories/missing-id", handler: h(repository.PATCH), params: { id: "missing-id" }, schema: UpdateRepositorySchema },
    { method: "DELETE", path: "/api/repositories/missing-id", handler: h(repository.DELETE), params: { id: "missing-id" } },
    { method: "POST", path: "/api/repositories/bulk", handler: h(bulk.POST), schema: BulkAddSchema },
    { method: "POST", path: "/api/repositories/import", handler: h(imp.POST), schema: ImportNamespaceSchema },
    { method: "POST", path: "/api/watchlist", handler: h(watchlist.POST) },
    { method: "POST", path: "/api/scans", handler: h(scans.POST), schema: StartScanSchema },
    { method: "POST", path: "/api/scans/missing-id/cancel", handler: h(cancel.POST), params: { id: "missing-id" } },
    { method: "POST", path: "/api/auth/signin", handler: h(signin.POST) },
    { method: "POST", path: "/api/nope", handler: h(catchAll.POST), params: { path: ["nope"] } },
  ];
  reads = [
    { method: "GET", path: "/api/repositories", handler: listRepos },
    { method: "GET", path: "/api/repositories/x", handler: h(repository.GET), params: { id: "x" } },
    { method: "GET", path: "/api/scans", handler: listScans },
    { method: "GET", path: "/api/scans/x", handler: h(scan.GET), params: { id: "x" } },
    { method: "GET", path: "/api/coverage", handler: h(coverage.GET) },
    { method: "GET", path: "/api/events", handler: h(events.GET) },
    { method: "GET", path: "/api/registries", handler: h(registries.GET) },
    { method: "GET", path: "/api/reports/gaps", handler: h(gaps.GET) },
    { method: "GET", path: "/api/trend", handler: h(trend.GET) },
    { method: "GET", path: "/api/watchlist", handler: h(watchlist.GET) },
    { method: "GET", path: "/api/auth/session", handler: h(session.GET) },
  ];
});

const call = (t: Target, init: { query?: string; body?: Uint8Array | string; headers?: Record<string, string> }) =>
  t.handler(
    new Request(`http://${HOST}${t.path}${init.query ? `?${init.query}` : ""}`, {
      method: t.method,
      body: t.method === "GET" ? undefined : (init.body as BodyInit | undefined),
      headers: { host: HOST, ...init.headers },
    }),
    { params: Promise.resolve(t.params ?? {}) },
  );

async function stored(): Promise<{ repositories: number; scans: number }> {
  const req = (p: string) => new Request(`http://${HOST}${p}`, { headers: { host: HOST } });
  const r = (await (await listRepos(req("/api/repositories"), { params: Promise.resolve({}) })).json()) as { repositories: unknown[] };
  const s = (await (await listScans(req("/api/scans?limit=100"), { params: Promise.resolve({}) })).json()) as { scans: unknown[] };
  return { repositories: r.repositories.length, scans: s.scans.length };
}

async function expectEnvelope(res: Response, label: string): Promise<void> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${label}: ${res.status} is not JSON: ${text.slice(0, 200)}`);
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  expect(typeof error?.code === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(error.code), `${label}: ${text.slice(0, 200)}`).toBe(true);
  expect(typeof error?.message === "string" && (error.message as string).length > 0, label).toBe(true);
}

// Bodies: arbitrary JSON, near-valid shapes with wrong types, strings, raw bytes.
const nearValid = fc.record(
  {
    reference: fc.oneof(fc.string(), fc.constantFrom("", "UPPER/case", "a b", "https://ghcr.io/x", "localhost:5000/", "x".repeat(300)), fc.anything()),
    tags: fc.oneof(fc.array(fc.string()), fc.anything()),
    tagPolicy: fc.oneof(fc.record({ kind: fc.constantFrom("tags", "pattern", "newest", "other"), include: fc.array(fc.string()), count: fc.integer() }), fc.anything()),
    references: fc.oneof(fc.array(fc.string(), { maxLength: 5 }), fc.anything()),
    repositoryIds: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.anything()),
    source: fc.oneof(fc.constantFrom("catalog", "dockerhub", "quay"), fc.string()),
    registry: fc.oneof(fc.constantFrom("http://169.254.169.254/", "127.0.0.1:1", "file:///etc/passwd"), fc.string()),
    token: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  nearValid.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom("", "{", "null", "[]", '{"__proto__":{"x":1}}', "\u0000", "repositories:\n  - *a", "a: &a [*a]"),
  fc.uint8Array({ maxLength: 64 }),
);
const contentType = fc.oneof(
  fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/yaml", "application/merge-patch+json"),
  fc.string({ maxLength: 30 }),
);
const origin = fc.option(fc.constantFrom(`http://${HOST}`, "http://evil.example", "null", "http://127.0.0.1:4000", "not a url"), { nil: undefined });

/** Bodies a route would accept are not attacks: skip them (fc.pre) instead of storing them. */
function acceptable(t: Target, raw: string | Uint8Array, ct: string): boolean {
  if (t.path === "/api/watchlist") return false;
  if (!t.schema || !/^\s*application\/json\s*(;|$)/i.test(ct)) return false;
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  try {
    return t.schema.safeParse(text ? JSON.parse(text) : {}).success;
  } catch {
    return false;
  }
}

function safeHeaders(h: Record<string, string | undefined>): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = v;
  try {
    new Headers(out);
    return out;
  } catch {
    return null;
  }
}

describe("fuzzing every route", () => {
  it("changes: generated bodies, types and origins get a 4xx envelope and store nothing", async () => {
    const before = await stored();
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), body, contentType, origin, async (i, raw, ct, org) => {
        const t = mutations[i % mutations.length];
        fc.pre(!acceptable(t, raw, ct));
        const headers = safeHeaders({ "content-type": ct || undefined, origin: org });
        fc.pre(headers !== null);
        const res = await call(t, { body: raw, headers: headers as Record<string, string> });
        ran++;
        const label = `${t.method} ${t.path} [${ct}] ${String(raw).slice(0, 80)}`;
        if (t.path === "/api/watchlist" && res.status === 200) {
          // An empty or comment-only file is a valid, empty watch list: it must add nothing.
          expect(((await res.json()) as { created: unknown[] }).created, label).toEqual([]);
          return;
        }
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
        await expectEnvelope(res, label);
      }),
      { numRuns: 3000 },
    );
    expect(ran).toBeGreaterThan(2000);
    expect(await stored()).toEqual(before);
  }, 240_000);

  it("reads: generated query strings never get a 5xx, and every 4xx is an envelope", async () => {
    const before = await stored();
    const key = fc.oneof(fc.constantFrom("columns", "q", "missing", "status", "registry", "namespace", "sort", "dir", "group", "offset", "limit", "format", "regression", "repositoryId"), fc.string({ maxLength: 10 }));
    const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("-1", "1e309", "NaN", "10001", "amd64,,arm", "csv", "md", "json", "x".repeat(500)), fc.integer().map(String));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.array(fc.tuple(key, value), { maxLength: 6 }), async (i, pairs) => {
        const t = reads[i % reads.length];
        const res = await call(t, { query: new URLSearchParams(pairs).toString() });
        const label = `${t.path}?${new URLSearchParams(pairs)}`;
        expect(res.status, label).toBeLessThan(500);
        if (res.status >= 400) await expectEnvelope(res, label);
        else await res.arrayBuffer();
      }),
      { numRuns: 3000 },
    );
    expect(await stored()).toEqual(before);
  }, 240_000);
});
