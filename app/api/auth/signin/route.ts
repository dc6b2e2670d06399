import { z } from "zod";
import { json, parseBody, route } from "@/lib/http";
import { env } from "@/lib/env";
import { isAdminToken, type Viewer } from "@/lib/auth/session";
import { withSession } from "@/lib/auth/respond";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const SignInSchema = z.object({ token: z.string().min(1, "enter the admin token").max(4096) });

/** Exchanges the admin token for a session cookie, so the browser never has to hold the token. */
export const POST = route(
  async (req: Request) => {
    if (!env().ARCHGRID_ADMIN_TOKEN) throw new NotFoundError("sign-in with the admin token (ARCHGRID_ADMIN_TOKEN is not set)");
    const { token } = await parseBody(req, SignInSchema);
    if (!isAdminToken(token)) throw new UnauthorizedError("that is not the admin token");
    const viewer: Viewer = { name: "admin token", canWrite: true, via: "token" };
    return withSession(json({ viewer }), req, viewer);
  },
  { public: true },
);
