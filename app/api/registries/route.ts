import { json, route } from "@/lib/http";
import { listRegistries } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (_req: Request) => json({ registries: await listRegistries() }));
