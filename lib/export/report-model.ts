// The report people forward, built once from the coverage rows and rendered by every format
// (Markdown, CSV, JSON, the printable page and `archgrid report --format html`), so that they
// all say the same thing in the same words. Pure: rows and events in, a plain object out.
import type { ApiRepositoryRow, CellState, RepositoryStatus } from "../api-types";
import { DEFAULT_COLUMNS } from "../coverage/columns";
import { scannedNote } from "../coverage/figures";
import { CELL_STATE_ORDER, CELL_STATE_WORDS, STATUS_WORDS, effectiveTagError, errorWording, repositoryVerdict, tagStatus } from "../coverage/vocabulary";
import { changesSince, type ChangesSince, type ReportEvent } from "./changes";
import { tagLineState, waiversOf } from "./gaps";
import { dateTimeWords, dateWords } from "./words";

export type ReportScope = "gaps" | "all";

/** The grid's filters as the report states them (README "HTTP API"). */
export interface ReportFilters {
  columns: string[];
  q?: string;
  missing?: string;
  status?: RepositoryStatus;
  registry?: string;
  namespace?: string;
  regressedSince?: string;
}

export interface ReportInput {
  rows: ApiRepositoryRow[];
  filters: ReportFilters;
  scope: ReportScope;
  generatedAt: string;
  /** Start of the "Changed since" section (ISO). */
  since: string;
  events: ReportEvent[];
}

/** Cell states that are a gap: the column is in the repository's `missing` because of them. */
export const GAP_STATES: readonly CellState[] = ["missing", "mismatch", "separate-image", "partial"];

export interface ColumnSummaryLine {
  column: string;
  /** Repositories per cell state among the scanned ones (every state in the vocabulary, 0 included). */
  states: Partial<Record<CellState, number>>;
  /** Unscanned repositories, split by why: the last scan failed, or none has run yet. */
  failed: number;
  notScanned: number;
  scanned: number;
  total: number;
  /** Present (every tracked tag) over scanned repositories, 0..100 rounded; null when none is scanned. */
  presentPercent: number | null;
  /** "12 of 34 scanned" / "all 34 scanned". */
  scannedNote: string;
}

export interface ReportTagLine {
  tag: string;
  digest: string | null;
  status: RepositoryStatus;
  statusLabel: string;
  platforms: string;
  /** Per column, the vocabulary's state code. */
  cells: Record<string, CellState>;
  missing: string[];
  error: string;
  lastChecked: string | null;
}

export interface ReportRepository {
  id: string;
  reference: string;
  status: RepositoryStatus;
  statusLabel: string;
  error: string;
  /** Gap columns (the repository's `missing`, in column order). */
  gaps: string[];
  /** The grid's own words for it: "Missing arm, s390x · Partial arm64" (lib/coverage repositoryVerdict). */
  verdict: string;
  cells: Record<string, { state: CellState; notes: string[]; variants: string[] }>;
  /** The oldest read among its tags: everything listed is at least this fresh. */
  lastChecked: string | null;
  tags: ReportTagLine[];
}

export interface GapReportModel {
  title: string;
  generatedAt: string;
  generatedWords: string;
  columns: string[];
  filters: ReportFilters;
  /** "namespace acme, missing arm64", or "none". */
  filterWords: string;
  /** "Generated 1 December 2026, 15:20 UTC · filters: namespace acme, missing arm64" */
  statement: string;
  scope: ReportScope;
  /** "3 repositories with gaps or a failed scan, most gaps first (of 12 matching; add scope=all for every one)" */
  scopeWords: string;
  totals: { matching: number; scanned: number; listed: number; withGaps: number; failed: number; notScanned: number };
  summary: ColumnSummaryLine[];
  /** The states the summary and the listing use, worst first (legends name only these). */
  statesUsed: CellState[];
  changes: ChangesSince & { sinceWords: string };
  repositories: ReportRepository[];
  /** Accepted gaps over every matching repository (listed or not), with their reasons, worded as the grid words them. */
  waivers: Array<{ reference: string; column: string; reason: string; expiresAt: string | null; expired: boolean; note: string }>;
  /** Gaps the base image has too (fixed upstream first), over every matching repository. */
  blockedByBase: Array<{ reference: string; tags: string[]; message: string }>;
}

/** "namespace acme, missing arm64, search "web""; "none" without filters. */
export function filterWords(f: ReportFilters): string {
  const parts: string[] = [];
  if (f.registry) parts.push(`registry ${f.registry}`);
  if (f.namespace) parts.push(`namespace ${f.namespace}`);
  if (f.q) parts.push(`name contains "${f.q}"`);
  if (f.missing) parts.push(`missing ${f.missing}`);
  if (f.status) parts.push(`status ${STATUS_WORDS[f.status].label}`);
  if (f.regressedSince) parts.push(`regressed since ${dateWords(f.regressedSince)}`);
  const defaults = f.columns.length === DEFAULT_COLUMNS.length && DEFAULT_COLUMNS.every((c, i) => f.columns[i] === c);
  if (!defaults) parts.push(`architectures ${f.columns.join(", ")}`);
  return parts.length ? parts.join(", ") : "none";
}

const isScanned = (r: ApiRepositoryRow) => r.tags.some((t) => t.digest !== null);

/** Gap columns of a row: its `missing` where the cell is a gap state (a state outside GAP_STATES, such as a waiver, is not). */
export function gapColumns(r: ApiRepositoryRow, columns: readonly string[]): string[] {
  return columns.filter((c) => r.missing.includes(c) && GAP_STATES.includes(r.cells[c]?.state ?? "missing"));
}

/** Listed in the default (gaps) scope: a gap, or a failed scan (its coverage cannot be vouched for). */
function needsAttention(r: ApiRepositoryRow, columns: readonly string[]): boolean {
  return gapColumns(r, columns).length > 0 || r.status === "error";
}

let collator: Intl.Collator | undefined;
const byName = (a: string, b: string) => (collator ??= new Intl.Collator("en", { numeric: true })).compare(a, b);

/** Most gaps first, then failed scans, then by name (natural order: service-2 before service-10). */
export function reportOrder(rows: ApiRepositoryRow[], columns: readonly string[]): ApiRepositoryRow[] {
  const keyed = rows.map((r) => ({ r, gaps: gapColumns(r, columns).length, failed: r.status === "error" ? 1 : 0 }));
  keyed.sort((a, b) => b.gaps - a.gaps || b.failed - a.failed || byName(a.r.reference, b.r.reference));
  return keyed.map((k) => k.r);
}

function summaryLine(rows: ApiRepositoryRow[], column: string): ColumnSummaryLine {
  const states: Partial<Record<CellState, number>> = {};
  let failed = 0;
  let notScanned = 0;
  for (const r of rows) {
    const state = r.cells[column]?.state ?? "unknown";
    if (!isScanned(r) || state === "unknown") {
      if (r.status === "error") failed++;
      else notScanned++;
      continue;
    }
    states[state] = (states[state] ?? 0) + 1;
  }
  const scanned = rows.length - failed - notScanned;
  return {
    column,
    states,
    failed,
    notScanned,
    scanned,
    total: rows.length,
    presentPercent: scanned > 0 ? Math.round(((states.present ?? 0) / scanned) * 100) : null,
    scannedNote: scannedNote(scanned, rows.length),
  };
}

function tagLines(r: ApiRepositoryRow, columns: string[], scope: ReportScope): ReportTagLine[] {
  const lines: ReportTagLine[] = r.tags.map((t) => {
    const status = tagStatus(t, r.status);
    return {
      tag: t.tag,
      digest: t.digest,
      status,
      statusLabel: STATUS_WORDS[status].label,
      platforms: t.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/")).join(" "),
      cells: Object.fromEntries(columns.map((c) => [c, tagLineState(r, t, c, columns)])),
      missing: t.missing,
      error: errorWording(effectiveTagError(t, r)),
      lastChecked: t.checkedAt,
    };
  });
  if (scope === "all") return lines;
  // Gaps only: the tags that lack something or could not be read.
  return lines.filter((l) => l.status !== "ok" || columns.some((c) => GAP_STATES.includes(l.cells[c])));
}

function reportRepository(r: ApiRepositoryRow, columns: string[], scope: ReportScope): ReportRepository {
  const checked = r.tags.map((t) => t.checkedAt).filter((x): x is string => !!x).sort();
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    statusLabel: STATUS_WORDS[r.status].label,
    error: errorWording(r.error),
    gaps: gapColumns(r, columns),
    verdict: repositoryVerdict({ status: r.status, cells: Object.fromEntries(columns.map((c) => [c, { state: r.cells[c]?.state ?? "unknown" }])) }).label,
    cells: Object.fromEntries(columns.map((c) => [c, { state: r.cells[c]?.state ?? "unknown", notes: r.cells[c]?.notes ?? [], variants: r.cells[c]?.variants ?? [] }])),
    lastChecked: checked[0] ?? null,
    tags: tagLines(r, columns, scope),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function buildGapReport(input: ReportInput): GapReportModel {
  const columns = input.filters.columns;
  const rows = input.rows;
  const listedRows = reportOrder(input.scope === "all" ? rows : rows.filter((r) => needsAttention(r, columns)), columns);
  const repositories = listedRows.map((r) => reportRepository(r, columns, input.scope));
  const summary = columns.map((c) => summaryLine(rows, c));
  const used = new Set<CellState>();
  for (const s of summary) for (const st of Object.keys(s.states) as CellState[]) used.add(st);
  for (const r of repositories) {
    for (const t of r.tags) for (const c of columns) used.add(t.cells[c]);
    if (r.tags.length === 0) for (const c of columns) used.add(r.cells[c].state); // listed on one line of its own
  }
  const order = [...CELL_STATE_ORDER, ...(Object.keys(CELL_STATE_WORDS) as CellState[]).filter((s) => !CELL_STATE_ORDER.includes(s))];
  const words = filterWords(input.filters);
  const generatedWords = dateTimeWords(input.generatedAt);
  const withGaps = rows.filter((r) => gapColumns(r, columns).length > 0).length;
  const failed = rows.filter((r) => r.status === "error").length;
  const scanned = rows.filter(isScanned).length;
  const scopeWords =
    input.scope === "all"
      ? `every matching repository (${rows.length}), most gaps first`
      : `${plural(listedRows.length, "repository", "repositories")} with gaps or a failed scan, most gaps first (of ${rows.length} matching; scope=all lists every one)`;
  return {
    title: "archgrid gap report",
    generatedAt: input.generatedAt,
    generatedWords,
    columns,
    filters: input.filters,
    filterWords: words,
    statement: `Generated ${generatedWords} · filters: ${words}`,
    scope: input.scope,
    scopeWords,
    totals: { matching: rows.length, scanned, listed: listedRows.length, withGaps, failed, notScanned: rows.filter((r) => !isScanned(r) && r.status !== "error").length },
    summary,
    statesUsed: order.filter((s) => used.has(s)),
    changes: { ...changesSince(rows, input.events, columns, input.since), sinceWords: dateWords(input.since) },
    repositories,
    waivers: reportOrder(rows, columns).flatMap((r) => waiversOf(r, columns).map((w) => ({ reference: r.reference, ...w }))),
    blockedByBase: rows.flatMap((r) => (r.blockedByBase ?? []).map((b) => ({ reference: r.reference, tags: b.tags, message: b.message }))),
  };
}

/** The summary's state columns: Present and Missing always, then the other states in use, worst first (a waiver, say, after them). */
export function summaryStates(model: Pick<GapReportModel, "summary">): CellState[] {
  const used = new Set<CellState>(["present", "missing"]);
  for (const s of model.summary) for (const [st, n] of Object.entries(s.states) as Array<[CellState, number]>) if (n > 0) used.add(st);
  const others = [...CELL_STATE_ORDER, ...(Object.keys(CELL_STATE_WORDS) as CellState[])].filter((s, i, a) => a.indexOf(s) === i && s !== "present" && s !== "missing" && s !== "unknown");
  return ["present", "missing", ...others.filter((s) => used.has(s))];
}
