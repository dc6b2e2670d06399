// For the scan engine's integration tests (lib/scan): the real Distribution registry with the fault
// proxy in front (to count or slow what the registry sees), started once per file. The engine
// trusts the proxy (ARCHGRID_INSECURE_REGISTRIES) and runs no schedule. Push straight to
// `registry.url`; add repositories as `${proxy.host}/name`.
import { afterAll, beforeAll } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";

export interface ScanRegistry {
  registry: RunningRegistry;
  proxy: FaultProxy;
}

/** Registers the file's beforeAll/afterAll; the fields are set once beforeAll has run (then `setup`). */
export function useScanRegistry(setup?: (r: ScanRegistry) => Promise<void>, timeoutMs = 60_000): ScanRegistry {
  const rig = {} as ScanRegistry;
  beforeAll(async () => {
    rig.registry = await startRegistry();
    rig.proxy = await startFaultProxy(rig.registry.url);
    process.env.ARCHGRID_INSECURE_REGISTRIES = rig.proxy.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    await setup?.(rig);
  }, timeoutMs);
  afterAll(async () => {
    await rig.proxy?.stop();
    await rig.registry?.stop();
  });
  return rig;
}
