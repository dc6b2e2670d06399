import { json, parseBody, route } from "@/lib/http";
import { AddRepositorySchema } from "@/lib/validations/repository";
import { addRepository } from "@/lib/watch";
import { listRepositories } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (_req: Request) => json({ repositories: await listRepositories() }));

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, AddRepositorySchema);
  const repository = await addRepository(body);
  return json({ repository }, 201);
});
