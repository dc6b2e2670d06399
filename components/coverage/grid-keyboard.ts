"use client";

// The WAI-ARIA grid pattern for the coverage table (https://www.w3.org/WAI/ARIA/apg/patterns/grid/):
// the whole grid is one tab stop (roving tabindex), arrow keys move between cells, Home/End
// along a row, Ctrl+Home/End to the first/last row, PageUp/PageDown ten rows. A cell's own
// control (toggle, name link, cell button, sort button) takes focus; a cell without one is
// focused itself. Enter and Space then do what the control does natively (a cell button opens
// the details drawer, whose <dialog> gives focus back to it on close).
//
// Everything works on the DOM, not on React state: moving focus must not re-render 50 memoized
// rows (bench:ui), and the markup only carries tabindex="-1" on the controls plus one "0".
import { useCallback, useEffect, useRef, type FocusEvent, type KeyboardEvent, type RefObject } from "react";

const PAGE_ROWS = 10;

/** What takes focus in a cell: its one control, else the cell itself. */
function targetOf(cell: HTMLTableCellElement): HTMLElement {
  return cell.querySelector<HTMLElement>("a[href], button") ?? cell;
}

/** Hidden cells (the list layout on a phone hides columns without a gap) are skipped. */
function shown(el: Element): boolean {
  return el.getClientRects().length > 0;
}

/** The rows of the grid itself (not of a table nested in an expanded row), visible ones only. */
function rowsOf(table: HTMLTableElement): HTMLTableRowElement[] {
  return [...table.rows].filter((r) => r.closest("table") === table && shown(r) && r.cells.length > 0);
}

/** Logical column of a cell, counting colspans (the "Repository" header spans the toggle column). */
function columnOf(cell: HTMLTableCellElement): number {
  let c = 0;
  for (const x of (cell.parentElement as HTMLTableRowElement).cells) {
    if (x === cell) return c;
    c += x.colSpan;
  }
  return c;
}

/**
 * The column a move lands in when it next goes up or down. A header spanning columns anchors on
 * its last one: down from "Repository" (over the toggle and the name) is the name, not the toggle.
 */
function anchorOf(cell: HTMLTableCellElement): number {
  return columnOf(cell) + (cell.tagName === "TH" ? cell.colSpan - 1 : 0);
}

function shownCells(row: HTMLTableRowElement): HTMLTableCellElement[] {
  return [...row.cells].filter((c) => shown(c) && shown(targetOf(c)));
}

/** The visible cell of `row` nearest to logical column `col`. */
function cellNear(row: HTMLTableRowElement, col: number): HTMLTableCellElement | null {
  let best: HTMLTableCellElement | null = null;
  let bestDistance = Infinity;
  for (const cell of shownCells(row)) {
    const start = columnOf(cell);
    const distance = col < start ? start - col : col >= start + cell.colSpan ? col - (start + cell.colSpan - 1) : 0;
    if (distance < bestDistance) {
      best = cell;
      bestDistance = distance;
    }
  }
  return best;
}

/** Scrolls just enough that `el` is below the sticky site header and column headers and above the bottom. */
function revealBelowStickyHeaders(el: HTMLElement, table: HTMLTableElement): void {
  const r = el.getBoundingClientRect();
  // The site's header is the page's first <header> (sticky at the top).
  const banner = document.querySelector("header")?.getBoundingClientRect().bottom ?? 0;
  // The header cells are what is sticky (not the <thead>, which scrolls away with the page).
  const headCell = table.tHead?.rows[0]?.cells[0];
  const head = headCell && !table.tHead!.contains(el) ? headCell.getBoundingClientRect().bottom : 0;
  const top = Math.max(banner, head, 0) + 8;
  if (r.top < top) window.scrollBy(0, r.top - top);
  else if (r.bottom > window.innerHeight - 8) window.scrollBy(0, r.bottom - window.innerHeight + 8);
}

/**
 * Handlers for the grid's <table> and the ref they need. `firstStop` names the element the
 * server rendered with tabIndex 0; after any re-render the grid keeps exactly one stop.
 */
export function useGridKeyboard(): {
  ref: RefObject<HTMLTableElement | null>;
  onKeyDown: (e: KeyboardEvent<HTMLTableElement>) => void;
  onFocus: (e: FocusEvent<HTMLTableElement>) => void;
} {
  const ref = useRef<HTMLTableElement>(null);
  /** The column the user is in, kept across rows that are shorter (group headers, expanded tags). */
  const wantColumn = useRef<number | null>(null);
  /** True while this hook moves focus itself (so onFocus can tell a click from an arrow key). */
  const moving = useRef(false);

  const makeStop = useCallback((el: HTMLElement) => {
    const table = ref.current;
    if (!table) return;
    for (const other of table.querySelectorAll<HTMLElement>('[tabindex="0"]')) if (other !== el) other.tabIndex = -1;
    el.tabIndex = 0;
  }, []);

  // After every render: exactly one stop, on the element the user last moved to if it is still
  // there, else the first one rendered (a filter can replace every row).
  useEffect(() => {
    const table = ref.current;
    if (!table) return;
    const stops = [...table.querySelectorAll<HTMLElement>('[tabindex="0"]')];
    const active = document.activeElement instanceof HTMLElement && table.contains(document.activeElement) ? document.activeElement : null;
    const keep = active ?? stops.find((s) => s.closest("tbody")) ?? stops[0];
    if (keep) makeStop(keep);
    else {
      const body = [...table.tBodies].flatMap((b) => [...b.rows]).find((r) => r.cells.length > 1);
      const cell = body ? [...body.cells].find((c) => c.tagName === "TH") ?? body.cells[0] : null;
      if (cell) makeStop(targetOf(cell));
    }
  });

  const onFocus = useCallback(
    (e: FocusEvent<HTMLTableElement>) => {
      const table = ref.current;
      const cell = (e.target as HTMLElement).closest("td, th") as HTMLTableCellElement | null;
      // A click, a tap or the drawer handing focus back: that control becomes the stop.
      if (table && cell && cell.closest("table") === table && targetOf(cell) === e.target) makeStop(e.target as HTMLElement);
      if (!moving.current) wantColumn.current = null;
    },
    [makeStop],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLTableElement>) => {
      const table = ref.current;
      if (!table || e.altKey || e.metaKey || e.shiftKey) return;
      const cell = (e.target as HTMLElement).closest("td, th") as HTMLTableCellElement | null;
      if (!cell || cell.closest("table") !== table) return;
      const row = cell.parentElement as HTMLTableRowElement;
      const rows = rowsOf(table);
      const r = rows.indexOf(row);
      if (r < 0) return;
      const cells = shownCells(row);
      const c = cells.indexOf(cell);
      let next: HTMLTableCellElement | null | undefined;
      const toRow = (i: number) => {
        const target = rows[Math.max(0, Math.min(rows.length - 1, i))];
        return target ? cellNear(target, wantColumn.current ?? anchorOf(cell)) : null;
      };
      switch (e.key) {
        case "ArrowRight":
          next = cells[c + 1];
          break;
        case "ArrowLeft":
          next = c > 0 ? cells[c - 1] : undefined;
          break;
        case "ArrowDown":
          next = toRow(r + 1);
          break;
        case "ArrowUp":
          next = toRow(r - 1);
          break;
        case "PageDown":
          next = toRow(r + PAGE_ROWS);
          break;
        case "PageUp":
          next = toRow(r - PAGE_ROWS);
          break;
        case "Home":
          next = e.ctrlKey ? shownCells(rows[0])[0] : cells[0];
          break;
        case "End":
          next = e.ctrlKey ? shownCells(rows[rows.length - 1]).at(-1) : cells.at(-1);
          break;
        default:
          return;
      }
      if (e.ctrlKey && e.key !== "Home" && e.key !== "End") return;
      // Arrow keys never scroll the page while focus is in the grid, even at its edges.
      e.preventDefault();
      if (!next) return;
      const vertical = e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "PageDown" || e.key === "PageUp";
      wantColumn.current = vertical ? (wantColumn.current ?? anchorOf(cell)) : anchorOf(next);
      const target = targetOf(next);
      makeStop(target);
      moving.current = true;
      target.focus({ preventScroll: true });
      moving.current = false;
      revealBelowStickyHeaders(target, table);
    },
    [makeStop],
  );

  return { ref, onKeyDown, onFocus };
}
