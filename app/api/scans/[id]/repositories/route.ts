import { json, route } from "@/lib/http";
import { listScanRepositories } from "@/lib/queries";

export const dynamic = "force-dynamic";

/** GET /api/scans/{id}/repositories: the scan and each repository's outcome in it (failed first). */
export const GET = route(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return json(await listScanRepositories(id));
});
