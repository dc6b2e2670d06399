import { json, route } from "@/lib/http";
import { coverageTrend } from "@/lib/queries";
import { parseCoverageFilters } from "@/lib/validations/coverage";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const { columns } = parseCoverageFilters(new URL(req.url).searchParams);
  return json({ points: await coverageTrend(columns) });
});
