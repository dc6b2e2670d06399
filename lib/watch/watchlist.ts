// The watch list as a file that can live in git (YAML or JSON). Re-importing it is idempotent.
import YAML from "yaml";
import { z } from "zod";
import { createRepository, deleteRepository, listRepositories, updateRepository } from "../queries";
import { ValidationError } from "../errors";
import { TagPolicySchema, tagName } from "../validations/repository";
import { env } from "../env";
import { sanitizeMessage } from "../registry";
import { planRepository } from "./add";
import type { TagPolicy, WatchlistImportResponse } from "../api-types";
import { WebhookFileSchema, importWebhooks, webhookFileProblem } from "../webhooks/watchlist";
import { FileSettingsSchema, FileWaiversSchema, applySettings, applyWaivers, exportSettingsAndWaivers, type FileWaiver } from "./watchlist-waivers";

/** Most repositories in one watch-list file. */
export const WATCHLIST_MAX_REPOSITORIES = 5000;
/** Most tag names and patterns in one file, all entries together (rows written are bounded by this). */
export const WATCHLIST_MAX_TAGS = 50_000;
/** YAML aliases allowed: enough to share a tag policy, too few to multiply one anchor into millions of rows. */
const MAX_ALIASES = 50;

const WatchlistSchema = z.object({
  version: z.literal(1).optional(),
  repositories: z
    .array(
      // A bare string is shorthand for { reference }; one object shape keeps zod's messages precise.
      z.preprocess(
        (v) => (typeof v === "string" ? { reference: v } : v),
        // Tag counts are judged by capProblem, which names the cap and the variable to raise.
        z.object({ reference: z.string().max(512), tagPolicy: TagPolicySchema.optional(), tags: z.array(tagName).min(1).optional(), verifyConfigs: z.boolean().optional(), waivers: FileWaiversSchema.optional() }),
      ),
    )
    .max(WATCHLIST_MAX_REPOSITORIES, `at most ${WATCHLIST_MAX_REPOSITORIES} repositories per file`),
  /** Additive: the required set of architecture columns (Settings). */
  settings: FileSettingsSchema.optional(),
  /** Additive: webhooks to create (secrets named by environment variable, never written in the file). */
  webhooks: WebhookFileSchema.optional(),
});

type Entry = z.infer<typeof WatchlistSchema>["repositories"][number];

function namesIn(entry: Entry): number {
  const p = entry.tagPolicy;
  const policyNames = !p ? 0 : p.kind === "tags" ? p.tags.length : p.kind === "digest" ? 1 : (p.include?.length ?? 0) + (p.exclude?.length ?? 0);
  return (entry.tags?.length ?? 0) + policyNames;
}

/** Why the file's tag counts are over the caps (per repository and in total), or null. */
function capProblem(entries: Entry[], perRepository: number): string | null {
  let total = 0;
  for (const [i, e] of entries.entries()) {
    const explicit = e.tags?.length ?? (e.tagPolicy?.kind === "tags" ? e.tagPolicy.tags.length : 0);
    if (explicit > perRepository) {
      return `repositories.${i} (${e.reference.slice(0, 100)}): ${explicit} tags, more than the ${perRepository} tracked per repository (ARCHGRID_MAX_TAGS_PER_REPOSITORY)`;
    }
    total += namesIn(e);
    if (total > WATCHLIST_MAX_TAGS) return `more than ${WATCHLIST_MAX_TAGS} tags and patterns in one file`;
  }
  return null;
}

export async function exportWatchlist(format: "yaml" | "json"): Promise<string> {
  const [repos, extras] = await Promise.all([listRepositories(), exportSettingsAndWaivers()]);
  const doc = {
    version: 1,
    settings: extras.settings,
    repositories: repos.map((r) => {
      const waivers = extras.waivers.get(r.reference);
      return { reference: r.reference, tagPolicy: r.tagPolicy, ...(r.verifyConfigs ? { verifyConfigs: true } : {}), ...(waivers?.length ? { waivers } : {}) };
    }),
  };
  return format === "json" ? JSON.stringify(doc, null, 2) + "\n" : "# archgrid watch list\n" + YAML.stringify(doc);
}

const samePolicy = (a: TagPolicy, b: TagPolicy) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Accepts YAML or JSON (JSON is YAML) and makes the watch list say what the file says: new
 * references are added; a watched one whose tag policy or verifyConfigs differs is updated in
 * place (its row, tags and history kept; tags are re-picked at the next scan); with `prune`,
 * watched repositories absent from the file are deleted, their history with them.
 */
export async function importWatchlist(text: string, opts: { prune?: boolean } = {}): Promise<WatchlistImportResponse> {
  let doc: unknown;
  try {
    doc = YAML.parse(text, { maxAliasCount: MAX_ALIASES });
  } catch (e) {
    throw new ValidationError(`watch list is not valid YAML or JSON: ${sanitizeMessage((e as Error).message, 300)}`);
  }
  const parsed = WatchlistSchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ValidationError(`watch list: ${i.path.join(".")}: ${i.message} (expected { settings?: { requiredColumns }, repositories: [ { reference, tagPolicy, waivers?: [ { column, reason, expiresAt? } ] } ] })`);
  }
  // Checked for the whole file before anything is added: a file over the caps changes nothing.
  const problem = capProblem(parsed.data.repositories, env().ARCHGRID_MAX_TAGS_PER_REPOSITORY);
  if (problem) throw new ValidationError(`watch list: ${problem}`);
  const hookProblem = await webhookFileProblem(parsed.data.webhooks ?? []);
  if (hookProblem) throw new ValidationError(`watch list: ${hookProblem}`);

  const out: WatchlistImportResponse = { created: [], existing: [], invalid: [], updated: [], unchanged: [], removed: [] };
  const plans = new Map<string, ReturnType<typeof planRepository>>();
  const waivers = new Map<string, FileWaiver[] | undefined>();
  for (const entry of parsed.data.repositories) {
    try {
      const plan = planRepository({ reference: entry.reference, tags: entry.tags, tagPolicy: entry.tagPolicy, verifyConfigs: entry.verifyConfigs }, "reference-wins");
      if (!plans.has(plan.reference)) {
        plans.set(plan.reference, plan);
        waivers.set(plan.reference, entry.waivers);
      }
    } catch (e) {
      out.invalid.push({ reference: entry.reference, error: { code: "invalid-reference", message: e instanceof Error ? e.message : String(e) } });
    }
  }
  // Pruning on a file with a bad line would delete the repository that line meant to keep.
  if (opts.prune && out.invalid.length) {
    throw new ValidationError(`watch list: ${out.invalid[0].reference.slice(0, 100)}: ${out.invalid[0].error.message}; nothing was pruned or changed (fix the line, or import without prune)`);
  }
  await importWebhooks(parsed.data.webhooks ?? []);
  await applySettings(parsed.data.settings);
  const watched = new Map((await listRepositories()).map((r) => [r.reference, r]));
  for (const plan of plans.values()) {
    const current = watched.get(plan.reference);
    if (!current) {
      const created = await createRepository(plan);
      await applyWaivers(created.id, waivers.get(plan.reference));
      out.created.push(created);
      continue;
    }
    out.existing.push(plan.reference);
    const waiversChanged = await applyWaivers(current.id, waivers.get(plan.reference));
    if (samePolicy(current.tagPolicy, plan.tagPolicy) && current.verifyConfigs === plan.verifyConfigs) {
      (waiversChanged ? out.updated : out.unchanged).push(plan.reference);
    } else {
      await updateRepository(current.id, { tagPolicy: plan.tagPolicy, verifyConfigs: plan.verifyConfigs });
      out.updated.push(plan.reference);
    }
  }
  if (opts.prune) {
    for (const [reference, r] of watched) {
      if (plans.has(reference)) continue;
      await deleteRepository(r.id);
      out.removed.push(reference);
    }
  }
  return out;
}
