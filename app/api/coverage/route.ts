import { route } from "@/lib/http";
import { loadCoverage } from "@/lib/queries";
import { readCoverageStamps } from "@/lib/queries/stamps";
import { parseCoverageFilters, parseCoverageView } from "@/lib/validations/coverage";
import { JsonCache, cachedJsonResponse } from "@/lib/json-cache";

export const dynamic = "force-dynamic";

const g = globalThis as unknown as { archgridCoverageCache?: JsonCache };
const cache = (g.archgridCoverageCache ??= new JsonCache());

export const GET = route(async (req: Request) => {
  const url = new URL(req.url);
  const filters = parseCoverageFilters(url.searchParams);
  const view = parseCoverageView(url.searchParams);
  // The matrix fingerprint, the base images' stamp (resolved apart from the matrix,
  // lib/scan/base-lineage.ts) and the gap policy's (waivers, their expiry and the required set
  // change answers without touching the matrix): all in the key, all read in one statement, and
  // handed to loadCoverage on a miss rather than read again.
  const stamps = await readCoverageStamps();
  const entry = await cache.get(`${stamps.fingerprint}|${stamps.bases}|${stamps.policy.stamp}?${url.searchParams.toString()}`, () => loadCoverage(filters, view, stamps));
  return cachedJsonResponse(entry);
});
