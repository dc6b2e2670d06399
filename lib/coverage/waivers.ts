// Which absent columns are gaps. The organization's required set says which columns count at all
// (others are informational: shown, never a gap); a waiver accepts one repository's gap in one
// column ("GPU image, amd64 only") until it expires. Pure: every surface (grid, repository page,
// badges, exports, filters, figures) asks these functions, so none can count differently.
import { ALL_COLUMNS, DEFAULT_COLUMNS } from "./columns";

export interface WaiverLike {
  id: string;
  column: string;
  reason: string;
  /** ISO time at which the waiver stops applying; null = no expiry. */
  expiresAt: string | null;
}

export interface GapRules {
  /** Column keys whose absence is a gap. */
  required: readonly string[];
  /** This repository's waivers (active or expired). */
  waivers: readonly WaiverLike[];
  /** Milliseconds since the epoch: expiry is judged against this instant. */
  now: number;
}

/** The required set when none was saved: the five linux columns. */
export const DEFAULT_REQUIRED: readonly string[] = DEFAULT_COLUMNS;

/** Rules for a repository with no waivers under the default required set (tests, the CLI). */
export function defaultRules(now = Date.now()): GapRules {
  return { required: DEFAULT_REQUIRED, waivers: [], now };
}

/** A waiver applies until its expiry instant, not at or after it. */
export function waiverActive(w: Pick<WaiverLike, "expiresAt">, now: number): boolean {
  return w.expiresAt === null || Date.parse(w.expiresAt) > now;
}

/** The waiver for `column` that applies now, if any. */
export function activeWaiver(rules: GapRules, column: string): WaiverLike | undefined {
  return rules.waivers.find((w) => w.column === column && waiverActive(w, rules.now));
}

/** A waiver for `column` that has expired (its gap shows again, and says so), if any. */
export function expiredWaiver(rules: GapRules, column: string): WaiverLike | undefined {
  return rules.waivers.find((w) => w.column === column && !waiverActive(w, rules.now));
}

export function isRequired(rules: Pick<GapRules, "required">, column: string): boolean {
  return rules.required.includes(column);
}

/** Of the columns a tag or repository lacks: the gaps, i.e. required and not waived now. */
export function gapsOf(lacking: readonly string[], rules: GapRules): string[] {
  return lacking.filter((c) => isRequired(rules, c) && !activeWaiver(rules, c));
}

/** Of the columns a tag or repository lacks: those an active waiver covers. */
export function waivedOf(lacking: readonly string[], rules: GapRules): string[] {
  return lacking.filter((c) => activeWaiver(rules, c) !== undefined);
}

/** "2026-12-31" for an expiry instant, in UTC. A date typed as YYYY-MM-DD expires at that day's start (UTC). */
export function expiryDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** One wording of a waiver wherever it appears: "waived: GPU image, amd64 only (expires 2026-12-31)". */
export function waiverNote(w: WaiverLike, now: number): string {
  if (!waiverActive(w, now)) return `waiver expired on ${expiryDate(w.expiresAt!)}: ${w.reason}`;
  return `waived: ${w.reason}${w.expiresAt ? ` (expires ${expiryDate(w.expiresAt)})` : ""}`;
}

/**
 * A required set as typed by a person: known column keys only, at least one, no repeats, kept in
 * the grid's column order. Returns the set or a sentence saying what is wrong.
 */
export function checkRequired(columns: readonly string[]): { ok: true; required: string[] } | { ok: false; problem: string } {
  const unknown = columns.filter((c) => !ALL_COLUMNS.includes(c));
  if (unknown.length) return { ok: false, problem: `unknown architecture column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} (known: ${ALL_COLUMNS.join(", ")})` };
  if (columns.length === 0) return { ok: false, problem: "at least one architecture must be required" };
  return { ok: true, required: ALL_COLUMNS.filter((c) => columns.includes(c)) };
}
