// Which tags of a repository to track: the form's state, its checks and the API input it becomes.
import type { AddRepositoryInput } from "@/lib/api-client";
import type { TagPolicy } from "@/lib/api-types";
import { splitList, tagsSchema } from "./reference-schema";

export const POLICY_KINDS = [
  ["tags", "By name"],
  ["newest", "Newest N"],
  ["pattern", "By pattern"],
] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number][0];

export interface TagPolicyState {
  kind: PolicyKind;
  tags: string;
  count: string;
  include: string;
  exclude: string;
  /** "By pattern": the most tags kept (empty: the server's cap). */
  max: string;
}

export const DEFAULT_TAG_POLICY: TagPolicyState = { kind: "tags", tags: "latest", count: "5", include: "", exclude: "", max: "" };

export interface TagPolicyErrors {
  tags?: string;
  count?: string;
  max?: string;
}

export function tagPolicyErrors(state: TagPolicyState): TagPolicyErrors {
  const errors: TagPolicyErrors = {};
  if (state.kind === "tags") {
    const parsed = tagsSchema.safeParse(state.tags);
    if (!parsed.success) errors.tags = parsed.error.issues[0].message;
  }
  const n = Number(state.count);
  if (state.kind === "newest" && !(Number.isInteger(n) && n >= 1 && n <= 100)) errors.count = "Enter a whole number from 1 to 100";
  const max = Number(state.max);
  if (state.kind === "pattern" && state.max.trim() && !(Number.isInteger(max) && max >= 1 && max <= 10000)) errors.max = "Leave empty, or enter a whole number from 1 to 10000";
  return errors;
}

/** The part of POST /api/repositories that says which tags to track. */
export function tagPolicyInput(state: TagPolicyState): Pick<AddRepositoryInput, "tags" | "tagPolicy"> {
  const include = splitList(state.include);
  const exclude = splitList(state.exclude);
  switch (state.kind) {
    case "tags": {
      const tags = splitList(state.tags);
      return { tags: tags.length ? tags : ["latest"] };
    }
    case "newest":
      return { tagPolicy: { kind: "newest", count: Number(state.count), include, exclude } };
    case "pattern":
      return { tagPolicy: { kind: "pattern", include, exclude, ...(state.max.trim() ? { max: Number(state.max) } : {}) } };
  }
}

/** The policy the fields describe, as PATCH and the preview take it. */
export function policyFromState(state: TagPolicyState): TagPolicy {
  const input = tagPolicyInput(state);
  return input.tagPolicy ?? { kind: "tags", tags: input.tags ?? ["latest"] };
}

/**
 * The fields for a stored policy, so the editor opens on what is tracked now. A pinned digest has
 * no fields of its own: the editor starts from "latest" and says the pin would be replaced.
 */
export function stateFromPolicy(policy: TagPolicy): TagPolicyState {
  const join = (xs?: string[]) => (xs ?? []).join(", ");
  switch (policy.kind) {
    case "tags":
      return { ...DEFAULT_TAG_POLICY, tags: join(policy.tags) };
    case "newest":
      return { ...DEFAULT_TAG_POLICY, kind: "newest", count: String(policy.count), include: join(policy.include), exclude: join(policy.exclude) };
    case "pattern":
      return { ...DEFAULT_TAG_POLICY, kind: "pattern", include: join(policy.include), exclude: join(policy.exclude), max: policy.max ? String(policy.max) : "" };
    case "digest":
      return DEFAULT_TAG_POLICY;
  }
}
