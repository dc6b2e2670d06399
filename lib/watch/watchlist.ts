// The watch list as a file that can live in git (YAML or JSON). Re-importing it is idempotent.
import YAML from "yaml";
import { z } from "zod";
import { listRepositories } from "../queries";
import { ValidationError } from "../errors";
import { TagPolicySchema } from "../validations/repository";
import { addRepositories } from "./add";
import type { BulkAddResponse } from "../api-types";

const WatchlistSchema = z.object({
  version: z.literal(1).optional(),
  repositories: z
    .array(
      z.union([
        z.string(),
        z.object({ reference: z.string(), tagPolicy: TagPolicySchema.optional(), tags: z.array(z.string()).optional(), verifyConfigs: z.boolean().optional() }),
      ]),
    )
    .max(20000),
});

export async function exportWatchlist(format: "yaml" | "json"): Promise<string> {
  const repos = await listRepositories();
  const doc = {
    version: 1,
    repositories: repos.map((r) => ({ reference: r.reference, tagPolicy: r.tagPolicy, ...(r.verifyConfigs ? { verifyConfigs: true } : {}) })),
  };
  return format === "json" ? JSON.stringify(doc, null, 2) + "\n" : "# archgrid watch list\n" + YAML.stringify(doc);
}

/** Accepts YAML or JSON (JSON is YAML); adds what is not watched yet. */
export async function importWatchlist(text: string): Promise<BulkAddResponse> {
  let doc: unknown;
  try {
    doc = YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new ValidationError(`watch list is not valid YAML or JSON: ${(e as Error).message}`);
  }
  const parsed = WatchlistSchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ValidationError(`watch list: ${i.path.join(".")}: ${i.message} (expected { repositories: [ { reference, tagPolicy } ] })`);
  }
  const out: BulkAddResponse = { created: [], existing: [], invalid: [] };
  for (const entry of parsed.data.repositories) {
    const item = typeof entry === "string" ? { reference: entry } : entry;
    const r = await addRepositories([item.reference], { tags: item.tags, tagPolicy: item.tagPolicy, verifyConfigs: item.verifyConfigs });
    out.created.push(...r.created);
    out.existing.push(...r.existing);
    out.invalid.push(...r.invalid);
  }
  return out;
}
