import { json, route } from "@/lib/http";
import { engine } from "@/lib/scan";

export const dynamic = "force-dynamic";

export const POST = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return json({ scan: await engine().cancel(id) });
});
