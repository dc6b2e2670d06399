import { NextResponse } from "next/server";
import { route } from "@/lib/http";
import { NotFoundError } from "@/lib/errors";
import { OIDC_STATE_COOKIE, finishSignIn, type OidcState } from "@/lib/auth/oidc";
import { cookieOptions, isSecureRequest, oidcConfigured, readCookie, unsealShortLived } from "@/lib/auth/session";
import { localPath, publicOrigin, withSession } from "@/lib/auth/respond";

export const dynamic = "force-dynamic";

/** The provider sends the browser back here with a code; a failure goes back to /signin with a plain message. */
export const GET = route(
  async (req: Request) => {
    if (!oidcConfigured()) throw new NotFoundError("single sign-on (the ARCHGRID_OIDC_* variables are not set)");
    const origin = publicOrigin(req);
    const incoming = new URL(req.url);
    const callback = new URL(`${origin}${incoming.pathname}${incoming.search}`);
    const saved = await unsealShortLived<OidcState>(readCookie(req.headers.get("cookie"), OIDC_STATE_COOKIE));
    const fail = (message: string) => {
      const to = new URL("/signin", origin);
      to.searchParams.set("error", message);
      return clearState(NextResponse.redirect(to, 303), req);
    };
    if (!saved.state || !saved.nonce || !saved.verifier) return fail("Single sign-on took too long or was started elsewhere; try again.");
    const providerError = incoming.searchParams.get("error");
    if (providerError) return fail(`The identity provider refused the sign-in (${providerError.slice(0, 80)}).`);
    let viewer;
    try {
      viewer = await finishSignIn(callback, saved as OidcState);
    } catch (e) {
      // The library's message may quote the provider; the log gets it, the browser a plain sentence.
      console.error("archgrid: OIDC sign-in failed:", e instanceof Error ? e.message : e);
      return fail("Single sign-on failed; the server log says why.");
    }
    const res = clearState(NextResponse.redirect(new URL(localPath(saved.next), origin), 303), req);
    return withSession(res, req, viewer);
  },
  { public: true },
);

function clearState(res: NextResponse, req: Request): NextResponse {
  res.cookies.set(OIDC_STATE_COOKIE, "", cookieOptions(isSecureRequest(req.url), 0));
  return res;
}
