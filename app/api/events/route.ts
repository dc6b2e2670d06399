import { json, route } from "@/lib/http";
import { listEvents } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const p = new URL(req.url).searchParams;
  const events = await listEvents({
    limit: Math.min(Math.max(Number(p.get("limit")) || 50, 1), 500),
    regression: p.get("regression") === "true",
    repositoryId: p.get("repositoryId") || undefined,
  });
  return json({ events });
});
