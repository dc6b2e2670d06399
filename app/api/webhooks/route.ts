import { json, parseBody, route } from "@/lib/http";
import { listWebhooks } from "@/lib/queries/webhooks";
import { WebhookInputSchema, createWebhookChecked } from "@/lib/webhooks";

export const dynamic = "force-dynamic";

/** Every webhook with its newest deliveries; the signing secret is never part of the answer. */
export const GET = route(async (_req: Request) => json({ webhooks: await listWebhooks() }));

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, WebhookInputSchema);
  return json({ webhook: await createWebhookChecked(body) }, 201);
});
