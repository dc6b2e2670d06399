// What a repository's coverage badge says and in which colour: the architectures present, or
// "4/5 arch" when the list would be long, coloured by completeness. Pure: a coverage row in, a
// badge description out; a column counts as present exactly when the grid does not list it as
// missing (lib/coverage: satisfied by every scanned tag, a mismatched index entry does not count).
// Waived and informational columns are not gaps: they leave the "n/m" count and the colour alone
// (an amd64-only GPU image with its other columns waived is green "amd64").
import { makeBadge } from "badge-maker";
import { parseColumn } from "../coverage/columns";

export const BADGE_STYLES = ["flat", "flat-square", "plastic", "for-the-badge", "social"] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export interface BadgeSpec {
  label: string;
  message: string;
  /** shields.io colour names, which badge-maker knows. */
  color: "brightgreen" | "yellowgreen" | "yellow" | "orange" | "red" | "lightgrey";
}

/** What the badge needs from a coverage row (GET /api/coverage's shape). */
export interface BadgeRow {
  status: "pending" | "ok" | "error";
  missing: string[];
  tags: Array<{ digest: string | null; error?: unknown }>;
  /** The row's cells: which columns are waived or informational (absent: every column required, none waived). */
  cells?: Record<string, { state: string; informational?: boolean }>;
}

/** Beyond this many characters the list of architectures gives way to "n/m arch". */
export const MAX_LIST_CHARS = 28;

export function badgeSpec(row: BadgeRow | undefined, columns: readonly string[], label = "arch"): BadgeSpec {
  if (!row) return { label, message: "not watched", color: "lightgrey" };
  // Nothing resolved yet: saying "0/5" would call an unscanned image broken.
  const scanned = row.tags.some((t) => t.digest !== null && !t.error);
  if (!scanned) return { label, message: row.status === "error" || row.tags.some((t) => t.error) ? "scan failed" : "not scanned yet", color: "lightgrey" };
  const waived = (c: string) => row.cells?.[c]?.state === "waived";
  const informational = (c: string) => row.cells?.[c]?.informational === true;
  // An informational column is named only when every tag has it; a required one unless it is a gap.
  const has = (c: string) => (informational(c) ? row.cells?.[c]?.state === "present" : !waived(c) && !row.missing.includes(c));
  const counted = columns.filter((c) => !waived(c) && !informational(c));
  const present = columns.filter(has);
  const presentCounted = counted.filter(has).length;
  const list = present.map((c) => parseColumn(c).label).join(" | ");
  const message = present.length > 0 && list.length <= MAX_LIST_CHARS ? list : `${presentCounted}/${counted.length} arch`;
  return { label, message, color: colorOf(presentCounted, counted.length) };
}

function colorOf(present: number, total: number): BadgeSpec["color"] {
  if (present === total) return "brightgreen";
  if (present === 0) return "red";
  const ratio = present / total;
  if (ratio >= 0.75) return "yellowgreen";
  if (ratio >= 0.5) return "yellow";
  return "orange";
}

/** The SVG, drawn by shields.io's own renderer (escapes the text it is given). */
export function renderBadge(spec: BadgeSpec, style: BadgeStyle = "flat"): string {
  return makeBadge({ label: spec.label, message: spec.message, color: spec.color, style });
}
