import { route } from "@/lib/http";
import { loadCoverage, loadGapPolicy, loadMatrix } from "@/lib/queries";
import { parseCoverageFilters, parseCoverageView } from "@/lib/validations/coverage";
import { JsonCache, cachedJsonResponse } from "@/lib/json-cache";

export const dynamic = "force-dynamic";

const g = globalThis as unknown as { archgridCoverageCache?: JsonCache };
const cache = (g.archgridCoverageCache ??= new JsonCache());

export const GET = route(async (req: Request) => {
  const url = new URL(req.url);
  const filters = parseCoverageFilters(url.searchParams);
  const view = parseCoverageView(url.searchParams);
  const { fingerprint } = await loadMatrix();
  // Waivers, their expiry and the required set change answers without touching the matrix.
  const { stamp } = await loadGapPolicy();
  const entry = await cache.get(`${fingerprint}|${stamp}?${url.searchParams.toString()}`, () => loadCoverage(filters, view));
  return cachedJsonResponse(entry);
});
