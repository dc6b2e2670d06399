"use client";

import { useCallback, useEffect, useState } from "react";
import type { ApiCell, ApiColumnSummary, ApiRepositoryRow } from "@/lib/api-types";
import { cardClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";
import { formatPercent } from "@/components/ui/format";
import { StateLegend } from "./cell-state";
import { CellDetails, type OpenCell } from "./cell-details";
import { CoverageSplitBar, coverageSentence, coverageSplit } from "./coverage-split";
import { scannedNote } from "@/lib/coverage/figures";
import { ExportButtons, Pagination, SortArrow } from "./grid-controls";
import { PAGE_SIZE, useGridParams } from "./grid-params";
import { GridBody } from "./grid-body";
import { Toolbar } from "./grid-toolbar";
import { useCoverageQuery } from "./use-coverage";
import { useGridKeyboard } from "./grid-keyboard";
// Below 48rem the table reads as a list (one card per repository, gaps as chips): CSS only, so
// the desktop grid pays nothing for it (bench:ui).
import "./grid-list.css";

/** `required`: the organization's required set (Settings), read by the page on the server. */
export function CoverageGrid({ required = [] }: { required?: string[] }) {
  const { params, update, columns, filters, request, q, setQ } = useGridParams(required);
  // One page of rows, ordered and counted on the server (the grid page prefetches it into the
  // HTML). The whole matrix never crosses the wire: at 2,000 repositories it is 4.7 MB of JSON.
  const coverage = useCoverageQuery(request);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [openCell, setOpenCell] = useState<OpenCell | null>(null);

  const data = coverage.data;
  // "Updating…" only for an answer that takes a while: a fast one would just cost an extra frame.
  const slowFetch = useDelayedFlag(coverage.isFetching, 250);
  const pageRows = data?.repositories ?? [];
  const total = data?.page?.total ?? pageRows.length;
  const offset = data?.page?.offset ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const summaryByKey = new Map<string, ApiColumnSummary>((data?.summary.columns ?? []).map((c) => [c.key, c]));
  const filtered = Boolean(params.q || params.missing || params.status || params.registry || params.namespace || params.regressedSince || params.blockedByBase);

  const toggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const openCellFor = useCallback(
    (row: ApiRepositoryRow, column: string, cell: ApiCell) => setOpenCell({ row, column, cell }),
    [],
  );

  const cellRem = columns.length > 6 ? 6.75 : 7.5;
  const keyboard = useGridKeyboard();


  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Coverage grid</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            One row per watched repository, one column per architecture. Select a cell for details; in the grid, arrow keys move between cells.
          </p>
        </div>
        <ExportButtons filters={filters} />
      </div>

      <Toolbar params={params} update={update} columns={columns} q={q} onSearch={setQ} required={required} />

      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-baseline gap-x-3">
        <p aria-live="polite" className="text-sm text-slate-600 tabular dark:text-slate-400">
          {data
            ? total === 0
              ? "No repositories match."
              : `Showing ${offset + 1}–${offset + pageRows.length} of ${total} ${total === 1 ? "repository" : "repositories"}`
            : "Loading…"}
          {slowFetch && coverage.data ? <span className="ml-2 text-xs">Updating…</span> : null}
        </p>
        {/* The base of every percentage in the header: "1 of 34 scanned" is never left unsaid. */}
        {data && total > 0 ? (
          <p className="text-sm text-slate-600 tabular dark:text-slate-400">{scannedNote(data.summary.scanned, data.summary.repositories)}</p>
        ) : null}
        </div>
        <StateLegend />
      </div>

      {coverage.error ? <ErrorNote error={coverage.error} /> : null}

      {coverage.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading coverage…</span>
          {Array.from({ length: 10 }, (_, i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : coverage.data && coverage.data.summary.repositories === 0 && !filtered ? (
        <EmptyState title="No repositories watched yet" action={{ href: "/repositories/new", label: "Add your first repository" }}>
          Add the images your organization publishes; archgrid reads their manifest lists and fills this grid.
        </EmptyState>
      ) : total === 0 && data ? (
        <EmptyState title="Nothing matches these filters">
          <button type="button" className="text-indigo-700 underline dark:text-indigo-400" onClick={() => update({ q: "", missing: "", status: "", registry: "", namespace: "", regressedSince: "", blockedByBase: false })}>
            Clear all filters
          </button>
        </EmptyState>
      ) : (
        // A layer of its own: typing in the toolbar or a status line change then repaints only
        // those, not the whole grid (bench:ui: ~35 ms of paint per frame at 50 rows otherwise).
        <div className={`${cardClass} overflow-x-auto will-change-transform md:overflow-x-visible`}>
          {/* Fixed layout: column widths come from the <col>s, so the browser need not measure
              every cell of the page before it can lay the table out (bench:ui). */}
          {/* A WAI-ARIA grid: one tab stop, arrow keys between cells (grid-keyboard.ts). */}
          <table
            ref={keyboard.ref}
            role="grid"
            onKeyDown={keyboard.onKeyDown}
            onFocus={keyboard.onFocus}
            className="ag-grid w-full table-fixed border-separate border-spacing-0 text-sm"
            style={{ minWidth: `${16 + columns.length * cellRem + 7.5}rem` }}
          >
            <caption className="sr-only">
              {/* Constant: the sort is on the headers (aria-sort), the filter result in the status
                  line. A caption that changed with each keystroke repainted the whole table. */}
              Architecture coverage per repository
            </caption>
            <colgroup>
              <col style={{ width: "2rem" }} />
              <col />
              {columns.map((c) => (
                <col key={c} style={{ width: `${cellRem}rem` }} />
              ))}
              <col style={{ width: "7.5rem" }} />
            </colgroup>
            <thead>
              <tr>
                <th
                  scope="col"
                  colSpan={2}
                  aria-sort={params.sort === "name" ? (params.dir === "asc" ? "ascending" : "descending") : undefined}
                  className="sticky top-14 z-10 border-b border-slate-200 bg-slate-50 px-3 py-2 text-left align-bottom first:rounded-tl-lg dark:border-slate-800 dark:bg-slate-900"
                >
                  <button
                    type="button"
                    tabIndex={-1}
                    className="inline-flex items-center gap-1 text-xs font-semibold uppercase tracking-wide text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                    onClick={() => update({ sort: "name", dir: params.sort === "name" && params.dir === "asc" ? "desc" : "asc" })}
                  >
                    Repository
                    <SortArrow active={params.sort === "name"} dir={params.dir} />
                  </button>
                </th>
                {columns.map((c) => {
                  const s = summaryByKey.get(c);
                  const split = s ? coverageSplit(s) : null;
                  return (
                    <th
                      key={c}
                      scope="col"
                      className={`sticky top-14 z-10 border-b border-slate-200 bg-slate-50 px-1.5 py-2 text-left align-bottom dark:border-slate-800 dark:bg-slate-900`}
                    >
                      <div className="flex flex-wrap items-baseline justify-between gap-x-1 px-0.5">
                        <span className="font-mono text-xs font-semibold">{c}</span>
                        {s && split ? (
                          <span className="text-xs tabular text-slate-600 dark:text-slate-400" title={coverageSentence(s)}>
                            {split.scanned ? formatPercent(split.complete) : "—"}
                            <span className="sr-only">{split.sentence}</span>
                          </span>
                        ) : null}
                      </div>
                      {split ? <CoverageSplitBar split={split} className="mx-0.5 mt-1 h-1" /> : null}
                    </th>
                  );
                })}
                <th
                  scope="col"
                  aria-sort={params.sort === "scanned" ? (params.dir === "asc" ? "ascending" : "descending") : undefined}
                  className="sticky top-14 z-10 whitespace-nowrap border-b border-slate-200 bg-slate-50 px-3 py-2 text-left align-bottom last:rounded-tr-lg dark:border-slate-800 dark:bg-slate-900"
                >
                  <button
                    type="button"
                    tabIndex={-1}
                    className="inline-flex items-center gap-1 text-xs font-semibold uppercase tracking-wide text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                    onClick={() => update({ sort: "scanned", dir: params.sort === "scanned" && params.dir === "desc" ? "asc" : "desc" })}
                  >
                    Last scan
                    <SortArrow active={params.sort === "scanned"} dir={params.dir} />
                  </button>
                </th>
              </tr>
            </thead>
            <GridBody rows={pageRows} groups={data?.groups} group={params.group} columns={columns} expanded={expanded} onToggle={toggle} onOpenCell={openCellFor} />
          </table>
        </div>
      )}

      {pageCount > 1 ? <Pagination page={page} pageCount={pageCount} onPage={(p) => update({ page: p })} /> : null}
      <CellDetails open={openCell} onClose={() => setOpenCell(null)} />
    </div>
  );
}

/** `flag`, but only once it has stayed true for `ms`. */
function useDelayedFlag(flag: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) {
      setLate(false);
      return;
    }
    const t = setTimeout(() => setLate(true), ms);
    return () => clearTimeout(t);
  }, [flag, ms]);
  return flag && late;
}
