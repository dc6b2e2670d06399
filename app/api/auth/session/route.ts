import { json, route } from "@/lib/http";
import { env } from "@/lib/env";
import { oidcConfigured, viewerOf } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Who the browser is signed in as, and which ways to sign in exist (for the sign-in page and scripts). */
export const GET = route(
  async (req: Request) => {
    const viewer = await viewerOf(req.headers);
    const e = env();
    return json({
      viewer: viewer === "bad-token" ? null : viewer,
      signIn: { token: Boolean(e.ARCHGRID_ADMIN_TOKEN), oidc: oidcConfigured(e), requiredToRead: e.ARCHGRID_READ_REQUIRES_SIGN_IN },
    });
  },
  { public: true },
);
