// Gaps and cells: what a tag or repository is missing, and how each column reads.
import type { ApiCell, CellState } from "../api-types";
import type { Platform } from "../registry/types";
import { parseColumn, satisfies } from "./columns";

export interface TagLike {
  tag: string;
  platforms: Array<Platform & { configMismatch?: Platform | null }>;
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

/** Columns (in the given order) that none of the platforms satisfies. */
export function missingColumns(platforms: Platform[], columns: readonly string[]): string[] {
  return columns.filter((key) => {
    const col = parseColumn(key);
    return !platforms.some((p) => satisfies(col, p));
  });
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
 * present in every scanned tag -> present; in some -> partial; in none but a sibling has it ->
 * separate-image; nothing scanned -> unknown; else missing.
 */
export function repositoryCell(tags: TagLike[], columnKey: string, siblings: SiblingLike[] = []): ApiCell {
  const column = parseColumn(columnKey);
  const scanned = tags.filter((t) => t.scanned && !t.error);
  const variants = new Set<string>();
  const osVersions = new Set<string>();
  const notes: string[] = [];
  const withIt: string[] = [];
  const without: string[] = [];
  for (const t of scanned) {
    const matching = t.platforms.filter((p) => satisfies(column, p));
    if (matching.length) withIt.push(t.tag);
    else without.push(t.tag);
    for (const p of matching) {
      if (p.variant) variants.add(p.variant);
      if (p.osVersion) osVersions.add(p.osVersion);
      if (p.configMismatch) {
        notes.push(`${t.tag}: index says ${formatPlatform(p)}, config says ${formatPlatform(p.configMismatch)}`);
      }
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
    state = notes.length ? "partial" : "present";
  } else if (withIt.length > 0) {
    state = "partial";
    notes.unshift(`missing in ${without.length} of ${scanned.length} tags: ${without.slice(0, 5).join(", ")}${without.length > 5 ? ", …" : ""}`);
  } else if (cellSiblings.length > 0) {
    state = "separate-image";
    notes.unshift(`available as a separate image: ${cellSiblings.map((s) => s.reference).join(", ")}`);
  } else {
    state = "missing";
  }
  const cell: ApiCell = {
    state,
    variants: [...variants].sort(),
    osVersions: [...osVersions].sort(),
    notes,
  };
  if (cellSiblings.length) cell.siblings = cellSiblings;
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
