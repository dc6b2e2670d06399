// Prometheus text format: this process's counters, then the installation's totals from the database.
import { route } from "@/lib/http";
import { processMetrics } from "@/lib/metrics/process";
import { installationRegistry } from "@/lib/metrics/installation";
import { readInstallationTotals } from "@/lib/queries/metrics";

export const dynamic = "force-dynamic";

export const GET = route(async (_req: Request) => {
  const own = processMetrics().registry;
  const body = (await own.metrics()) + "\n" + (await installationRegistry(await readInstallationTotals()).metrics());
  return new Response(body, { headers: { "Content-Type": own.contentType, "Cache-Control": "no-store" } });
});
