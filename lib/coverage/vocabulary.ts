// The one vocabulary for states: every screen and every export takes its words from here, so the
// grid cell, the repository badge and strip, CSV, JSON and Markdown can never disagree again
// ("Missing arm64" on a badge over a "Partial" strip; `scanned` in CSV where JSON says `ok`).
import type { CellState, RepositoryStatus } from "../api-types";

export interface StateWords {
  /** The word people read (grid cell, badge, strip, Markdown). */
  label: string;
  /** A shape for plain-text exports (Markdown); the screens draw their own icon of the same shape. */
  symbol: string;
  /** One sentence for legends and tooltips. */
  description: string;
}

/** Per architecture column. The machine code (CSV, JSON) is the key itself. */
export const CELL_STATE_WORDS: Record<CellState, StateWords> = {
  present: { label: "Present", symbol: "✓", description: "Every tracked tag publishes this architecture." },
  partial: { label: "Partial", symbol: "◐", description: "Only some tracked tags publish this architecture." },
  "separate-image": {
    label: "Separate image",
    symbol: "→",
    description: "Available only as an arch-prefixed image (e.g. arm64v8/name), not under this name.",
  },
  mismatch: {
    label: "Mismatch",
    symbol: "⚠",
    description: "The index names this architecture, but the image behind that entry is built for another one: a pull here gets an image that cannot run, so it counts as missing.",
  },
  missing: { label: "Missing", symbol: "✗", description: "No tracked tag publishes this architecture." },
  waived: {
    label: "Waived",
    symbol: "◌",
    description: "Not published, and accepted: a waiver on this repository gives the reason (and maybe an expiry date). Not counted as a gap until it expires.",
  },
  unknown: { label: "Unknown", symbol: "?", description: "Not scanned yet, or the last scan failed." },
};

/** Order in which a summary names states: the worst news first. */
export const CELL_STATE_ORDER: readonly CellState[] = ["missing", "mismatch", "separate-image", "partial", "unknown", "waived", "present"];

/** How an informational column (switched on, not in the required set) is introduced wherever it is shown. */
export const INFORMATIONAL_WORDS = {
  label: "Informational",
  description: "Not in the required set (Settings): shown for information, never counted as a gap.",
} as const;

/** Per repository or tag. The machine code (CSV `status`, JSON `status`) is the key itself. */
export const STATUS_WORDS: Record<RepositoryStatus, { label: string; description: string }> = {
  ok: { label: "Scanned", description: "The last scan read it." },
  error: { label: "Scan failed", description: "The last scan could not read it; what is shown is the last good reading, if any." },
  pending: { label: "Not scanned yet", description: "No scan has read it yet." },
};

/** A tag's status in the same codes as a repository's: read (`ok`), failed with nothing read (`error`), or not yet read. */
export function tagStatus(tag: { digest: string | null; error?: unknown }, repositoryStatus: RepositoryStatus): RepositoryStatus {
  if (tag.digest) return "ok";
  return repositoryStatus === "error" || tag.error ? "error" : "pending";
}

/**
 * A repository at a glance, in the strip's own words: "Missing arm, s390x · Partial arm64", or
 * "Present" when every column is, or the status when nothing could be read. `state` is the worst
 * column's, for the badge's colour and shape. Informational columns are left out (never a gap);
 * waived columns are named last ("· Waived s390x") and never make the state worse than present.
 */
export function repositoryVerdict(row: { status: RepositoryStatus; cells: Record<string, { state: CellState; informational?: boolean }> }): { state: CellState; label: string } {
  const entries = Object.entries(row.cells).filter(([, c]) => !c.informational);
  if (entries.length === 0 || entries.every(([, c]) => c.state === "unknown")) return { state: "unknown", label: STATUS_WORDS[row.status === "ok" ? "pending" : row.status].label };
  const byState = new Map<CellState, string[]>();
  for (const [col, c] of entries) byState.set(c.state, [...(byState.get(c.state) ?? []), col]);
  const gaps = CELL_STATE_ORDER.filter((s) => s !== "present" && s !== "waived" && byState.has(s));
  const waived = byState.has("waived") ? [`${CELL_STATE_WORDS.waived.label} ${byState.get("waived")!.join(", ")}`] : [];
  if (gaps.length === 0) return { state: "present", label: [`${CELL_STATE_WORDS.present.label}: every ${waived.length ? "required, unwaived " : ""}architecture`, ...waived].join(" · ") };
  return { state: gaps[0], label: [...gaps.map((s) => `${CELL_STATE_WORDS[s].label} ${byState.get(s)!.join(", ")}`), ...waived].join(" · ") };
}

/**
 * One wording of an error wherever it appears (grid, drawer, repository page, CSV, JSON notes,
 * Markdown): the registry's message as stored, once, without the code repeated in front of it.
 */
export function errorWording(error: { code: string; message: string } | null | undefined): string {
  if (!error) return "";
  return error.message.trim() || error.code;
}

type ErrorLike = { code: string; message: string };

/**
 * The error a tag line should name. When the whole repository is unknown to the registry,
 * Distribution still answers MANIFEST_UNKNOWN for each tag; the repository's own error is the
 * cause, so every surface names that one instead of a second, different-sounding message.
 */
export function effectiveTagError(
  tag: { digest: string | null; error?: ErrorLike | null },
  row: { status: RepositoryStatus; error?: ErrorLike | null },
): ErrorLike | null {
  if (!tag.digest && row.status === "error" && row.error && (row.error.code === "repository-not-found" || !tag.error)) return row.error;
  return tag.error ?? null;
}

export interface ErrorsOnce {
  /** The repository's failure, shown once at the top, or null. */
  banner: string | null;
  /** The cell's notes without any error already shown above. */
  notes: string[];
  /** What a tag's line says about its error: the message the first time, a pointer after that. */
  tagError: (tag: { tag: string; digest?: string | null; error?: ErrorLike | null }) => string | null;
}

/**
 * Each error shown once in a details panel: a repository whose only tag failed used to show the
 * same MANIFEST_UNKNOWN three times (banner, cell note, tag line). Later mentions point back.
 */
export function errorsOnce(
  row: { status: RepositoryStatus; error?: ErrorLike | null; tags?: Array<{ tag: string; digest: string | null; error?: ErrorLike | null }> },
  notes: string[],
): ErrorsOnce {
  const banner = row.status === "error" && row.error ? errorWording(row.error) : null;
  const shown = new Map<string, string>(); // message -> where it was first shown
  if (banner) shown.set(banner, "above");
  // An unknown cell's note is its first failed tag's error: the tag line names it already.
  const tagMessages = new Set((row.tags ?? []).filter((t) => !t.digest && t.error).map((t) => errorWording(t.error)));
  const kept = notes.filter((n) => !shown.has(n) && !tagMessages.has(n));
  return {
    banner,
    notes: kept,
    tagError: (t) => {
      const error = effectiveTagError({ digest: (t as { digest?: string | null }).digest ?? null, error: t.error }, row);
      if (!error) return null;
      const text = errorWording(error);
      const first = shown.get(text);
      if (first) return first === "above" ? "could not be read (the error above)" : `could not be read (same error as ${first})`;
      shown.set(text, t.tag);
      return text;
    },
  };
}
