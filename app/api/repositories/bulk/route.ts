import { json, parseBody, route } from "@/lib/http";
import { BulkAddSchema } from "@/lib/validations/repository";
import { addRepositories } from "@/lib/watch";

export const dynamic = "force-dynamic";

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, BulkAddSchema);
  const result = await addRepositories(body.references, { tags: body.tags, tagPolicy: body.tagPolicy });
  return json(result, result.created.length ? 201 : 200);
});
