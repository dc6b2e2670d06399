// Checks that apply to every page request, before rendering: the Host must be ours (DNS
// rebinding), a page POST must come from our own pages, sign-in when reads require it, and a
// fresh CSP nonce. API routes are left to lib/http.ts's route(), which runs the same checks
// inside each handler; keeping them out of the proxy also keeps their bodies streaming (Next
// buffers a request body whenever the proxy runs).
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { crossSiteReason, hostAllowed, MUTATING_METHODS, warnRefusedHostOnce } from "@/lib/auth/request-checks";
import { viewerOf } from "@/lib/auth/session";
import { NON_DOCUMENT_CSP, newNonce, pageCsp } from "@/lib/auth/security-headers";
import { MisdirectedRequestError } from "@/lib/errors";

/** Pages reachable without a session when reads require one. */
const PUBLIC_PAGES = new Set(["/signin"]);

function plain(status: number, text: string): NextResponse {
  return new NextResponse(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": NON_DOCUMENT_CSP, "Cache-Control": "no-store" },
  });
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const e = env();
  const host = request.headers.get("host");
  if (!hostAllowed(host, e.ARCHGRID_PUBLIC_URL)) {
    warnRefusedHostOnce(host);
    return plain(421, new MisdirectedRequestError(host ?? "").message);
  }
  if (MUTATING_METHODS.has(request.method)) {
    const why = crossSiteReason(request.headers, e.ARCHGRID_PUBLIC_URL);
    if (why) return plain(403, `${why}; archgrid only accepts changes from its own pages`);
    // Pages have no server actions: every change goes through /api. Refusing here also spares
    // the server from reading a body nobody wants.
    return plain(405, "pages only answer GET; changes go through /api (see README \"HTTP API\")");
  }
  const { pathname, search } = request.nextUrl;
  if (e.ARCHGRID_READ_REQUIRES_SIGN_IN && !PUBLIC_PAGES.has(pathname)) {
    const viewer = await viewerOf(request.headers);
    if (!viewer || viewer === "bad-token") {
      const to = new URL("/signin", request.url);
      to.searchParams.set("next", pathname + search);
      return NextResponse.redirect(to, 303);
    }
  }

  const nonce = newNonce();
  const csp = pageCsp(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: (e.ARCHGRID_PUBLIC_URL ?? request.url).startsWith("https:"),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // For the sign-in panel the layout shows in place of a locked page: where to go afterwards, and
  // the sign-in error to show. Always overwritten, so a client cannot choose them. URI-encoded
  // because header values are bytes.
  const onSignIn = pathname === "/signin";
  requestHeaders.set("x-archgrid-next", encodeURIComponent(onSignIn ? (request.nextUrl.searchParams.get("next") ?? "/") : pathname + search));
  requestHeaders.set("x-archgrid-error", encodeURIComponent(onSignIn ? (request.nextUrl.searchParams.get("error") ?? "") : ""));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Everything but the API (checked in its handlers) and immutable build output.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
