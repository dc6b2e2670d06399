// The registry client of the CLI: the server's configuration (lib/env.ts), so a check in CI
// sees the same credentials (DOCKER_CONFIG) and the same address policy
// (ARCHGRID_INSECURE_REGISTRIES) as the dashboard. No database, no server.
import { env } from "../env";
import { RegistryClient } from "../registry";

export interface ClientFlags {
  /** --insecure-registry host:port (repeatable), added to ARCHGRID_INSECURE_REGISTRIES. */
  insecureRegistry?: string[];
}

export function createClient(flags: ClientFlags = {}): RegistryClient {
  const e = env();
  const extra = (flags.insecureRegistry ?? []).flatMap((s) => s.split(",")).map((s) => s.trim().toLowerCase()).filter(Boolean);
  return new RegistryClient({
    insecureRegistries: [...e.ARCHGRID_INSECURE_REGISTRIES, ...extra],
    dockerConfigDir: e.DOCKER_CONFIG,
    timeoutMs: e.ARCHGRID_REQUEST_TIMEOUT_MS,
    concurrencyPerRegistry: e.ARCHGRID_REGISTRY_CONCURRENCY,
  });
}
