import { json, route } from "@/lib/http";
import { deleteWebhook, getWebhook } from "@/lib/queries/webhooks";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** One webhook and its delivery log (newest 100). */
export const GET = route(async (_req: Request, { params }: Ctx) => json({ webhook: await getWebhook((await params).id) }));

export const DELETE = route(async (_req: Request, { params }: Ctx) => {
  await deleteWebhook((await params).id);
  return new Response(null, { status: 204 });
});
