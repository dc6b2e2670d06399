import { json, route } from "@/lib/http";
import { enqueueTest, getDelivery } from "@/lib/queries/webhooks";
import { dispatcher } from "@/lib/webhooks";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** "Send test": queues a test delivery, waits for its first attempt, and answers its log entry (retries go on in the background). */
export const POST = route(async (_req: Request, { params }: Ctx) => {
  const id = await enqueueTest((await params).id);
  await dispatcher().sendNow(id);
  return json({ delivery: await getDelivery(id) }, 201);
});
