import { json, parseBody, route } from "@/lib/http";
import { StartScanSchema } from "@/lib/validations/repository";
import { engine } from "@/lib/scan";
import { listScans } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const limit = Math.min(Math.max(Number(new URL(req.url).searchParams.get("limit")) || 10, 1), 100);
  return json({ scans: await listScans(limit) });
});

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, StartScanSchema);
  const scan = await engine().start(body.repositoryIds);
  return json({ scan }, 202);
});
