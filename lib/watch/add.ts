// Adding repositories to watch: one reference, a pasted list, or a whole namespace.
import { parseReference, repositoryKey, RegistryError, tagPolicyProblem, type RegistryClient } from "../registry";
import { env } from "../env";
import { createRepository, findWatchedReferences } from "../queries";
import { ValidationError } from "../errors";
import { splitReferenceList } from "./reference-list";
import { readHostInput } from "./host-input";
import { checkOnRegistry } from "./exists";
import type { ApiRepository, BulkAddResponse, TagPolicy } from "../api-types";

export interface AddInput {
  reference: string;
  tags?: string[];
  tagPolicy?: TagPolicy;
  verifyConfigs?: boolean;
  /** Look at the registry first (lib/watch/exists.ts): refused with suggestions when it does not know the repository or tag. */
  check?: boolean;
}

/**
 * What the reference itself says to track: a pinned digest (`@sha256:…`, which wins over a tag
 * beside it, as with `docker pull`), a tag typed after the name, or nothing (parseReference
 * fills in `latest`, which must not count as typed).
 */
function typedTarget(input: string, ref: { tag?: string; digest?: string }): TagPolicy | null {
  if (ref.digest) return { kind: "digest", digest: ref.digest };
  const name = input.trim();
  if (ref.tag && name.lastIndexOf(":") > name.lastIndexOf("/")) return { kind: "tags", tags: [ref.tag] };
  return null;
}

function samePolicy(a: TagPolicy, b: TagPolicy): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeTarget(p: TagPolicy): string {
  return p.kind === "digest" ? `the digest ${p.digest}` : p.kind === "tags" ? `the tag ${p.tags.join(", ")}` : "a tag policy";
}

/**
 * Parses a reference into the canonical repository to watch. What the reference names (a tag or
 * a digest) is what gets tracked. `given` tags or policy apply to a reference that names neither;
 * for one that does, `conflict: "refuse"` (one reference, where the user sees the clash) answers
 * a plain-words error when they disagree, and `conflict: "reference-wins"` (a list, where the
 * common tags are the default for "every line without its own tag") keeps the reference's own.
 */
export function planRepository(input: AddInput, conflict: "refuse" | "reference-wins" = "refuse") {
  let ref;
  try {
    ref = parseReference(input.reference);
  } catch (e) {
    if (e instanceof RegistryError) throw new ValidationError(e.message, "invalid-reference");
    throw e;
  }
  if (input.tags && input.tagPolicy) throw new ValidationError("give either tags or tagPolicy, not both");
  const given: TagPolicy | undefined = input.tagPolicy ?? (input.tags ? { kind: "tags", tags: input.tags } : undefined);
  const typed = typedTarget(input.reference, ref);
  if (typed && given && conflict === "refuse" && !samePolicy(typed, given)) {
    throw new ValidationError(
      `the reference names ${describeTarget(typed)} but the request also gives ${describeTarget(given)}: name what to track in one place`,
      "invalid-request",
    );
  }
  const tagPolicy: TagPolicy = typed ?? given ?? { kind: "tags", tags: ["latest"] };
  const cap = env().ARCHGRID_MAX_TAGS_PER_REPOSITORY;
  if (tagPolicy.kind === "tags" && tagPolicy.tags.length > cap) {
    throw new ValidationError(`${tagPolicy.tags.length} tags given; at most ${cap} are tracked per repository (ARCHGRID_MAX_TAGS_PER_REPOSITORY)`, "too-many-tags");
  }
  const problem = tagPolicyProblem(tagPolicy);
  if (problem) throw new ValidationError(problem, "invalid-tag-policy");
  return {
    registry: ref.registry,
    name: ref.repository,
    reference: repositoryKey(ref),
    tagPolicy,
    verifyConfigs: input.verifyConfigs ?? false,
  };
}

/** Watches one repository; with `check`, only after the registry confirmed it (one tags/list). */
export async function addRepository(input: AddInput, client?: RegistryClient): Promise<ApiRepository> {
  const plan = planRepository(input);
  if (input.check && client) {
    // "Already watched" beats anything the registry could say, and costs no request.
    if ((await findWatchedReferences([plan.reference])).size) return createRepository(plan);
    await checkOnRegistry(client, plan);
  }
  return createRepository(plan);
}

/** Adds many; invalid lines and already-watched ones are reported, never fatal. Idempotent. */
export async function addRepositories(references: string[], common: Omit<AddInput, "reference"> = {}): Promise<BulkAddResponse> {
  const out: BulkAddResponse = { created: [], existing: [], invalid: [] };
  const plans = [];
  const seen = new Set<string>();
  for (const raw of references.flatMap(splitReferenceList)) {
    try {
      const plan = planRepository({ ...common, reference: raw }, "reference-wins");
      if (seen.has(plan.reference)) continue;
      seen.add(plan.reference);
      plans.push(plan);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      out.invalid.push({ reference: raw, error: { code: "invalid-reference", message } });
    }
  }
  const watched = await findWatchedReferences(plans.map((p) => p.reference));
  for (const plan of plans) {
    if (watched.has(plan.reference)) {
      out.existing.push(plan.reference);
      continue;
    }
    try {
      out.created.push(await createRepository(plan));
    } catch (e) {
      if ((e as { code?: string }).code === "already-watched") out.existing.push(plan.reference);
      else throw e;
    }
  }
  return out;
}

export interface NamespaceImport {
  source: "catalog" | "dockerhub" | "quay";
  registry?: string;
  namespace?: string;
  prefix?: string;
  limit?: number;
  tags?: string[];
  tagPolicy?: TagPolicy;
}

/** Lists a whole namespace through the registry's catalog or the hub's API, then adds each. */
export async function importNamespace(client: RegistryClient, req: NamespaceImport): Promise<BulkAddResponse> {
  const limit = req.limit ?? 5000;
  // A host field may hold what a browser shows (https://host:5000/): the host is kept, the scheme
  // only noted (the address policy decides http or https), so no URL is ever fetched as given.
  let registry: string | undefined;
  if (req.registry !== undefined && req.registry.trim() !== "") {
    const read = readHostInput(req.registry);
    if ("problem" in read) throw new ValidationError(`registry: ${read.problem}`);
    registry = read.host;
  }
  let refs: string[];
  if (req.source === "catalog") {
    if (!registry) throw new ValidationError("registry is required for a catalog import (e.g. registry.example.com)");
    const host = registry;
    const names = await client.catalog(host, { prefix: req.prefix ?? req.namespace, limit });
    refs = names.map((n) => `${host}/${n}`);
  } else {
    if (!req.namespace) throw new ValidationError("namespace is required (e.g. library or myorg)");
    const names = await client.listNamespace(req.source, req.namespace, { limit, apiHost: registry });
    // A self-hosted Quay serves its API and its registry on the same host.
    const host = req.source === "dockerhub" ? "docker.io" : (registry ?? "quay.io");
    refs = names.map((n) => `${host}/${n}`);
  }
  return addRepositories(refs, { tags: req.tags, tagPolicy: req.tagPolicy });
}
