// The OpenAPI 3.1 document of the HTTP API (GET /api/openapi.json, the /api-docs page),
// generated from the zod schemas: responses from lib/openapi/responses.ts, request bodies from
// lib/validations/* (the very schemas the routes parse with), by zod 4's own z.toJSONSchema, so
// no second generator can disagree with zod about what a schema means.
import { z } from "zod";
import { AddRepositorySchema, BulkAddSchema, ImportNamespaceSchema, StartScanSchema, UpdateRepositorySchema } from "../validations/repository";
import { CheckRequestSchema } from "../validations/check";
import { WebhookInputSchema } from "../webhooks/config";
import { SettingsSchema, WaiverInputSchema } from "../validations/waivers";
import * as R from "./responses";

type Json = Record<string, unknown>;
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const idOf = (s: z.ZodType) => {
  const meta = R.schemas.get(s);
  if (!meta) throw new Error("response schema is not registered in lib/openapi/responses.ts");
  return meta.id;
};

/** Request bodies, as clients may send them (io: "input": open objects, optional defaults). */
const requests = z.registry<{ id: string }>();
for (const [id, s] of [
  ["AddRepositoryRequest", AddRepositorySchema],
  ["UpdateRepositoryRequest", UpdateRepositorySchema],
  ["BulkAddRequest", BulkAddSchema],
  ["ImportNamespaceRequest", ImportNamespaceSchema],
  ["StartScanRequest", StartScanSchema],
  ["CheckRequest", CheckRequestSchema],
  ["WebhookRequest", WebhookInputSchema],
  ["SettingsRequest", SettingsSchema],
  ["WaiverRequest", WaiverInputSchema],
  ["SignInRequest", z.object({ token: z.string().min(1).max(4096) })],
] as const) requests.add(s, { id });

function components(registry: z.core.$ZodRegistry<{ id: string }>, io: "input" | "output"): Record<string, Json> {
  const out = z.toJSONSchema(registry, { io, target: "draft-2020-12", uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" }) as {
    schemas: Record<string, Json>;
  };
  // Each component comes with its own $schema and $id; inside one OpenAPI document they would
  // only confuse $ref resolution (3.1's default dialect is already 2020-12).
  return Object.fromEntries(Object.entries(out.schemas).map(([k, { $schema: _s, $id: _i, ...rest }]) => [k, rest]));
}

const jsonContent = (schema: Json) => ({ content: { "application/json": { schema } } });
const errorResponse = (description: string) => ({ description, ...jsonContent(ref("Error")) });

interface Op {
  summary: string;
  tag: string;
  params?: Array<{ name: string; in: "path" | "query"; description?: string; schema?: Json; required?: boolean }>;
  body?: string | { description: string; content: Json };
  ok: Record<string, { description: string; schema?: z.ZodType | Json; content?: Json }>;
  errors?: Record<string, string>;
  public?: boolean;
  /** A plain handler outside route() (the probes): none of its checks, so none of their errors. */
  bare?: boolean;
}

const MUTATING = new Set(["post", "put", "patch", "delete"]);

function operation(method: string, op: Op): Json {
  const responses: Json = {};
  for (const [status, r] of Object.entries(op.ok)) {
    const schema = r.schema instanceof z.ZodType ? ref(idOf(r.schema)) : r.schema;
    responses[status] = { description: r.description, ...(r.content ? { content: r.content } : schema ? jsonContent(schema) : {}) };
  }
  const errors: Record<string, string> = { ...op.errors };
  // The checks route() in lib/http.ts runs before every handler.
  if (MUTATING.has(method)) {
    errors["403"] ??= "cross-site request (Origin / Sec-Fetch-Site), or a signed-in reader without write access";
    errors["415"] ??= "a body sent without Content-Type: application/json";
    errors["413"] ??= "body larger than 1 MB";
  }
  if (!op.bare) {
    if (!op.public) errors["401"] ??= "sign-in is configured and the request carries no valid session or bearer token";
    errors["421"] ??= "the Host header is not ARCHGRID_PUBLIC_URL's host";
    errors["500"] ??= "unexpected error (logged on the server)";
  }
  for (const [status, d] of Object.entries(errors)) responses[status] = errorResponse(d);
  const body = typeof op.body === "string" ? { required: true, ...jsonContent(ref(op.body)) } : op.body ? { required: true, ...op.body } : undefined;
  return {
    summary: op.summary,
    tags: [op.tag],
    operationId: `${method}${op.summary.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    ...(op.params ? { parameters: op.params.map((p) => ({ required: p.in === "path", schema: { type: "string" }, ...p })) } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

const idParam = { name: "id", in: "path" as const };
const text = (type: string) => ({ [type]: { schema: { type: "string" } } });
/** A downloadable file whose JSON form is an object (the watch-list file, the gap report). */
const jsonFile = { "application/json": { schema: { type: "object" } } };
const coverageFilters = ["columns", "q", "missing", "status", "registry", "namespace", "regressedSince", "blockedByBase"].map((name) => ({ name, in: "query" as const }));
const invalid = { "400": "invalid-request: the body or query failed validation (the message names the field)" };

const paths: Record<string, Record<string, Op>> = {
  "/api/repositories": {
    get: { summary: "List watched repositories", tag: "repositories", ok: { "200": { description: "all of them", schema: z.object({ repositories: z.array(R.Repository) }) } } },
    post: {
      summary: "Watch a repository",
      tag: "repositories",
      body: "AddRepositoryRequest",
      ok: { "201": { description: "added", schema: z.object({ repository: R.Repository }) } },
      errors: {
        "400": "invalid-reference or invalid-request",
        "409": "already-watched",
        "422": "only with check: repository-not-found (suggestions: close names from the catalog), tag-not-found or no-matching-tags (tags: the newest ones); addAnyway: repeat without check",
        "502": "only with check: registry-unreachable or registry-check-failed (the registry could not be asked); addAnyway: repeat without check",
      },
    },
  },
  "/api/repositories/{id}": {
    get: { summary: "One repository with its coverage row and change events", tag: "repositories", params: [idParam], ok: { "200": { description: "found", schema: R.RepositoryDetail } }, errors: { "404": "not-found" } },
    patch: {
      summary: "Change a repository's tag policy or config verification",
      tag: "repositories",
      params: [idParam],
      body: "UpdateRepositoryRequest",
      ok: { "200": { description: "changed", schema: z.object({ repository: R.Repository }) } },
      errors: { ...invalid, "404": "not-found" },
    },
    delete: { summary: "Stop watching a repository", tag: "repositories", params: [idParam], ok: { "204": { description: "deleted" } }, errors: { "404": "not-found" } },
  },
  "/api/repositories/{id}/preview": {
    get: {
      summary: "The tags a tag policy selects now (the given one, or the stored one); stores nothing",
      tag: "repositories",
      params: [idParam, { name: "policy", in: "query", description: "a JSON tag policy, e.g. {\"kind\":\"newest\",\"count\":3}" }],
      ok: { "200": { description: "the selection", schema: z.object({ policy: R.TagPolicy, tags: z.array(z.string()), availableCount: z.number().int().nullable() }) } },
      errors: { ...invalid, "404": "not-found", "502": "the registry refused or failed" },
    },
  },
  "/api/repositories/{id}/waivers": {
    get: {
      summary: "A repository's waivers",
      tag: "repositories",
      params: [idParam],
      ok: { "200": { description: "active and expired, oldest first", schema: z.object({ waivers: z.array(R.Waiver) }) } },
      errors: { "404": "not-found" },
    },
    post: {
      summary: "Waive a column of a repository (or replace its waiver)",
      tag: "repositories",
      params: [idParam],
      body: "WaiverRequest",
      ok: { "201": { description: "created", schema: z.object({ waiver: R.Waiver }) }, "200": { description: "the column's waiver replaced", schema: z.object({ waiver: R.Waiver }) } },
      errors: { "400": "invalid-request: unknown column, no reason, or an expiry that is not a future date", "404": "not-found" },
    },
  },
  "/api/repositories/{id}/waivers/{waiverId}": {
    delete: {
      summary: "Remove a waiver: the column counts as a gap again",
      tag: "repositories",
      params: [idParam, { name: "waiverId", in: "path" }],
      ok: { "204": { description: "removed" } },
      errors: { "404": "not-found" },
    },
  },
  "/api/settings": {
    get: { summary: "Organization settings: the required architectures", tag: "settings", ok: { "200": { description: "the settings (defaults until saved)", schema: z.object({ settings: R.Settings }) } } },
    put: {
      summary: "Change the required architectures",
      tag: "settings",
      body: "SettingsRequest",
      ok: { "200": { description: "saved", schema: z.object({ settings: R.Settings }) } },
      errors: { "400": "invalid-request: an unknown column, or none at all" },
    },
  },
  "/api/repositories/bulk": {
    post: {
      summary: "Watch many repositories",
      tag: "repositories",
      body: "BulkAddRequest",
      ok: { "201": { description: "some were added", schema: R.BulkAdd }, "200": { description: "none was new", schema: R.BulkAdd } },
      errors: invalid,
    },
  },
  "/api/repositories/import": {
    post: {
      summary: "Watch a whole namespace",
      tag: "repositories",
      body: "ImportNamespaceRequest",
      ok: { "201": { description: "some were added", schema: R.BulkAdd }, "200": { description: "none was new", schema: R.BulkAdd } },
      errors: { ...invalid, "502": "the registry refused or failed" },
    },
  },
  "/api/watchlist": {
    get: {
      summary: "Export the watch list file",
      tag: "repositories",
      params: [{ name: "format", in: "query", schema: { enum: ["yaml", "json"] } }],
      ok: { "200": { description: "the file", content: { ...text("application/yaml"), ...jsonFile } } },
    },
    post: {
      summary: "Import a watch list file: create, update policies in place, optionally prune",
      tag: "repositories",
      params: [{ name: "prune", in: "query", schema: { enum: ["true", "false"] } }],
      body: { description: "the watch list file, up to 5 MB", content: { ...text("application/yaml"), ...text("application/json") } },
      ok: { "200": { description: "what was added, updated, left unchanged, removed (prune=true only), refused", schema: R.WatchlistImport } },
      errors: { ...invalid, "413": "body larger than 5 MB", "415": "a body that is neither YAML nor JSON" },
    },
  },
  "/api/scans": {
    get: { summary: "Recent scans", tag: "scans", params: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } }], ok: { "200": { description: "newest first", schema: z.object({ scans: z.array(R.Scan) }) } } },
    post: { summary: "Start a scan", tag: "scans", body: "StartScanRequest", ok: { "202": { description: "queued", schema: z.object({ scan: R.Scan }) } }, errors: invalid },
  },
  "/api/scans/{id}": {
    get: { summary: "One scan's progress", tag: "scans", params: [idParam], ok: { "200": { description: "found", schema: z.object({ scan: R.Scan }) } }, errors: { "404": "not-found" } },
  },
  "/api/scans/{id}/repositories": {
    get: {
      summary: "One scan and each repository's outcome in it, failed first",
      tag: "scans",
      params: [idParam],
      ok: {
        "200": {
          description: "found",
          schema: z.object({
            scan: R.Scan,
            repositories: z.array(
              z.object({
                repositoryId: z.string(),
                reference: z.string(),
                outcome: z.enum(["ok", "failed", "cancelled", "running", "not-reached"]),
                error: z.object({ code: z.string(), message: z.string() }).nullable(),
                startedAt: z.string().nullable(),
                finishedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
      errors: { "404": "not-found" },
    },
  },
  "/api/scans/{id}/cancel": {
    post: { summary: "Cancel a scan", tag: "scans", params: [idParam], ok: { "200": { description: "cancelled (or already finished)", schema: z.object({ scan: R.Scan }) } }, errors: { "404": "not-found" } },
  },
  "/api/coverage": {
    get: {
      summary: "The coverage grid",
      tag: "coverage",
      params: [...coverageFilters, ...["sort", "dir", "group", "offset", "limit"].map((name) => ({ name, in: "query" as const }))],
      ok: { "200": { description: "rows, cells and the summary", schema: R.CoverageResponse } },
      errors: invalid,
    },
  },
  "/api/reports/gaps": {
    get: {
      summary: "Gap report download",
      tag: "coverage",
      params: [
        { name: "format", in: "query", schema: { enum: ["csv", "json", "md"] } },
        ...coverageFilters,
        { name: "scope", in: "query", description: "gaps (default): repositories with gaps or a failed scan; all: every matching repository", schema: { enum: ["gaps", "all"] } },
        { name: "since", in: "query", description: "start of the \"Changed since\" section, YYYY-MM-DD or an ISO time (default: 7 days ago)", schema: { type: "string" } },
        { name: "layout", in: "query", description: "report (default): statement, summary, changes, listing; table: the table alone, as before", schema: { enum: ["report", "table"] } },
      ],
      ok: { "200": { description: "the report", content: { ...text("text/csv"), ...jsonFile, ...text("text/markdown") } } },
      errors: invalid,
    },
  },
  "/api/events": {
    get: {
      summary: "Change events",
      tag: "coverage",
      params: [{ name: "regression", in: "query", schema: { enum: ["true", "false"] } }, { name: "repositoryId", in: "query" }, { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500 } }],
      ok: { "200": { description: "newest first", schema: z.object({ events: z.array(R.ChangeEvent) }) } },
    },
  },
  "/api/trend": {
    get: { summary: "Coverage over time", tag: "coverage", params: [{ name: "columns", in: "query" }], ok: { "200": { description: "one point per day with changes", schema: z.object({ points: z.array(R.TrendPoint) }) } }, errors: invalid },
  },
  "/api/registries": {
    get: { summary: "Registries and their rate limits", tag: "coverage", ok: { "200": { description: "one entry per registry host", schema: z.object({ registries: z.array(R.RegistryInfo) }) } } },
  },
  "/api/checks": {
    post: {
      summary: "Check a deployment against target platforms",
      tag: "checks",
      body: "CheckRequest",
      ok: { "200": { description: "a verdict per workload and image; stores nothing", schema: R.DocumentCheck } },
      errors: { "400": "invalid-request, invalid-documents, no-images, too-many-images or invalid-platform" },
    },
  },
  "/api/badges/{badge}": {
    get: {
      summary: "Architecture badge",
      tag: "badges",
      params: [
        { name: "badge", in: "path", description: "{repository id}.svg or {url-encoded reference}.svg" },
        { name: "columns", in: "query" },
        { name: "label", in: "query" },
        { name: "style", in: "query", schema: { enum: ["flat", "flat-square", "plastic", "for-the-badge", "social"] } },
      ],
      ok: {
        "200": { description: "the badge (grey \"not watched\" for an unknown repository)", content: text("image/svg+xml") },
        "304": { description: "unchanged since If-None-Match's ETag" },
        "400": { description: "grey \"bad columns\" badge", content: text("image/svg+xml") },
      },
      errors: { "404": "not-found: the path does not end in .svg" },
    },
  },
  "/api/webhooks": {
    get: { summary: "List webhooks", tag: "webhooks", ok: { "200": { description: "each with its newest 20 deliveries", schema: z.object({ webhooks: z.array(R.Webhook) }) } } },
    post: {
      summary: "Add a webhook",
      tag: "webhooks",
      body: "WebhookRequest",
      ok: { "201": { description: "added (the secret is not answered)", schema: z.object({ webhook: R.Webhook }) } },
      errors: { "400": "invalid-request: a bad field, or a URL the address policy refuses (ARCHGRID_WEBHOOK_ALLOWED_HOSTS)", "409": "webhook-exists" },
    },
  },
  "/api/webhooks/{id}": {
    get: { summary: "One webhook and its delivery log", tag: "webhooks", params: [idParam], ok: { "200": { description: "with its newest 100 deliveries", schema: z.object({ webhook: R.Webhook }) } }, errors: { "404": "not-found" } },
    delete: { summary: "Delete a webhook", tag: "webhooks", params: [idParam], ok: { "204": { description: "deleted, with its delivery log" } }, errors: { "404": "not-found" } },
  },
  "/api/webhooks/{id}/test": {
    post: {
      summary: "Send a test delivery",
      tag: "webhooks",
      params: [idParam],
      ok: { "201": { description: "the test delivery after its first attempt (retries go on in the background)", schema: z.object({ delivery: R.WebhookDelivery }) } },
      errors: { "404": "not-found" },
    },
  },
  "/api/metrics": {
    get: {
      summary: "Prometheus metrics",
      tag: "meta",
      ok: { "200": { description: "this process's counters, then the installation's totals", content: text("text/plain") } },
    },
  },
  "/api/health": {
    get: { summary: "Liveness", tag: "meta", public: true, bare: true, ok: { "200": { description: "the process answers (touches no database)", content: text("text/plain") } } },
  },
  "/api/ready": {
    get: {
      summary: "Readiness",
      tag: "meta",
      public: true,
      bare: true,
      ok: {
        "200": { description: "the database answers and has every migration", content: text("text/plain") },
        "503": { description: "not ready: the reason in plain words", content: text("text/plain") },
      },
    },
  },
  "/api/auth/session": {
    get: { summary: "Who is signed in, and which ways to sign in exist", tag: "auth", public: true, ok: { "200": { description: "the session", schema: R.Session } } },
  },
  "/api/auth/signin": {
    post: {
      summary: "Exchange the admin token for a session cookie",
      tag: "auth",
      public: true,
      body: "SignInRequest",
      ok: { "200": { description: "signed in (Set-Cookie)", schema: z.object({ viewer: R.Viewer }) } },
      errors: { ...invalid, "401": "unauthorized: not the admin token", "404": "not-found: ARCHGRID_ADMIN_TOKEN is not set" },
    },
  },
  "/api/auth/signout": {
    post: { summary: "Sign out", tag: "auth", public: true, ok: { "200": { description: "signed out", schema: z.object({ viewer: z.null() }) } } },
  },
  "/api/openapi.json": {
    get: { summary: "This document", tag: "meta", public: true, ok: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } },
  },
};

/**
 * Inline response wrappers ({ repositories: [...] }) are registered under generated names so that
 * they too go through z.toJSONSchema; their names are the operation ids.
 */
function buildDocument(): Json {
  const out: Record<string, Json> = {};
  for (const [path, methods] of Object.entries(paths)) {
    out[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      for (const [status, r] of Object.entries(op.ok)) {
        if (r.schema instanceof z.ZodType && !R.schemas.has(r.schema)) {
          const id = `${method[0].toUpperCase()}${method.slice(1)}${path.replace(/[^A-Za-z]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}${status}`;
          R.schemas.add(r.schema, { id });
        }
      }
      out[path][method] = operation(method, op);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "archgrid HTTP API",
      version: "1",
      description:
        "Which CPU architectures an organization's container images cover. Changes need `Content-Type: application/json` " +
        "(else 415) and, when sign-in is configured, `Authorization: Bearer <ARCHGRID_ADMIN_TOKEN>`. Every error is " +
        '`{ "error": { "code", "message" } }`. The contract only grows: new fields and routes, never removed ones.',
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, {}],
    paths: out,
    components: {
      schemas: { ...components(R.schemas, "output"), ...components(requests, "input") },
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "ARCHGRID_ADMIN_TOKEN" } },
    },
  };
}

let cached: Json | undefined;
/** Built once per process: the schemas are static. */
export function openApiDocument(): Json {
  return (cached ??= buildDocument());
}
