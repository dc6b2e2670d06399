// Is this request addressed to us, and did our own pages send it? Pure functions of the headers,
// used by proxy.ts (pages) and by lib/http.ts's route() (every API route), so that neither layer
// alone decides (a check that lived only in middleware was bypassable: CVE-2025-29927).
import os from "node:os";
import { isIP } from "node:net";

/** Splits a Host header into its lowercase host name (IPv6 without brackets); null when malformed. */
export function hostName(host: string): string | null {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest && !/^:\d{1,5}$/.test(rest)) return null;
    return h.slice(1, end);
  }
  const m = /^([a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(h);
  return m ? m[1] : null;
}

/**
 * DNS rebinding defence. With ARCHGRID_PUBLIC_URL set, only its host (and port) is accepted.
 * Without it, only names no attacker's DNS can point at us: IP literals, localhost and this
 * machine's own host name. An attacker's name rebound to our address arrives with the
 * attacker's name in Host, and is refused. An empty or malformed Host is refused too.
 */
export function hostAllowed(host: string | null, publicUrl: string | undefined, machine: string = os.hostname()): boolean {
  // Every browser sends Host (HTTP/1.1 requires it; Node answers 400 without it), so a request
  // without one is a script or an in-process call: not a rebinding attempt.
  if (host === null) return true;
  if (publicUrl) return host.trim().toLowerCase() === new URL(publicUrl).host.toLowerCase();
  const name = hostName(host);
  if (name === null) return false;
  if (isIP(name) !== 0) return true;
  const m = machine.toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || name === m || (m.includes(".") && name === m.split(".")[0]);
}

/**
 * Why a state-changing request must be refused as cross-site, or null when it may proceed.
 * Browsers send Origin on every POST/PATCH/DELETE and Sec-Fetch-Site on every request; scripts
 * and curl send neither, and are then judged by the token rules alone.
 */
export function crossSiteReason(headers: Headers, publicUrl: string | undefined): string | null {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site") return "this request came from another site";
  const origin = headers.get("origin");
  if (origin === null) return null;
  if (origin === "null") return "this request came from an opaque origin (a sandboxed frame, a file, a redirect)";
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    return "the Origin header is malformed";
  }
  if (publicUrl) return given.origin === new URL(publicUrl).origin ? null : `this request came from ${given.origin}`;
  // Without a public URL the scheme a TLS-terminating proxy saw is unknown; host and port must match.
  const host = headers.get("host")?.trim().toLowerCase();
  return host && given.host === host ? null : `this request came from ${given.origin}`;
}

export const MUTATING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The media type of a Content-Type header, lowercase and without parameters ("" when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

const logged = globalThis as unknown as { archgridHostWarned?: boolean };

/** Tells the operator once per process why requests are answered 421. */
export function warnRefusedHostOnce(host: string | null): void {
  if (logged.archgridHostWarned) return;
  logged.archgridHostWarned = true;
  console.warn(
    `archgrid: refused a request for host ${JSON.stringify(host ?? "")} (421). If users open archgrid under that name, set ARCHGRID_PUBLIC_URL (for example https://${hostName(host ?? "") ?? "archgrid.example.org"}). Logged once.`,
  );
}
