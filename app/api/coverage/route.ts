import { route } from "@/lib/http";
import { loadCoverage, loadMatrix } from "@/lib/queries";
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
  // Base images are resolved apart from the matrix (lib/scan/base-lineage.ts): their stamp too.
  const bases = await baseImagesStamp();
  const entry = await cache.get(`${fingerprint}|${bases}?${url.searchParams.toString()}`, () => loadCoverage(filters, view));
  return cachedJsonResponse(entry);
});
