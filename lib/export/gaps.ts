// Gap reports: coverage rows in, CSV / JSON / Markdown text out.
import type { ApiRepositoryRow, ApiTagCoverage } from "../api-types";
import type { CellState, RepositoryStatus } from "../api-types";
import { parseColumn, satisfies } from "../coverage/columns";
import { missingColumns } from "../coverage/gaps";
import { waiverNote } from "../coverage/waivers";
import { CELL_STATE_WORDS, STATUS_WORDS, effectiveTagError, errorWording, tagStatus } from "../coverage/vocabulary";

export type ReportFormat = "csv" | "json" | "md";

export interface GapReportInput {
  columns: string[];
  rows: ApiRepositoryRow[];
  generatedAt: string;
}

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** One line per tracked tag: what it has, what it misses. */
interface GapLine {
  reference: string;
  tag: string;
  digest: string;
  /** The repository status codes (ok | error | pending), as in JSON. */
  status: RepositoryStatus;
  platforms: string;
  /** Gaps (required, not waived): what the `missing` column lists. */
  missing: string[];
  /** Every shown column the tag lacks, gap or not (informational, waived): what the per-column states read. */
  lacking: string[];
  /** Lacking columns an active waiver covers. */
  waived: string[];
  separate: string[];
  /** Columns the index names but whose image is another platform (they are in `missing` too). */
  mismatch: string[];
  error: string;
}

function mismatchColumns(t: ApiTagCoverage, columns: string[], lacking: string[]): string[] {
  return columns.filter((c) => lacking.includes(c) && t.platforms.some((p) => p.configMismatch && satisfies(parseColumn(c), p)));
}

function lines(input: GapReportInput): GapLine[] {
  const out: GapLine[] = [];
  for (const r of input.rows) {
    const separate = input.columns.filter((c) => r.cells[c]?.state === "separate-image");
    if (r.tags.length === 0) {
      out.push({ reference: r.reference, tag: "", digest: "", status: r.status, platforms: "", missing: [], lacking: [], waived: [], separate, mismatch: [], error: errorWording(r.error) });
      continue;
    }
    for (const t of r.tags) {
      const lacking = t.digest ? missingColumns(t.platforms, input.columns) : [];
      out.push({
        reference: r.reference,
        tag: t.tag,
        digest: t.digest ?? "",
        status: tagStatus(t, r.status),
        platforms: t.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/")).join(" "),
        missing: t.missing,
        lacking,
        waived: t.waived ?? [],
        separate,
        mismatch: mismatchColumns(t, input.columns, lacking),
        error: errorWording(effectiveTagError(t, r)),
      });
    }
  }
  return out;
}

/** A tag's column in the cell vocabulary (lib/coverage): the same codes the grid and JSON use. */
function lineState(l: GapLine, column: string): CellState {
  if (l.status !== "ok") return "unknown";
  if (!l.lacking.includes(column)) return "present";
  if (l.waived.includes(column)) return "waived";
  return l.mismatch.includes(column) ? "mismatch" : l.separate.includes(column) ? "separate-image" : "missing";
}

const KNOWN_TAG_STATES: readonly CellState[] = ["present", "partial", "separate-image", "mismatch", "missing", "unknown"];

/**
 * One tag's column, in the cell vocabulary: unknown when the tag was not read; present when it has
 * the column; otherwise mismatch / separate-image / missing as for the repository. A repository
 * cell in a state this file does not know (a waiver, say) is passed through as it is, so states
 * added to lib/coverage reach the reports without a change here.
 */
export function tagLineState(r: ApiRepositoryRow, t: ApiTagCoverage, column: string, columns: string[]): CellState {
  const repoState = r.cells[column]?.state;
  if (repoState && !KNOWN_TAG_STATES.includes(repoState)) return repoState;
  if (tagStatus(t, r.status) !== "ok") return "unknown";
  // `missing` holds gaps only (never waived or informational columns): what the tag really lacks.
  const lacking = t.digest ? missingColumns(t.platforms, columns) : [];
  if (!lacking.includes(column)) return "present";
  if ((t.waived ?? []).includes(column)) return "waived";
  if (mismatchColumns(t, columns, lacking).includes(column)) return "mismatch";
  return repoState === "separate-image" ? "separate-image" : "missing";
}

/** A row's waivers on the shown columns, active or expired, worded as the grid words them. */
export function waiversOf(r: ApiRepositoryRow, columns: string[]) {
  return columns.flatMap((column) => {
    const w = r.cells[column]?.waiver;
    if (!w) return [];
    // The row already judged the expiry; the note is worded from that judgement, not a second clock.
    return [{ column, reason: w.reason, expiresAt: w.expiresAt, expired: w.expired, note: waiverNote({ id: w.id, column, reason: w.reason, expiresAt: w.expiresAt }, w.expired ? Infinity : -Infinity) }];
  });
}

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with '. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Text inside a Markdown table cell, printed as text whatever it holds (registry error messages
 * are written by the registry): every control character (CR, LF, C1, DEL) and invisible format
 * character becomes a space; HTML is entity-escaped (no raw tags, no <javascript:…> autolinks);
 * the characters of link, image, emphasis and code syntax and the cell separator are backslash-escaped.
 */
export function mdCell(v: string): string {
  return v
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]()!|~#]/g, (c) => `\\${c}`);
}

/** The JSON report's original fields (every matching repository, as before the report model). */
export function gapReportJson(input: GapReportInput) {
  return {
    generatedAt: input.generatedAt,
    architectures: input.columns,
    repositories: input.rows.map((r) => ({
      reference: r.reference,
      status: r.status,
      missing: r.missing,
      separateImages: input.columns.filter((c) => r.cells[c]?.state === "separate-image"),
      error: r.error,
      cells: Object.fromEntries(input.columns.map((c) => [c, r.cells[c]?.state ?? "unknown"])),
      // Additive (issue 13): gaps inherited from the base image, and each tag's base.
      waivers: waiversOf(r, input.columns),
      ...(r.blockedByBase ? { blockedByBase: r.blockedByBase } : {}),
      tags: r.tags.map((t) => ({ tag: t.tag, status: tagStatus(t, r.status), digest: t.digest, platforms: t.platforms, missing: t.missing, waived: t.waived ?? [], error: t.error, ...(t.base ? { base: t.base } : {}) })),
    })),
  };
}

export function renderGapReport(format: ReportFormat, input: GapReportInput): string {
  const ls = lines(input);
  if (format === "json") return JSON.stringify(gapReportJson(input), null, 2);
  if (format === "csv") {
    const header = ["reference", "tag", "digest", "status", "platforms", ...input.columns.map((c) => `has_${c}`), "missing", "error"];
    const body = ls.map((l) =>
      [
        l.reference,
        l.tag,
        l.digest,
        l.status,
        l.platforms,
        ...input.columns.map((c) => lineState(l, c)),
        l.missing.join(" "),
        l.error,
      ]
        .map(csvCell)
        .join(","),
    );
    return [header.join(","), ...body].join("\r\n") + "\r\n";
  }
  const withGaps = input.rows.filter((r) => r.missing.length > 0);
  const md: string[] = [
    "# archgrid gap report",
    "",
    `Generated ${mdCell(input.generatedAt)}. ${input.rows.length} repositories, ${withGaps.length} with gaps. Required: ${mdCell(input.columns.join(", "))}.`,
    "",
    `| Repository | Tag | ${input.columns.map(mdCell).join(" | ")} | Missing |`,
    `|---|---|${input.columns.map(() => ":-:").join("|")}|---|`,
  ];
  const used = new Set<CellState>();
  for (const l of ls) {
    const cells = input.columns.map((c) => {
      const state = lineState(l, c);
      used.add(state);
      return `${CELL_STATE_WORDS[state].symbol} ${CELL_STATE_WORDS[state].label}`;
    });
    // Worded as the grid words it: "Scan failed: <message>" / "Not scanned yet".
    const missing = l.status === "ok" ? l.missing.join(", ") || "—" : `${STATUS_WORDS[l.status].label}${l.error ? `: ${l.error}` : ""}`;
    md.push(`| ${mdCell(l.reference)} | ${mdCell(l.tag)} | ${cells.join(" | ")} | ${mdCell(missing)} |`);
  }
  // A legend for the states this report uses, in the grid's words.
  const legend = (Object.keys(CELL_STATE_WORDS) as CellState[]).filter((st) => used.has(st)).map((st) => `${CELL_STATE_WORDS[st].symbol} ${CELL_STATE_WORDS[st].label}: ${CELL_STATE_WORDS[st].description}`);
  md.push("", ...legend.map((x) => `- ${x}`), "");
  // Gaps the base image causes: fixed upstream first (issue 13 item 5).
  const blocked = input.rows.flatMap((r) => (r.blockedByBase ?? []).map((b) => `- ${mdCell(r.reference)} (${mdCell(b.tags.join(", "))}): ${mdCell(b.message)}`));
  if (blocked.length) md.push("## Blocked by base image", "", ...blocked, "");
  // Why each waived (or formerly waived) column is accepted, in the grid's words.
  const waivers = input.rows.flatMap((r) => waiversOf(r, input.columns).map((w) => `- ${mdCell(r.reference)} ${mdCell(w.column)}: ${mdCell(w.note)}`));
  if (waivers.length) md.push("## Waivers", "", ...waivers, "");
  return md.join("\n");
}
