import { json, route } from "@/lib/http";
import { getScan } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return json({ scan: await getScan(id) });
});
