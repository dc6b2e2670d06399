// Figures this process counts itself (prom-client counters and a histogram): registry requests by
// host and status, and the latency of the app's API routes. They are per process: each replica
// reports its own and Prometheus sums them (`sum by (host, status) (...)`). The registry lives on
// globalThis because Next may load this module in more than one bundle (route handlers, the scan
// engine), and every copy must count into the same series.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

interface ProcessMetrics {
  registry: Registry;
  registryRequests: Counter<"host" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
}

const g = globalThis as unknown as { archgridMetrics?: ProcessMetrics };

function create(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "archgrid_" });
  return {
    registry,
    registryRequests: new Counter({
      name: "archgrid_registry_requests_total",
      help: "HTTP requests this process sent to container registries, by registry host and response status (per process)",
      labelNames: ["host", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "archgrid_http_request_duration_seconds",
      help: "Time this process took to answer the app's API routes, by method, route template and status (per process)",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export function processMetrics(): ProcessMetrics {
  g.archgridMetrics ??= create();
  return g.archgridMetrics;
}

/** The scan engine's RegistryClient `onRequest` hook. */
export function countRegistryRequest(host: string, status: number): void {
  processMetrics().registryRequests.inc({ host, status: String(status) });
}

// Literal API paths keep their own label; anything else is folded so that ids, badge slugs and
// probes for unknown paths cannot grow the number of series without bound.
const STATIC_ROUTES = new Set([
  "/api/auth/oidc/callback",
  "/api/auth/oidc/login",
  "/api/auth/session",
  "/api/auth/signin",
  "/api/auth/signout",
  "/api/checks",
  "/api/coverage",
  "/api/events",
  "/api/metrics",
  "/api/registries",
  "/api/reports/gaps",
  "/api/repositories",
  "/api/repositories/bulk",
  "/api/repositories/import",
  "/api/scans",
  "/api/trend",
  "/api/watchlist",
]);

/** The route template of an API path: "/api/scans/ckx…/cancel" -> "/api/scans/:id/cancel". */
export function routeLabel(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (STATIC_ROUTES.has(path)) return path;
  if (path.startsWith("/api/badges/")) return "/api/badges/*";
  const m = /^\/api\/(repositories|scans)\/[^/]+(\/cancel)?$/.exec(path);
  if (m && (m[1] === "scans" || !m[2])) return `/api/${m[1]}/:id${m[2] ?? ""}`;
  return "other";
}

/** Starts timing one API request; call the result with the response status. */
export function timeRequest(req: Request): (status: number) => void {
  const end = processMetrics().httpDuration.startTimer();
  let route = "other";
  try {
    route = routeLabel(new URL(req.url).pathname);
  } catch {
    // A URL Next could not parse is still timed, under "other".
  }
  return (status) => void end({ method: req.method, route, status: String(status) });
}
