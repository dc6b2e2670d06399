import { json, route } from "@/lib/http";
import { withoutSession } from "@/lib/auth/respond";

export const dynamic = "force-dynamic";

// A POST (with the same origin checks as any change), so another site cannot sign users out.
export const POST = route(async (req: Request) => withoutSession(json({ viewer: null }), req), { public: true });
