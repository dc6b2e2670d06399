import { errorResponse, json, parseBody, route } from "@/lib/http";
import { AddRepositorySchema } from "@/lib/validations/repository";
import { RegistryCheckError, addRepository } from "@/lib/watch";
import { listRepositories } from "@/lib/queries";
import { engine } from "@/lib/scan";

export const dynamic = "force-dynamic";

export const GET = route(async (_req: Request) => json({ repositories: await listRepositories() }));

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, AddRepositorySchema);
  try {
    const repository = await addRepository(body, body.check ? engine().client : undefined);
    return json({ repository }, 201);
  } catch (e) {
    // The check's answer carries what to pick instead (suggestions, newest tags) beside the message.
    if (e instanceof RegistryCheckError) return errorResponse(e.status, e.code, e.message, { ...e.details });
    throw e;
  }
});
