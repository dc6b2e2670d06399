// The production server under generated garbage (fast-check): raw bodies, content types, origins,
// hosts and query strings over real HTTP, against every route. Every answer is below 500, every
// 4xx is the error envelope, nothing is stored, and the server still answers afterwards.
// (lib/http.fuzz.test.ts runs thousands more cases in-process.)
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";

let app: AppServer;
test.beforeAll(async () => {
  app = await startApp({});
});
test.afterAll(async () => {
  await app?.stop();
});

const ROUTES = [
  ["POST", "/api/repositories"],
  ["POST", "/api/repositories/bulk"],
  ["POST", "/api/repositories/import"],
  ["POST", "/api/watchlist"],
  ["POST", "/api/scans"],
  ["POST", "/api/scans/x/cancel"],
  ["PATCH", "/api/repositories/x"],
  ["DELETE", "/api/repositories/x"],
  ["POST", "/api/auth/signin"],
  ["POST", "/api/auth/signout"],
  ["GET", "/api/coverage"],
  ["GET", "/api/reports/gaps"],
  ["GET", "/api/events"],
  ["GET", "/api/trend"],
  ["GET", "/api/scans"],
  ["GET", "/api/repositories/x"],
  ["GET", "/api/watchlist"],
  ["POST", "/"],
  ["GET", "/grid"],
] as const;

test("generated requests over HTTP: no 5xx, envelopes on 4xx, nothing stored, server alive", async ({ playwright }) => {
  test.setTimeout(300_000);
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  const count = async () => ((await (await api.get("/api/repositories")).json()) as { repositories: unknown[] }).repositories.length;
  const before = await count();
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ROUTES),
      fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }), fc.constantFrom("", "{", '{"reference":1}', "a: &a [*a, *a]")),
      fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "application/yaml", "multipart/form-data; boundary=-", "application/jsonx"),
      fc.constantFrom(undefined, "http://evil.example", "null"),
      fc.constantFrom(undefined, "evil.example", "127.0.0.1.nip.io"),
      fc.array(fc.tuple(fc.constantFrom("q", "limit", "offset", "format", "columns", "missing", "sort", "x"), fc.string({ maxLength: 20 })), { maxLength: 4 }),
      async ([method, path], body, type, origin, host, query) => {
        const headers: Record<string, string> = { "content-type": type };
        if (origin) headers.origin = origin;
        if (host) headers.host = host;
        const qs = new URLSearchParams(query).toString();
        const res = await api.fetch(`${path}${qs ? `?${qs}` : ""}`, { method, headers, data: method === "GET" ? undefined : body, maxRedirects: 0 });
        const label = `${method} ${path}?${qs} [${type}] origin=${origin} host=${host}: ${res.status()}`;
        seen.add(res.status());
        expect(res.status(), label).toBeLessThan(500);
        if (res.status() >= 400 && path.startsWith("/api/") && !host) {
          const parsed = (await res.json()) as { error?: { code?: string; message?: string } };
          expect(parsed.error?.code, label).toMatch(/^[a-z0-9-]+$/);
        }
        if (method !== "GET") expect(res.status() >= 400 || ["/api/auth/signout", "/api/watchlist"].includes(path) || (path === "/api/scans" && !origin), label).toBe(true);
      },
    ),
    { numRuns: 400 },
  );
  // Valid empty scans ({} and "") may have started scans of nothing; no repository was added.
  expect(await count()).toBe(before);
  expect((await api.get("/api/coverage")).status()).toBe(200);
  // The generators reached every refusal: rebinding, cross-site, wrong type, invalid body; pages refuse POST.
  for (const status of [421, 403, 415, 400]) expect([...seen], String(status)).toContain(status);
  expect((await api.post("/", { data: "x", headers: { "content-type": "text/plain" } })).status()).toBe(405);
  await api.dispose();
});
