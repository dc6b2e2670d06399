// Orderings and groupings of coverage rows, shared by GET /api/coverage (which pages the
// grid on the server) and anything else that lists rows the way the grid does.
import type { ApiCell, ApiRepositoryRow } from "../api-types";

export const SORT_KEYS = ["name", "coverage", "scanned"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const GROUP_KEYS = ["none", "registry", "namespace"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
export type SortDir = "asc" | "desc";

/** The direction a sort starts in when none is given: fewest gaps last, newest scan first. */
export function defaultDir(sort: SortKey): SortDir {
  return sort === "scanned" ? "desc" : "asc";
}

// A separate image or a partial cell is half a yes: it runs, but not under one name / not everywhere.
// A mismatch is a miss: the image behind the entry cannot run on that architecture.
const SCORE: Record<ApiCell["state"], number> = { present: 1, partial: 0.5, "separate-image": 0.5, mismatch: 0, missing: 0, waived: 1, unknown: 0 };

/** How well a row covers the given columns; unscanned and failed rows sort below every scanned one. */
export function coverageScore(row: Pick<ApiRepositoryRow, "status" | "cells">, columns: string[]): number {
  if (row.status !== "ok") return -1;
  let s = 0;
  for (const c of columns) s += SCORE[row.cells[c]?.state ?? "unknown"];
  return s;
}

/** The group header a row falls under ("" when not grouping). */
export function groupOf(row: Pick<ApiRepositoryRow, "registry" | "namespace">, group: GroupKey): string {
  if (group === "registry") return row.registry;
  if (group === "namespace") return row.namespace ? `${row.registry}/${row.namespace}` : `${row.registry} (top level)`;
  return "";
}

// Natural order ("service-2" before "service-10"), created on first use: building an Intl
// collator loads ICU data, which the browser (which imports groupOf from here) never needs.
let collator: Intl.Collator | undefined;
const byReference = (a: ApiRepositoryRow, b: ApiRepositoryRow) =>
  (collator ??= new Intl.Collator("en", { numeric: true, sensitivity: "variant" })).compare(a.reference, b.reference);

/** Rows in grid order: by group, then by the sort key, then by reference (stable, total). */
export function sortRows(rows: ApiRepositoryRow[], opts: { sort: SortKey; dir: SortDir; group: GroupKey; columns: string[] }): ApiRepositoryRow[] {
  const sign = opts.dir === "desc" ? -1 : 1;
  // Precompute keys once per row: a comparator that recomputes them costs n log n times as much.
  const keyed = rows.map((row) => ({
    row,
    group: groupOf(row, opts.group),
    key:
      opts.sort === "coverage"
        ? coverageScore(row, opts.columns)
        : opts.sort === "scanned"
          ? Date.parse(row.lastScannedAt ?? "") || 0
          : 0,
  }));
  keyed.sort((a, b) => {
    if (a.group !== b.group) return a.group < b.group ? -1 : 1;
    if (opts.sort !== "name" && a.key !== b.key) return sign * (a.key - b.key);
    const byName = byReference(a.row, b.row);
    return opts.sort === "name" ? sign * byName : byName;
  });
  return keyed.map((k) => k.row);
}
