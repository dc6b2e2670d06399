import { errorResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

function notFound(req: Request) {
  return errorResponse(404, "not-found", `no API route ${req.method} ${new URL(req.url).pathname}`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
