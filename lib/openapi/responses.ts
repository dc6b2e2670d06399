// Zod schemas of the HTTP API's responses: what the OpenAPI document (lib/openapi/document.ts)
// publishes. lib/api-types.ts keeps the hand-written TypeScript names the app imports;
// lib/openapi/types-agree.ts makes the compiler check that both describe the same shapes, and
// lib/openapi/responses.integration.test.ts checks real answers of the route handlers against it.
// Objects are closed (additionalProperties: false in the document) so that a field a route starts
// sending without documenting it fails the test instead of drifting silently.
import { z } from "zod";

/** Registered schemas become components/schemas/<id> and are referenced by $ref. */
export const schemas = z.registry<{ id: string; description?: string }>();
function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  schemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

const isoTime = z.string().describe("ISO 8601 time");

export const ErrorBody = named(
  "Error",
  z.object({
    error: z.object({
      code: z.string().describe("kebab-case, stable: scripts branch on it"),
      message: z.string().describe("plain words for a person"),
      registryCode: z.string().optional().describe("the registry's own error code, when a registry refused"),
      suggestions: z.array(z.string()).optional().describe("POST /api/repositories with check: watched-able references close to an unknown name"),
      tags: z.array(z.string()).optional().describe("POST /api/repositories with check: the repository's newest tags, when the tracked one does not exist"),
      addAnyway: z.literal(true).optional().describe("POST /api/repositories with check: repeat with check false to watch it anyway"),
    }),
  }),
  "Every 4xx/5xx answer of the API",
);
const errorDetail = ErrorBody.shape.error;

const platformTriple = z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() });

export const Platform = named(
  "Platform",
  z.object({
    os: z.string(),
    architecture: z.string(),
    variant: z.string().optional(),
    osVersion: z.string().optional(),
    osFeatures: z.array(z.string()).optional(),
    digest: z.string().optional().describe("digest of the platform's own manifest, when the tag is an index"),
    raw: platformTriple.optional().describe("the registry's own values, when normalization changed them"),
    configMismatch: platformTriple.optional().describe("what the image config says, when it disagrees with the index"),
  }),
);

export const TagCoverage = named(
  "TagCoverage",
  z.object({
    tag: z.string(),
    digest: z.string().nullable(),
    mediaType: z.string().nullable(),
    checkedAt: isoTime.nullable(),
    changedAt: isoTime.nullable().optional(),
    platforms: z.array(Platform),
    missing: z.array(z.string()).describe("gaps: required columns lacking, not waived"),
    waived: z.array(z.string()).optional().describe("columns lacking that an active waiver covers"),
    error: errorDetail.optional(),
    skipped: z.number().int().optional().describe("index entries left out as not images (signatures, attestations)"),
    base: z
      .object({
        name: z.string().nullable().describe("org.opencontainers.image.base.name as written"),
        digest: z.string().nullable().describe("org.opencontainers.image.base.digest"),
        platforms: z.array(z.string()).optional().describe("the base's normalized platforms, once resolved"),
        blocked: z.array(z.string()).describe("columns this tag misses that its base misses too"),
        note: z.string().optional().describe("why the base is unknown: unusable annotation, unreachable base, not resolved yet"),
      })
      .optional()
      .describe("the base image named by the tag's OCI base annotations; absent when it names none"),
  }),
);

export const RepositoryStatus = z.enum(["pending", "ok", "error"]);

export const TagPolicy = named(
  "TagPolicy",
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("tags"), tags: z.array(z.string()) }),
    z.object({ kind: z.literal("pattern"), include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional(), max: z.number().int().optional() }),
    z.object({ kind: z.literal("newest"), count: z.number().int(), include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() }),
    z.object({ kind: z.literal("digest"), digest: z.string() }).describe("a pinned manifest: read once, never listed or HEADed again"),
  ]),
);

export const Repository = named(
  "Repository",
  z.object({
    id: z.string(),
    reference: z.string(),
    registry: z.string(),
    name: z.string(),
    tagPolicy: TagPolicy,
    verifyConfigs: z.boolean(),
    status: RepositoryStatus,
    error: errorDetail.optional(),
    lastScannedAt: isoTime.nullable(),
    createdAt: isoTime,
  }),
);

export const Scan = named(
  "Scan",
  z.object({
    id: z.string(),
    status: z.enum(["queued", "running", "succeeded", "partial", "failed", "interrupted", "cancelled"]),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    trigger: z.string().optional(),
    createdAt: isoTime.optional(),
    startedAt: isoTime.nullable().optional(),
    finishedAt: isoTime.nullable().optional(),
  }),
);

export const ChangeEvent = named(
  "ChangeEvent",
  z.object({
    id: z.string(),
    repositoryId: z.string(),
    reference: z.string().optional(),
    tag: z.string(),
    kind: z.enum(["new-tag", "changed", "removed-tag"]),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    fromDigest: z.string().nullable(),
    toDigest: z.string().nullable(),
    regression: z.boolean(),
    reason: z.enum(["policy", "deleted"]).optional().describe("removed-tag only"),
    at: isoTime,
  }),
);

export const Cell = named(
  "Cell",
  z.object({
    state: z.enum(["present", "partial", "separate-image", "mismatch", "missing", "waived", "unknown"]),
    variants: z.array(z.string()),
    osVersions: z.array(z.string()),
    notes: z.array(z.string()),
    siblings: z.array(z.object({ reference: z.string(), digest: z.string() })).optional(),
    blockedByBase: z.string().optional().describe('"blocked by base: alpine:3.18 has no arm64"'),
    informational: z.boolean().optional().describe("true: the column is not in the required set (never a gap)"),
    waiver: z
      .object({ id: z.string(), reason: z.string(), expiresAt: isoTime.nullable(), expired: z.boolean() })
      .optional()
      .describe("the column's waiver: active (state waived) or expired (the real state shows again)"),
  }),
);

export const UpgradeHint = named(
  "UpgradeHint",
  z.object({
    kind: z.enum(["available-from", "dropped"]),
    column: z.string(),
    tag: z.string().describe("available-from: the oldest newer tag with the column; dropped: the tag that lost it"),
    lacking: z.array(z.string()).optional().describe("available-from: tracked tags without the column"),
    previous: z.string().optional().describe('dropped: the tag or series ("1.27.x") that had it'),
    message: z.string(),
  }),
);

export const RepositoryRow = named(
  "RepositoryRow",
  z.object({
    id: z.string(),
    reference: z.string(),
    registry: z.string(),
    namespace: z.string(),
    status: RepositoryStatus,
    error: errorDetail.optional(),
    lastScannedAt: isoTime.nullable().optional(),
    missing: z.array(z.string()),
    tags: z.array(TagCoverage),
    cells: z.record(z.string(), Cell).describe("keyed by column: amd64, arm, arm64, …, windows/amd64"),
    regression: z
      .object({ at: isoTime, tag: z.string(), lost: z.array(z.string()) })
      .optional()
      .describe("the latest regression whose lost columns are still missing today; absent when none or fixed since"),
    blockedByBase: z
      .array(z.object({ column: z.string(), base: z.string(), tags: z.array(z.string()), message: z.string() }))
      .optional()
      .describe("gaps inherited from the base image; absent when none"),
    upgradeHints: z.array(UpgradeHint).optional().describe("across tracked version tags; absent when none"),
  }),
);

export const ColumnSummary = named(
  "ColumnSummary",
  z.object({
    key: z.string(),
    present: z.number().int(),
    missing: z.number().int(),
    unknown: z.number().int(),
    percent: z.number(),
    complete: z.number().int(),
    partial: z.number().int(),
    completePercent: z.number(),
    waived: z.number().int().describe("repositories whose gap here an active waiver accepts"),
    required: z.boolean().describe("false: an informational column"),
  }),
);

export const CoverageResponse = named(
  "CoverageResponse",
  z.object({
    architectures: z.array(z.string()),
    repositories: z.array(RepositoryRow),
    summary: z.object({ repositories: z.number().int(), scanned: z.number().int(), complete: z.number().int(), columns: z.array(ColumnSummary) }),
    availableColumns: z.array(z.string()),
    required: z.array(z.string()).describe("the organization's required set"),
    page: z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int() }).optional(),
    groups: z.array(z.object({ key: z.string(), count: z.number().int() })).optional(),
  }),
);

export const RepositoryDetail = named(
  "RepositoryDetail",
  z.object({ repository: Repository, coverage: RepositoryRow, events: z.array(ChangeEvent) }),
);

export const TrendPoint = named(
  "TrendPoint",
  z.object({ at: isoTime, columns: z.record(z.string(), z.number()).describe("percent of repositories covering each column") }),
);

export const RegistryInfo = named(
  "Registry",
  z.object({
    host: z.string(),
    repositories: z.number().int(),
    rateLimit: z
      .object({ limit: z.number().nullable(), remaining: z.number().nullable(), windowSeconds: z.number().nullable(), at: isoTime.nullable() })
      .nullable(),
  }),
);

export const BulkAdd = named(
  "BulkAddResult",
  z.object({
    created: z.array(Repository),
    existing: z.array(z.string()),
    invalid: z.array(z.object({ reference: z.string(), error: errorDetail })),
  }),
);

/** POST /api/watchlist: BulkAddResult (existing = updated + unchanged) plus what the import did. */
export const WatchlistImport = named(
  "WatchlistImportResult",
  z.object({
    created: z.array(Repository),
    existing: z.array(z.string()),
    invalid: z.array(z.object({ reference: z.string(), error: errorDetail })),
    updated: z.array(z.string()),
    unchanged: z.array(z.string()),
    removed: z.array(z.string()),
  }),
);

const checkStatus = z.enum(["ok", "missing", "error"]);
export const DocumentCheck = named(
  "DocumentCheck",
  z.object({
    platforms: z.array(z.string()),
    ok: z.boolean(),
    summary: z.object({ workloads: z.number().int(), containers: z.number().int(), ok: z.number().int(), missing: z.number().int(), error: z.number().int() }),
    workloads: z.array(
      z.object({
        source: z.enum(["compose", "kubernetes"]),
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
        line: z.number().int().optional(),
        status: checkStatus,
        containers: z.array(
          z.object({
            container: z.string(),
            containerType: z.enum(["container", "initContainer", "ephemeralContainer"]),
            image: z.string(),
            reference: z.string().optional(),
            digest: z.string().optional(),
            line: z.number().int().optional(),
            status: checkStatus,
            message: z.string(),
            present: z.array(z.string()),
            missing: z.array(z.string()),
            error: errorDetail.optional(),
          }),
        ),
      }),
    ),
    images: z.array(
      z.object({
        reference: z.string(),
        status: checkStatus,
        present: z.array(z.string()),
        missing: z.array(z.string()),
        error: errorDetail.optional(),
        containers: z.number().int(),
      }),
    ),
  }),
);

export const Viewer = named(
  "Viewer",
  z.object({ name: z.string(), canWrite: z.boolean(), via: z.enum(["token", "oidc", "bearer"]) }),
);

export const Session = named(
  "Session",
  z.object({
    viewer: Viewer.nullable(),
    signIn: z.object({ token: z.boolean(), oidc: z.boolean(), requiredToRead: z.boolean() }),
  }),
);

export const WebhookDelivery = named(
  "WebhookDelivery",
  z.object({
    id: z.string(),
    eventKey: z.string(),
    type: z.string().describe("regression, gap-opened, gap-closed or test"),
    status: z.enum(["pending", "sending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().describe("the receiver's last HTTP status"),
    lastError: z.string().nullable(),
    nextAttemptAt: isoTime.nullable().describe("set while pending"),
    createdAt: isoTime,
    deliveredAt: isoTime.nullable(),
  }),
);

export const Webhook = named(
  "Webhook",
  z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    format: z.enum(["json", "slack"]),
    events: z.array(z.enum(["regression", "gap-opened", "gap-closed"])),
    createdAt: isoTime,
    deliveries: z.array(WebhookDelivery).describe("newest first; the signing secret is never answered"),
  }),
);

export const Waiver = named(
  "Waiver",
  z.object({
    id: z.string(),
    repositoryId: z.string(),
    column: z.string(),
    reason: z.string(),
    expiresAt: isoTime.nullable().describe("when it stops applying; null: never"),
    expired: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
  "A repository's accepted gap in one column: shown as Waived, not counted as missing, until it expires",
);

export const Settings = named(
  "Settings",
  z.object({
    requiredColumns: z.array(z.string()).describe("columns whose absence is a gap; others are informational"),
    availableColumns: z.array(z.string()),
    updatedAt: isoTime.nullable().describe("null while the defaults apply"),
  }),
);
