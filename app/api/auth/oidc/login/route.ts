import { NextResponse } from "next/server";
import { route } from "@/lib/http";
import { NotFoundError } from "@/lib/errors";
import { OIDC_STATE_COOKIE, OIDC_STATE_TTL_SECONDS, startSignIn } from "@/lib/auth/oidc";
import { cookieOptions, isSecureRequest, oidcConfigured, sealShortLived } from "@/lib/auth/session";
import { localPath, publicOrigin } from "@/lib/auth/respond";

export const dynamic = "force-dynamic";

/** Sends the browser to the OpenID provider; state, nonce and PKCE verifier wait in a sealed cookie. */
export const GET = route(
  async (req: Request) => {
    if (!oidcConfigured()) throw new NotFoundError("single sign-on (the ARCHGRID_OIDC_* variables are not set)");
    const next = localPath(new URL(req.url).searchParams.get("next"));
    const { url, state } = await startSignIn(`${publicOrigin(req)}/api/auth/oidc/callback`, next);
    const res = NextResponse.redirect(url, 303);
    res.cookies.set(OIDC_STATE_COOKIE, await sealShortLived(state, OIDC_STATE_TTL_SECONDS), cookieOptions(isSecureRequest(req.url), OIDC_STATE_TTL_SECONDS));
    return res;
  },
  { public: true },
);
