// Configuration from the environment, parsed once with zod. See README "Configuration".
import { z } from "zod";

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
  DATABASE_URL: z.string().min(1).default("file:./data/archgrid.db"),
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
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

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
