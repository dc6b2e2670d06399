// Which tags to track: explicit lists, include/exclude patterns, or the newest N.
// Patterns are user input run against every listed tag, so they are compiled by RE2 (re2js:
// linear time in the tag's length, whatever the pattern); a backtracking engine froze the
// process for minutes on a 12-star glob or /(a+)+$/ (issue 10).
import { RE2JS } from "re2js";
import semver from "semver";
import { digestProblem, isValidTag } from "./reference";
import type { TagPolicy } from "./types";

export type { TagPolicy } from "./types";

type Matcher = (tag: string) => boolean;

/** A pattern that cannot be compiled; the message says why in plain words. */
export class TagPatternError extends Error {}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE };

function compileRe2(source: string, flags: number, pattern: string): RE2JS {
  try {
    return RE2JS.compile(source, flags);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : String(e);
    throw new TagPatternError(
      `pattern "${pattern}" is not valid: ${why} (patterns use RE2 syntax: no backreferences or lookaround, so that matching stays fast)`,
    );
  }
}

/**
 * A glob over a tag, translated to RE2: `*` any run, `?` one character, `[abc]` / `[!abc]`
 * classes, `{a,b}` alternatives, `\x` a literal x. Tags hold no "/", so `**` is `*`.
 */
export function globToRe2(glob: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") {
      if (i + 1 < glob.length) out += escapeRe(glob[++i]);
      continue;
    }
    if (c === "*") {
      while (glob[i + 1] === "*") i++;
      out += ".*";
    } else if (c === "?") out += ".";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) throw new TagPatternError(`pattern "${glob}" has a "[" without its "]"`);
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      out += `[${negate ? "^" : ""}${body.replace(/[\\\]\[^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else if (c === "(" || c === ")" || c === "|") {
      throw new TagPatternError(`pattern "${glob}" uses extended-glob syntax ("${c}"), which is not supported: use {a,b} alternatives or a /regex/`);
    } else out += escapeRe(c);
  }
  if (depth > 0) throw new TagPatternError(`pattern "${glob}" has a "{" without its "}"`);
  return `^${out}$`;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(c) ? `\\${c}` : c;
}

/**
 * A glob or, when wrapped in slashes, a regular expression ("/^v?\d+$/", flags i, s, m allowed after
 * the last slash), compiled by RE2. Throws TagPatternError when RE2 cannot express it.
 */
export function compileTagPattern(pattern: string): Matcher {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re && pattern.length >= 2) {
    let flags = 0;
    for (const f of re[2].replace(/[gyu]/g, "")) {
      if (!(f in FLAGS)) throw new TagPatternError(`pattern "${pattern}" has an unknown flag "${f}" (use i, s or m)`);
      flags |= FLAGS[f];
    }
    const rx = compileRe2(re[1], flags, pattern);
    return (tag) => rx.test(tag);
  }
  if (/^\*+$/.test(pattern)) return () => true;
  const rx = compileRe2(globToRe2(pattern), 0, pattern);
  return (tag) => rx.testExact(tag);
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
      if (e instanceof TagPatternError) return e.message;
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
