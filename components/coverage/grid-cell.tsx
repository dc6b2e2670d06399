import type { ApiCell } from "@/lib/api-types";
import { windowsVersionLabel } from "@/components/ui/format";
import { CELL_STATES, CellIcon } from "./cell-state";

/** What a cell shows under its state: arm variants, Windows releases, or the sibling image. */
export function cellDetail(cell: ApiCell): string {
  if (cell.osVersions.length) {
    return cell.osVersions
      .map((v) => windowsVersionLabel(v).replace(/ \(.*\)$/, "").replace("Server ", ""))
      .join(" ");
  }
  if (cell.variants.length) return cell.variants.join(" ");
  return "";
}

export function cellTitle(column: string, cell: ApiCell): string {
  const parts = [`${column}: ${CELL_STATES[cell.state].label}`];
  if (cell.variants.length) parts.push(`variants ${cell.variants.join(", ")}`);
  if (cell.osVersions.length) parts.push(cell.osVersions.map(windowsVersionLabel).join(", "));
  if (cell.siblings?.length) parts.push(`available as ${cell.siblings.map((s) => s.reference).join(", ")}`);
  parts.push(...cell.notes);
  return parts.join(" — ");
}

export function GridCellButton({
  column,
  cell,
  onOpen,
}: {
  column: string;
  cell: ApiCell;
  onOpen: (el: HTMLButtonElement) => void;
}) {
  const meta = CELL_STATES[cell.state];
  const detail = cellDetail(cell);
  return (
    <button
      type="button"
      aria-label={`${column}: ${meta.label}`}
      aria-haspopup="dialog"
      title={cellTitle(column, cell)}
      onClick={(e) => onOpen(e.currentTarget)}
      className={`flex h-full min-h-9 w-full items-center gap-1.5 rounded px-2 py-1 text-left text-xs font-medium ring-1 ring-inset transition hover:brightness-95 dark:hover:brightness-125 ${meta.className}`}
    >
      <CellIcon state={cell.state} />
      <span className="truncate">
        {meta.short}
        {detail ? <span className="ml-1 font-normal opacity-80">{detail}</span> : null}
        {cell.notes.length && cell.state !== "present" ? <span aria-hidden="true" className="ml-0.5 align-super text-[9px]">*</span> : null}
      </span>
    </button>
  );
}
