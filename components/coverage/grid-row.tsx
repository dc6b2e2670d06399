"use client";

import Link from "next/link";
import { memo } from "react";
import type { ApiCell, ApiRepositoryRow } from "@/lib/api-types";
import { absoluteTime, relativeTime } from "@/components/ui/format";
import { useNow } from "@/components/ui/use-now";
import { GridCellButton } from "./grid-cell";
import { isListChip } from "./list-chips";
import { STATUS_WORDS, errorWording, repositoryVerdict } from "@/lib/coverage/vocabulary";

/** A loss still open: the tag dropped these columns and has not got them back. */
function RegressionMarker({ regression }: { regression: NonNullable<ApiRepositoryRow["regression"]> }) {
  const now = useNow();
  const text = `Regressed: ${regression.tag} lost ${regression.lost.join(", ")} ${relativeTime(regression.at, now)}`;
  return (
    <span title={`${text} (${absoluteTime(regression.at)})`} className="inline-flex shrink-0 items-center gap-0.5 rounded border border-rose-300 bg-rose-50 px-1 text-xs font-medium text-rose-800 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-200">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round"><path d="M8 3v10M4 9l4 4 4-4" /></svg>
      <span className="sr-only">{text}</span>
      <span aria-hidden="true">regressed</span>
    </span>
  );
}

const UNKNOWN: ApiCell = { state: "unknown", variants: [], osVersions: [], notes: [] };

/** One repository row; memoized so opening a cell's panel or expanding a row re-renders only what changed. */
export const GridRow = memo(function GridRow({
  row,
  columns,
  isOpen,
  isFirst,
  onToggle,
  onOpenCell,
}: {
  row: ApiRepositoryRow;
  columns: string[];
  isOpen: boolean;
  /** The first row of the page: its name is the grid's tab stop until the user moves it. */
  isFirst: boolean;
  onToggle: (id: string) => void;
  onOpenCell: (row: ApiRepositoryRow, column: string, cell: ApiCell) => void;
}) {
  const now = useNow(); // the server's clock while hydrating: same text on both sides
  return (
    <tr className="ag-row group/row hover:bg-slate-50 dark:hover:bg-slate-800/40">
      {/* The toggle has a cell of its own: in the keyboard grid each cell holds one control. */}
      <td className="ag-toggle border-b border-slate-100 py-1.5 pl-3 pr-0 dark:border-slate-800">
        <button
          type="button"
          tabIndex={-1}
          onClick={() => onToggle(row.id)}
          aria-expanded={isOpen}
          aria-controls={`tags-${row.id}`}
          aria-label={`Show tags of ${row.reference}`}
          className="rounded p-0.5 text-slate-500 dark:text-slate-400 hover:bg-slate-200 hover:text-slate-900 dark:hover:bg-slate-700 dark:hover:text-white"
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" className={`size-4 transition-transform ${isOpen ? "rotate-90" : ""}`} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round"><path d="M6 4l4 4-4 4" /></svg>
        </button>
      </td>
      <th scope="row" className="ag-name-cell border-b border-slate-100 py-1.5 pl-1.5 pr-3 text-left font-normal dark:border-slate-800">
        {/* width 0 + min-width 100%: long names truncate instead of widening the column (on a
            phone the list layout wraps them instead, grid-list.css).
            No prefetch: a page of rows would fetch ~20 repository pages on load (bench:ui). */}
        <div className="w-0 min-w-full">
          <div className="flex min-w-0 items-center gap-1.5">
            {/* The grid's one tab stop starts on the first repository's name (roving tabindex). */}
            <Link href={`/repositories/${row.id}`} prefetch={false} tabIndex={isFirst ? 0 : -1} className="ag-name block truncate font-medium hover:text-indigo-700 hover:underline dark:hover:text-indigo-400" title={row.reference}>
              {row.reference}
            </Link>
            {row.regression ? <RegressionMarker regression={row.regression} /> : null}
          </div>
          <p className="ag-status truncate text-xs text-slate-500 dark:text-slate-400">
            {row.status === "error" ? (
              <span className="text-rose-700 dark:text-rose-400" title={errorWording(row.error)}>
                {STATUS_WORDS.error.label}: {errorWording(row.error) || "no details"}
              </span>
            ) : row.status === "pending" ? (
              STATUS_WORDS.pending.label
            ) : (
              // The cells' own words: a column some tags lack reads "Partial" here too, not "missing".
              `${row.tags.length} ${row.tags.length === 1 ? "tag" : "tags"} · ${repositoryVerdict(row).label}`
            )}
          </p>
        </div>
      </th>
      {columns.map((c) => {
        const cell = row.cells[c] ?? UNKNOWN;
        return (
          <td key={c} className={isListChip(row, cell) ? "ag-td" : "ag-td ag-quiet"}>
            <GridCellButton column={c} cell={cell} onOpen={() => onOpenCell(row, c, cell)} />
          </td>
        );
      })}
      <td className="ag-when whitespace-nowrap border-b border-slate-100 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <time dateTime={row.lastScannedAt ?? undefined} title={absoluteTime(row.lastScannedAt)}>
          {relativeTime(row.lastScannedAt, now)}
        </time>
      </td>
    </tr>
  );
});
