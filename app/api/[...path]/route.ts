import { errorResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Through route() so that an unknown path gets the same Host, origin and sign-in checks as a known one.
const notFound = route(async (req: Request) => errorResponse(404, "not-found", `no API route ${req.method} ${new URL(req.url).pathname}`));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
