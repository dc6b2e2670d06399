// POST /api/checks: which workloads of a compose file or Kubernetes manifests cannot run on the
// target platforms. Reads registries, stores nothing (so no authorize: it is a read).
import { json, parseBody, route } from "@/lib/http";
import { ValidationError } from "@/lib/errors";
import { engine } from "@/lib/scan";
import { CheckRequestSchema, MAX_CHECK_IMAGES } from "@/lib/validations/check";
import { checkDocuments, DEFAULT_REQUIREMENTS, FileError, InvalidPlatformError, parseRequirements } from "@/lib/workloads";

export const dynamic = "force-dynamic";

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, CheckRequestSchema);
  try {
    const targets = body.platforms ? parseRequirements(body.platforms) : [...DEFAULT_REQUIREMENTS];
    // The scan engine's client: the same address policy, credentials and per-registry limits.
    return json(await checkDocuments(engine().client, { documents: body.documents, targets, env: body.env, maxImages: MAX_CHECK_IMAGES }));
  } catch (e) {
    if (e instanceof InvalidPlatformError) throw new ValidationError(`platforms: ${e.message}`, "invalid-platform");
    if (e instanceof FileError) throw new ValidationError(e.message, e.code);
    throw e;
  }
});
