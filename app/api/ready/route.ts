// Readiness for load balancers: 200 when the database answers and has every migration of this
// build, else 503 with the reason in plain words. Open like /api/health (no sign-in, any Host).
import { checkReadiness } from "@/lib/metrics/ready";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const r = await checkReadiness();
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  return r.ready ? new Response("ready\n", { headers }) : new Response(`not ready: ${r.reason}\n`, { status: 503, headers });
}
