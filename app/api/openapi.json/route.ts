import { json, route } from "@/lib/http";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document: public, like the sign-in routes, since it describes no data. */
export const GET = route(async (_req: Request) => json(openApiDocument()), { public: true });
