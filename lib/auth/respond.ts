// Setting and clearing the session cookie on a response (route handlers only).
import { NextResponse } from "next/server";
import { env } from "../env";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, cookieOptions, isSecureRequest, sealSession, type Viewer } from "./session";

export async function withSession(res: NextResponse, req: Request, viewer: Viewer): Promise<NextResponse> {
  res.cookies.set(SESSION_COOKIE, await sealSession(viewer), cookieOptions(isSecureRequest(req.url), SESSION_TTL_SECONDS));
  return res;
}

export function withoutSession(res: NextResponse, req: Request): NextResponse {
  res.cookies.set(SESSION_COOKIE, "", cookieOptions(isSecureRequest(req.url), 0));
  return res;
}

/** Where to go after signing in: only a path on this site (never "//host" or a URL: no open redirect). */
export function localPath(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : "/";
}

/**
 * The origin browsers use for this server: ARCHGRID_PUBLIC_URL, else the request's own Host
 * (already checked against the allow-list by route()) with the scheme the request came in on.
 */
export function publicOrigin(req: Request): string {
  const configured = env().ARCHGRID_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const url = new URL(req.url);
  const host = req.headers.get("host") ?? url.host;
  return `${url.protocol}//${host}`;
}
