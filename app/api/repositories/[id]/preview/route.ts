// GET /api/repositories/{id}/preview?policy=<JSON tag policy>: the tags a policy selects now,
// so a policy can be tried before PATCH saves it. Reads the registry; stores nothing.
import { json, route } from "@/lib/http";
import { getScanTargets } from "@/lib/queries";
import { policyNeedsListing, selectTags, tagPolicyProblem } from "@/lib/registry";
import { TagPolicySchema } from "@/lib/validations/repository";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { engine } from "@/lib/scan/engine";
import { env } from "@/lib/env";
import type { TagPolicy } from "@/lib/api-types";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** The policy to try: the query's (validated as PATCH would) or, without one, the stored one. */
function policyParam(raw: string | null, stored: TagPolicy): TagPolicy {
  if (raw === null) return stored;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ValidationError("policy must be a JSON tag policy, e.g. {\"kind\":\"newest\",\"count\":3}");
  }
  const parsed = TagPolicySchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`policy: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
  const problem = tagPolicyProblem(parsed.data as TagPolicy);
  if (problem) throw new ValidationError(problem, "invalid-tag-policy");
  return parsed.data as TagPolicy;
}

export const GET = route(async (req: Request, { params }: Ctx) => {
  const { id } = await params;
  const [target] = await getScanTargets([id]);
  if (!target) throw new NotFoundError(`repository ${id}`);
  const policy = policyParam(new URL(req.url).searchParams.get("policy"), target.tagPolicy);
  // Same listing and selection as a scan (lib/scan/scan-repository.ts), so the preview is what the next scan tracks.
  const available = policyNeedsListing(policy) ? await engine().client.listTags({ registry: target.registry, repository: target.name }) : null;
  const tags = selectTags(policy, available, env().ARCHGRID_MAX_TAGS_PER_REPOSITORY);
  return json({ policy, tags, availableCount: available?.length ?? null });
});
