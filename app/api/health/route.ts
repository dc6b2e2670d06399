// Liveness for load balancers and orchestrators: the process answers. It touches no database (a
// database outage must not get healthy processes restarted) and runs no sign-in or Host check:
// it reveals nothing and changes nothing, and probes arrive with whatever Host the prober uses.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
