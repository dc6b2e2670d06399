"use client";

import { Fragment, memo, startTransition, useEffect, useState } from "react";
import type { ApiCell, ApiRepositoryRow, CoverageResponseFull } from "@/lib/api-types";
import { groupOf, type GroupKey } from "@/lib/coverage/order";
import { GridRow } from "./grid-row";
import { TagsTable } from "./tags-table";

/** Rows rendered and hydrated first: a laptop screen shows about this many. */
const FIRST_ROWS = 16;

interface GridBodyProps {
  rows: ApiRepositoryRow[];
  groups: CoverageResponseFull["groups"];
  group: GroupKey;
  columns: string[];
  expanded: Set<string>;
  onToggle: (id: string) => void;
  onOpenCell: (row: ApiRepositoryRow, column: string, cell: ApiCell) => void;
}

/**
 * The grid's rows. Memoized: typing in the search box or a fetch starting re-renders the grid
 * around it, not 50 rows. Only the first screen of rows is rendered at once, on the server too;
 * the rest follow in a transition after the next paint. bench:ui traced the first load: style,
 * layout and paint of all 50 rows (2,000 elements) cost ~280 ms before the page could respond,
 * for rows below the fold; after a filter the same split puts the first screen up first.
 */
export const GridBody = memo(function GridBody({ rows, groups, group, columns, expanded, onToggle, onOpenCell }: GridBodyProps) {
  const [progressive, setProgressive] = useState({ rows, all: rows.length <= FIRST_ROWS });
  if (progressive.rows !== rows) setProgressive({ rows, all: rows.length <= FIRST_ROWS });
  useEffect(() => {
    if (progressive.all) return;
    // After the next paint: the first screen of rows reaches the screen before the rest render.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setProgressive((p) => (p.rows === progressive.rows ? { ...p, all: true } : p))), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [progressive]);

  const groupCounts = new Map<string, number>((groups ?? []).map((g) => [g.key, g.count]));
  // Toggle, name, one per architecture, last scan.
  const colSpan = columns.length + 3;
  let lastGroup = "";
  const renderRow = (row: ApiRepositoryRow, index: number) => {
    const name = groupOf(row, group);
    const groupHeader =
      group !== "none" && name !== lastGroup ? (
        <tr key={`g:${name}`}>
          <th
            scope="colgroup"
            colSpan={colSpan}
            className="ag-group border-b border-slate-200 bg-slate-100/80 px-3 py-1.5 text-left font-mono text-xs font-semibold text-slate-700 dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-200"
          >
            {name}{" "}
            <span className="font-sans font-normal text-slate-600 dark:text-slate-400">({groupCounts.get(name) ?? 0})</span>
          </th>
        </tr>
      ) : null;
    lastGroup = name;
    const isOpen = expanded.has(row.id);
    return (
      <Fragment key={row.id}>
        {groupHeader}
        <GridRow row={row} columns={columns} isOpen={isOpen} isFirst={index === 0} onToggle={onToggle} onOpenCell={onOpenCell} />
        {isOpen ? (
          <tr id={`tags-${row.id}`} className="ag-tags">
            <td colSpan={colSpan} className="border-b border-slate-200 bg-slate-50 px-3 py-3 dark:border-slate-800 dark:bg-slate-950/40">
              <TagsTable row={row} columns={columns} compact />
            </td>
          </tr>
        ) : null}
      </Fragment>
    );
  };

  return <tbody>{(progressive.all ? rows : rows.slice(0, FIRST_ROWS)).map(renderRow)}</tbody>;
});
