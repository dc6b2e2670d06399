// Request schemas shared by route handlers and the forms that send them.
import { z } from "zod";
import { tagPolicyProblem } from "../registry/tag-policy";

export const tagName = z.string().regex(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/, "is not a valid tag (letters, digits, _ . -; at most 128)");
const pattern = z.string().min(1).max(200);

const TagPolicyShape = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("tags"), tags: z.array(tagName).min(1).max(1000) }),
  z.object({
    kind: z.literal("pattern"),
    include: z.array(pattern).max(50).optional(),
    exclude: z.array(pattern).max(50).optional(),
    max: z.number().int().min(1).max(10000).optional(),
  }),
  z.object({
    kind: z.literal("newest"),
    count: z.number().int().min(1).max(1000),
    include: z.array(pattern).max(50).optional(),
    exclude: z.array(pattern).max(50).optional(),
  }),
  z.object({ kind: z.literal("digest"), digest: z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/, "is not a digest (expected sha256:<64 hex characters>)") }),
]);

/**
 * A tag policy whose patterns RE2 can compile (a pattern it cannot express, e.g. a backreference or
 * lookahead, is a 400 naming the pattern, not a scan-time failure).
 */
export const TagPolicySchema = TagPolicyShape.superRefine((policy, ctx) => {
  const problem = tagPolicyProblem(policy);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const AddRepositorySchema = z.object({
  reference: z.string().trim().min(1, "reference is required").max(512),
  tags: z.array(tagName).min(1).max(1000).optional(),
  tagPolicy: TagPolicySchema.optional(),
  verifyConfigs: z.boolean().optional(),
  /** Look at the registry before watching: 422 when it does not know the repository or tag, 502 when it cannot be asked. */
  check: z.boolean().optional(),
});

export const UpdateRepositorySchema = z
  .object({ tagPolicy: TagPolicySchema.optional(), tags: z.array(tagName).min(1).max(1000).optional(), verifyConfigs: z.boolean().optional() })
  .refine((v) => v.tagPolicy || v.tags || v.verifyConfigs !== undefined, "give tagPolicy, tags or verifyConfigs");

export const BulkAddSchema = z.object({
  references: z.array(z.string().max(512)).min(1).max(5000),
  tags: z.array(tagName).min(1).max(1000).optional(),
  tagPolicy: TagPolicySchema.optional(),
});

export const ImportNamespaceSchema = z.object({
  source: z.enum(["catalog", "dockerhub", "quay"]),
  registry: z.string().trim().max(255).optional(),
  namespace: z.string().trim().max(255).optional(),
  prefix: z.string().trim().max(255).optional(),
  tags: z.array(tagName).min(1).max(1000).optional(),
  tagPolicy: TagPolicySchema.optional(),
  limit: z.number().int().min(1).max(10000).optional(),
});

export const StartScanSchema = z.object({
  repositoryIds: z.array(z.string().min(1).max(64)).max(100000).optional(),
});
