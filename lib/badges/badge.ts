// What a repository's coverage badge says and in which colour: the architectures present, or
// "4/5 arch" when the list would be long, coloured by completeness. Pure: a coverage row in, a
// badge description out; a column counts as present exactly when the grid does not list it as
// missing (lib/coverage: satisfied by every scanned tag, a mismatched index entry does not count).
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
}

/** Beyond this many characters the list of architectures gives way to "n/m arch". */
export const MAX_LIST_CHARS = 28;

export function badgeSpec(row: BadgeRow | undefined, columns: readonly string[], label = "arch"): BadgeSpec {
  if (!row) return { label, message: "not watched", color: "lightgrey" };
  // Nothing resolved yet: saying "0/5" would call an unscanned image broken.
  const scanned = row.tags.some((t) => t.digest !== null && !t.error);
  if (!scanned) return { label, message: row.status === "error" || row.tags.some((t) => t.error) ? "scan failed" : "not scanned yet", color: "lightgrey" };
  const present = columns.filter((c) => !row.missing.includes(c));
  const list = present.map((c) => parseColumn(c).label).join(" | ");
  const message = present.length > 0 && list.length <= MAX_LIST_CHARS ? list : `${present.length}/${columns.length} arch`;
  return { label, message, color: colorOf(present.length, columns.length) };
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
