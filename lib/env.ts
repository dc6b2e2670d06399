// Configuration from the environment, parsed once with zod. See README "Configuration".
import { z } from "zod";
import { databaseProvider } from "./db-provider";

const isDatabaseUrl = (url: string): boolean => {
  try {
    databaseProvider(url);
    return true;
  } catch {
    return false;
  }
};

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

const intWithDefault = (fallback: number, min = 0) =>
  z.coerce.number().int().min(min).optional().transform((v) => v ?? fallback);

const EnvSchema = z.object({
  /** `file:` → SQLite, `postgres://`/`postgresql://` → PostgreSQL (lib/db-provider.ts). */
  DATABASE_URL: z
    .string()
    .min(1)
    .default("file:./data/archgrid.db")
    .refine(isDatabaseUrl, "must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)"),
  /** host:port entries allowed over plain HTTP and on loopback/private addresses. */
  ARCHGRID_INSECURE_REGISTRIES: csv,
  DOCKER_CONFIG: z.string().optional(),
  ARCHGRID_ADMIN_TOKEN: z.string().min(1).optional(),
  /** Rescan interval in minutes; 0 turns scheduled rescans off. */
  ARCHGRID_SCAN_INTERVAL_MINUTES: intWithDefault(360),
  /** Concurrent registry requests per registry host during a scan. */
  ARCHGRID_REGISTRY_CONCURRENCY: intWithDefault(8, 1),
  /** Per-request timeout in milliseconds. */
  ARCHGRID_REQUEST_TIMEOUT_MS: intWithDefault(15000, 100),
  /** Most tags tracked per repository (tag policies are capped to this). */
  ARCHGRID_MAX_TAGS_PER_REPOSITORY: intWithDefault(100, 1),
  /** Where arch-prefixed sibling images are looked up (Docker Hub by default). */
  ARCHGRID_SIBLING_REGISTRY: z.string().default("docker.io"),
  /** The address users open (https://archgrid.example.org): the only Host accepted, cookie security, absolute links. */
  ARCHGRID_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://archgrid.example.org" })
    .optional(),
  /** "true": every page and read route needs a session or the admin token too. */
  ARCHGRID_READ_REQUIRES_SIGN_IN: z
    .enum(["true", "false", ""], { error: 'must be "true" or "false"' })
    .optional()
    .transform((v) => v === "true"),
  /** OpenID Connect single sign-on: issuer URL, client id and secret (all three or none). */
  ARCHGRID_OIDC_ISSUER: z.url({ error: "must be the issuer's URL" }).optional(),
  ARCHGRID_OIDC_CLIENT_ID: z.string().min(1).optional(),
  ARCHGRID_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Emails or groups (from the `groups` claim) allowed to change things; empty = every signed-in user. */
  ARCHGRID_OIDC_WRITERS: csv,
}).superRefine((e, ctx) => {
  const oidc = [e.ARCHGRID_OIDC_ISSUER, e.ARCHGRID_OIDC_CLIENT_ID, e.ARCHGRID_OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3)
    ctx.addIssue({ code: "custom", path: ["ARCHGRID_OIDC_ISSUER"], message: "set ARCHGRID_OIDC_ISSUER, ARCHGRID_OIDC_CLIENT_ID and ARCHGRID_OIDC_CLIENT_SECRET together" });
  if (e.ARCHGRID_READ_REQUIRES_SIGN_IN && !e.ARCHGRID_ADMIN_TOKEN && !oidc)
    ctx.addIssue({ code: "custom", path: ["ARCHGRID_READ_REQUIRES_SIGN_IN"], message: "needs a way to sign in: set ARCHGRID_ADMIN_TOKEN or the ARCHGRID_OIDC_* variables" });
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Tests change process.env between cases; production reads it once. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** The validated environment; throws once, at first use, with every problem listed. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid archgrid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
