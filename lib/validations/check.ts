// POST /api/checks: the request, shared by the route and the "Check a deployment" form.
import { z } from "zod";

/** Pasted text beyond this is refused (a whole `helm template` of a large chart fits). */
export const MAX_DOCUMENT_CHARS = 512 * 1024;
/** Distinct images one check resolves at most: each costs registry requests. */
export const MAX_CHECK_IMAGES = 100;

const VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const CheckRequestSchema = z.object({
  documents: z
    .string()
    .refine((s) => s.trim() !== "", "paste a docker-compose file or Kubernetes YAML")
    .refine((s) => s.length <= MAX_DOCUMENT_CHARS, `is longer than ${MAX_DOCUMENT_CHARS / 1024} KiB; check it in parts or with \`archgrid check --file\``),
  /** Target platforms ("linux/arm64", "arm64", "linux/arm/v7"); default: the grid's five columns. */
  platforms: z.array(z.string().max(64)).min(1, "name at least one platform").max(16, "at most 16 platforms").optional(),
  /** Values for compose's ${VAR} (what a .env file would hold). */
  env: z
    .record(z.string().regex(VAR, "is not a variable name"), z.string().max(1024))
    .refine((e) => Object.keys(e).length <= 200, "at most 200 variables")
    .optional(),
});

export type CheckRequest = z.infer<typeof CheckRequestSchema>;
