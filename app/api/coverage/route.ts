import { json, route } from "@/lib/http";
import { loadCoverage } from "@/lib/queries";
import { parseCoverageFilters } from "@/lib/validations/coverage";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const filters = parseCoverageFilters(new URL(req.url).searchParams);
  return json(await loadCoverage(filters));
});
