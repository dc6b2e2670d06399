// One request limit per registry host across every worker and replica (PostgreSQL with
// ARCHGRID_REGISTRY_RATE > 0). Each process still caps its own requests in flight
// (ARCHGRID_REGISTRY_CONCURRENCY); this caps what all of them send together per second.
import { reserveRegistryRequest } from "../queries/registry-budget";

let warned = false;

/** The RegistryClient `beforeRequest` hook: waits for this request's slot in the host's shared bucket. */
export function sharedRegistryLimit(ratePerSecond: number, burst = Math.max(1, ratePerSecond)): (registry: string) => Promise<void> {
  return async (registry) => {
    let waitMs: number;
    try {
      waitMs = await reserveRegistryRequest(registry, ratePerSecond, burst);
    } catch (e) {
      // The database is the limit's memory: without it, fall back to the per-process limits
      // rather than stop every scan (the scan's own writes would fail and say why anyway).
      if (!warned) console.warn("archgrid: shared registry limit unavailable, using per-process limits:", (e as Error).message);
      warned = true;
      return;
    }
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  };
}
