// Gaps and cells: what a tag or repository is missing, and how each column reads.
import type { ApiCell, CellState } from "../api-types";
import type { Platform } from "../registry/types";
import { type Column, parseColumn, satisfies } from "./columns";
import { type GapRules, activeWaiver, expiredWaiver, isRequired, waiverNote } from "./waivers";

export interface TagLike {
  tag: string;
  platforms: ReadonlyArray<Platform & { configMismatch?: Platform | null }>;
  /** Set when the tag could not be scanned. */
  error?: { code: string; message: string } | null;
  /** false when never successfully resolved. */
  scanned: boolean;
}

export interface SiblingLike {
  prefix: string;
  reference: string;
  digest: string;
  /** Column key the sibling provides. */
  column: string;
}

type MaybeMismatched = Platform & { configMismatch?: Platform | null };

/**
 * True when the platform really provides its architecture: an entry whose image config names
 * another platform ("index says s390x, the image inside is amd64") does not, since a pull on that
 * architecture gets an image that cannot run there.
 */
export function provides(column: Column, p: MaybeMismatched): boolean {
  return satisfies(column, p) && !p.configMismatch;
}

/** Columns (in the given order) that none of the platforms provides (mismatched entries do not). */
export function missingColumns(platforms: readonly MaybeMismatched[], columns: readonly string[]): string[] {
  return columns.filter((key) => {
    const col = parseColumn(key);
    return !platforms.some((p) => provides(col, p));
  });
}

/** "index says linux/s390x, the image inside is linux/amd64": why a mismatched entry does not count. */
export function mismatchNote(p: Platform, config: Platform): string {
  return `index says ${formatPlatform(p)}, the image inside is ${formatPlatform(config)}`;
}

const WINDOWS_RELEASES: Record<string, string> = {
  "10.0.14393": "Server 2016",
  "10.0.17763": "Server 2019",
  "10.0.20348": "Server 2022",
  "10.0.26100": "Server 2025",
};

/** "10.0.20348.2762" -> "Server 2022 (10.0.20348.2762)"; unknown builds are shown as they are. */
export function windowsRelease(osVersion: string): string {
  const build = osVersion.split(".").slice(0, 3).join(".");
  const name = WINDOWS_RELEASES[build];
  return name ? `${name} (${osVersion})` : osVersion;
}

function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/**
 * How one column reads across a repository's tracked tags:
 * provided in every scanned tag -> present; in some -> partial; in none, but some tag's index
 * names it while the image inside is another platform -> mismatch (counts as missing); in none
 * but a sibling has it -> separate-image; nothing scanned -> unknown; else missing.
 * With `rules`: a gap (partial, mismatch, separate-image, missing) that an active waiver covers
 * reads "waived" (its note says why; the other notes stay); an expired waiver leaves the gap and
 * says it expired; a column outside the required set is marked informational.
 */
export function repositoryCell(tags: TagLike[], columnKey: string, siblings: SiblingLike[] = [], rules?: GapRules): ApiCell {
  const column = parseColumn(columnKey);
  const scanned = tags.filter((t) => t.scanned && !t.error);
  const variants = new Set<string>();
  const osVersions = new Set<string>();
  const notes: string[] = [];
  const withIt: string[] = [];
  const without: string[] = [];
  const mismatched: string[] = [];
  for (const t of scanned) {
    const matching = t.platforms.filter((p) => satisfies(column, p));
    const real = matching.filter((p) => provides(column, p));
    if (real.length) withIt.push(t.tag);
    else without.push(t.tag);
    for (const p of real) {
      if (p.variant) variants.add(p.variant);
      if (p.osVersion) osVersions.add(p.osVersion);
    }
    for (const p of matching) {
      if (!p.configMismatch) continue;
      if (!real.length) mismatched.push(t.tag);
      notes.push(`${t.tag}: ${mismatchNote(p, p.configMismatch)}${real.length ? " (another entry provides it)" : ", so it cannot run there"}`);
    }
  }
  const cellSiblings = siblings.filter((s) => s.column === columnKey).map(({ reference, digest }) => ({ reference, digest }));
  let state: CellState;
  if (scanned.length === 0) {
    state = "unknown";
    const failed = tags.find((t) => t.error);
    if (failed?.error) notes.push(failed.error.message);
    else notes.push("not scanned yet");
  } else if (without.length === 0) {
    state = "present";
  } else if (withIt.length > 0) {
    state = "partial";
    notes.unshift(`missing in ${without.length} of ${scanned.length} tags: ${without.slice(0, 5).join(", ")}${without.length > 5 ? ", …" : ""}`);
  } else if (mismatched.length > 0) {
    state = "mismatch";
  } else if (cellSiblings.length > 0) {
    state = "separate-image";
    notes.unshift(`available as a separate image: ${cellSiblings.map((s) => s.reference).join(", ")}`);
  } else {
    state = "missing";
  }
  let waiver: ApiCell["waiver"];
  if (rules && state !== "present" && state !== "unknown") {
    const w = activeWaiver(rules, columnKey) ?? expiredWaiver(rules, columnKey);
    if (w) {
      const expired = w !== activeWaiver(rules, columnKey);
      waiver = { id: w.id, reason: w.reason, expiresAt: w.expiresAt, expired };
      notes.unshift(waiverNote(w, rules.now));
      if (!expired) state = "waived";
    }
  }
  const cell: ApiCell = {
    state,
    variants: [...variants].sort(),
    osVersions: [...osVersions].sort(),
    notes,
  };
  if (cellSiblings.length) cell.siblings = cellSiblings;
  if (rules && !isRequired(rules, columnKey)) {
    cell.informational = true;
    if (state !== "present" && state !== "unknown") notes.push("informational column: not in the required set (Settings), never counted as a gap");
  }
  if (waiver) cell.waiver = waiver;
  return cell;
}

/**
 * A repository misses a column when any scanned tag misses it (the union of its tags' gaps), in
 * column order: a gap report should name `1.0` lacking arm64 even when `latest` has it.
 */
export function repositoryMissing(tagMissing: string[][], columns: readonly string[]): string[] {
  const union = new Set(tagMissing.flat());
  return columns.filter((c) => union.has(c));
}

export { formatPlatform };
