// Before a repository is watched, one look at the registry: does it exist, and does it have what
// the policy tracks? A typo (`acme/apii`) or a tag that was never pushed is said in plain words
// with something to pick instead; a registry that cannot be asked leaves the choice to the user
// ("add anyway"). Nothing is stored here.
import { RegistryError, selectTags, sortNewestFirst, type RegistryClient } from "../registry";
import { AppError } from "../errors";
import type { TagPolicy } from "../api-types";

/** Tags read for the check: Distribution sends every tag in one answer; a longer list is cut. */
const CHECK_TAG_LIMIT = 10_000;
/** Catalog names read to suggest a spelling (only after the registry said the name is unknown). */
const CATALOG_LIMIT = 2_000;
/** Newest tags offered in place of a missing one. */
export const SUGGESTED_TAGS = 10;

export interface CheckDetails {
  /** Full references close to an unknown name ("did you mean"), nearest first. */
  suggestions?: string[];
  /** The repository's newest tags, to pick from when the tracked one does not exist. */
  tags?: string[];
  /** The request may be repeated with `check: false` to watch it anyway. */
  addAnyway: true;
}

/** A check that found a problem: a 422 (the registry said no) or 502 (it could not be asked). */
export class RegistryCheckError extends AppError {
  constructor(
    code: string,
    message: string,
    status: 422 | 502,
    readonly details: CheckDetails,
  ) {
    super(code, message, status);
    this.name = "RegistryCheckError";
  }
}

export interface CheckPlan {
  registry: string;
  name: string;
  tagPolicy: TagPolicy;
}

const ANYWAY = "; add it anyway to watch it without this check";

/**
 * One tags/list request (plus one catalog read when the name is unknown, for a suggestion).
 * Resolves when the repository exists and the policy finds what it tracks.
 */
export async function checkOnRegistry(client: RegistryClient, plan: CheckPlan): Promise<void> {
  const ref = { registry: plan.registry, repository: plan.name };
  const where = `${plan.name} on ${plan.registry}`;
  let listed: string[];
  try {
    listed = await client.listTags(ref, { limit: CHECK_TAG_LIMIT });
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    if (e.code === "repository-not-found") {
      const suggestions = await similarNames(client, plan);
      const hint = suggestions.length ? ` — did you mean ${suggestions.map((s) => s.slice(plan.registry.length + 1)).join(" or ")}?` : "";
      throw new RegistryCheckError("repository-not-found", `${plan.name} not found on ${plan.registry}${hint}`, 422, { suggestions, addAnyway: true });
    }
    const why = e.temporary || e.code === "blocked-address" ? "could not reach" : "could not check";
    throw new RegistryCheckError(e.temporary ? "registry-unreachable" : "registry-check-failed", `${why} ${plan.registry} to see whether ${plan.name} exists: ${e.message}${ANYWAY}`, 502, {
      addAnyway: true,
    });
  }
  const newest = sortNewestFirst(listed).slice(0, SUGGESTED_TAGS);
  const offer = newest.length ? `; its newest tags: ${newest.join(", ")}` : "; it has no tags yet";
  const complete = listed.length < CHECK_TAG_LIMIT;
  const p = plan.tagPolicy;
  if (p.kind === "tags" && complete) {
    const have = new Set(listed);
    const missing = p.tags.filter((t) => !have.has(t));
    if (missing.length) {
      const what = missing.length === 1 ? `no tag ${missing[0]}` : `no tags ${missing.join(", ")}`;
      throw new RegistryCheckError("tag-not-found", `${where} has ${what}${offer}`, 422, { tags: newest, addAnyway: true });
    }
  } else if ((p.kind === "newest" || p.kind === "pattern") && complete && selectTags(p, listed, CHECK_TAG_LIMIT).length === 0) {
    throw new RegistryCheckError("no-matching-tags", `no tag of ${where} matches the tag policy now${offer}`, 422, { tags: newest, addAnyway: true });
  }
}

/** Catalog names near the unknown one; none when the catalog cannot be read (Docker Hub has none). */
async function similarNames(client: RegistryClient, plan: CheckPlan): Promise<string[]> {
  let names: string[];
  try {
    names = await client.catalog(plan.registry, { limit: CATALOG_LIMIT });
  } catch {
    return [];
  }
  const max = Math.max(2, Math.floor(plan.name.length / 4));
  return names
    .map((n) => ({ n, d: editDistance(plan.name, n, max) }))
    .filter((x) => x.d <= max && x.n !== plan.name)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 3)
    .map((x) => `${plan.registry}/${x.n}`);
}

/** Levenshtein distance, stopping early once every path exceeds `max` (then answers max + 1). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}
