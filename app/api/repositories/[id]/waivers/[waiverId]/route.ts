import { route } from "@/lib/http";
import { deleteWaiver } from "@/lib/queries";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; waiverId: string }> };

/** Removing a waiver makes its column a gap again at once. */
export const DELETE = route(async (_req: Request, { params }: Ctx) => {
  const { id, waiverId } = await params;
  await deleteWaiver(id, waiverId);
  return new Response(null, { status: 204 });
});
