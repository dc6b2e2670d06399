// Which tags of a repository to track: the form's state, its checks and the API input it becomes.
import type { AddRepositoryInput } from "@/lib/api-client";
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
}

export const DEFAULT_TAG_POLICY: TagPolicyState = { kind: "tags", tags: "latest", count: "5", include: "", exclude: "" };

export interface TagPolicyErrors {
  tags?: string;
  count?: string;
}

export function tagPolicyErrors(state: TagPolicyState): TagPolicyErrors {
  const errors: TagPolicyErrors = {};
  if (state.kind === "tags") {
    const parsed = tagsSchema.safeParse(state.tags);
    if (!parsed.success) errors.tags = parsed.error.issues[0].message;
  }
  const n = Number(state.count);
  if (state.kind === "newest" && !(Number.isInteger(n) && n >= 1 && n <= 100)) errors.count = "Enter a whole number from 1 to 100";
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
      return { tagPolicy: { kind: "pattern", include, exclude } };
  }
}
