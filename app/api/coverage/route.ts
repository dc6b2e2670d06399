import { route } from "@/lib/http";
import { loadCoverage, loadGapPolicy, loadMatrix } from "@/lib/queries";
import { baseImagesStamp } from "@/lib/queries/base-images";
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
  // Base images are resolved apart from the matrix (lib/scan/base-lineage.ts), and waivers, their
  // expiry and the required set change answers without touching it: both stamps are in the key.
  const [bases, { stamp }] = await Promise.all([baseImagesStamp(), loadGapPolicy()]);
  const entry = await cache.get(`${fingerprint}|${bases}|${stamp}?${url.searchParams.toString()}`, () => loadCoverage(filters, view));
  return cachedJsonResponse(entry);
});
