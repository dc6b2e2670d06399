import { json, parseBody, route } from "@/lib/http";
import { ImportNamespaceSchema } from "@/lib/validations/repository";
import { importNamespace } from "@/lib/watch";
import { engine } from "@/lib/scan";

export const dynamic = "force-dynamic";

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, ImportNamespaceSchema);
  const result = await importNamespace(engine().client, body);
  return json(result, result.created.length ? 201 : 200);
});
