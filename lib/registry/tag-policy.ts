// Which tags to track: explicit lists, include/exclude patterns, or the newest N.
import picomatch from "picomatch";
import semver from "semver";
import { digestProblem, isValidTag } from "./reference";
import type { TagPolicy } from "./types";

export type { TagPolicy } from "./types";

type Matcher = (tag: string) => boolean;

/** A glob (picomatch) or, when wrapped in slashes, a regular expression ("/^v?\d+$/", flags allowed after the last slash). */
export function compileTagPattern(pattern: string): Matcher {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re && pattern.length >= 2) {
    const rx = new RegExp(re[1], re[2].replace(/[gy]/g, ""));
    return (tag) => rx.test(tag);
  }
  const m = picomatch(pattern, { dot: true });
  return (tag) => m(tag);
}

/** Why a policy is unusable (bad regex, empty list, …) in plain words, or null. */
export function tagPolicyProblem(policy: TagPolicy): string | null {
  if (policy.kind === "digest") {
    const problem = digestProblem(policy.digest);
    return problem ? `pinned digest "${policy.digest}" is not valid: ${problem}` : null;
  }
  const patterns = policy.kind === "tags" ? [] : [...(policy.include ?? []), ...(policy.exclude ?? [])];
  for (const p of patterns) {
    try {
      compileTagPattern(p);
    } catch (e) {
      return `pattern "${p}" is not valid: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  if (policy.kind === "tags") {
    if (policy.tags.length === 0) return "list at least one tag";
    const bad = policy.tags.find((t) => !isValidTag(t));
    if (bad !== undefined) return `"${bad}" is not a valid tag`;
  }
  if (policy.kind === "newest" && (!Number.isInteger(policy.count) || policy.count < 1)) return "newest needs a count of at least 1";
  if (policy.kind === "pattern" && policy.max !== undefined && (!Number.isInteger(policy.max) || policy.max < 1)) return "max must be at least 1";
  return null;
}

/** Only the explicit-tags policy can be applied without listing the repository's tags. */
export function policyNeedsListing(policy: TagPolicy): boolean {
  return policy.kind !== "tags" && policy.kind !== "digest";
}

function filterTags(tags: string[], include: string[] | undefined, exclude: string[] | undefined): string[] {
  const inc = (include ?? []).map(compileTagPattern);
  const exc = (exclude ?? []).map(compileTagPattern);
  return tags.filter((t) => (inc.length === 0 || inc.some((m) => m(t))) && !exc.some((m) => m(t)));
}

/** A tag's version when it starts like one ("1.25-alpine", "v2.3.1"); "alpine3.19" or "latest" are not versions. */
function versionOf(tag: string): semver.SemVer | null {
  if (!/^v?\d/i.test(tag)) return null;
  return semver.coerce(tag);
}

function compareName(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** Newest first: versions by semver (coerced) descending, then non-versions; ties by name descending. */
export function sortNewestFirst(tags: string[]): string[] {
  const keyed = tags.map((t) => ({ t, v: versionOf(t) }));
  keyed.sort((a, b) => {
    if (a.v && b.v) return semver.rcompare(a.v, b.v) || compareName(a.t, b.t);
    if (a.v) return -1;
    if (b.v) return 1;
    return compareName(a.t, b.t);
  });
  return keyed.map((k) => k.t);
}

/**
 * Applies a policy to the listed tags (`available`; may be null for the explicit-tags policy,
 * which needs no listing). Explicit tags are kept even when not listed, so a missing tag shows up
 * as an error rather than silently vanishing. Patterns and newest return newest first. Always at most `cap`.
 */
export function selectTags(policy: TagPolicy, available: string[] | null, cap: number): string[] {
  const limit = Math.max(0, Math.floor(cap));
  // A pinned digest is tracked under its own name ("sha256:…"), the way a tag is under its name.
  if (policy.kind === "digest") return limit > 0 && digestProblem(policy.digest) === null ? [policy.digest] : [];
  if (policy.kind === "tags") {
    return [...new Set(policy.tags.map((t) => t.trim()).filter(isValidTag))].slice(0, limit);
  }
  const listed = [...new Set((available ?? []).filter(isValidTag))];
  if (policy.kind === "pattern") {
    const picked = sortNewestFirst(filterTags(listed, policy.include, policy.exclude));
    return picked.slice(0, Math.min(limit, policy.max ?? limit));
  }
  const picked = sortNewestFirst(filterTags(listed, policy.include, policy.exclude));
  return picked.slice(0, Math.min(limit, Math.max(0, policy.count)));
}
