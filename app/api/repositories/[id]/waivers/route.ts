// A repository's waivers: list them, or create / replace the one for a column.
import { json, parseBody, route } from "@/lib/http";
import { listWaivers, saveWaiver } from "@/lib/queries";
import { WaiverInputSchema } from "@/lib/validations/waivers";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (_req: Request, { params }: Ctx) => json({ waivers: await listWaivers((await params).id) }));

export const POST = route(async (req: Request, { params }: Ctx) => {
  const { id } = await params;
  const body = await parseBody(req, WaiverInputSchema);
  const { waiver, created } = await saveWaiver(id, { column: body.column, reason: body.reason, expiresAt: body.expiresAt ?? null });
  return json({ waiver }, created ? 201 : 200);
});
