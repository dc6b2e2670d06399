import type { ApiCell } from "@/lib/api-types";
import { windowsVersionLabel } from "@/components/ui/format";
import { CELL_STATES } from "./cell-state";

/** What a cell shows under its state: arm variants, Windows releases, or the sibling image. */
export function cellDetail(cell: ApiCell): string {
  if (cell.osVersions.length) {
    return cell.osVersions
      .map((v) => windowsVersionLabel(v).replace(/ \(.*\)$/, "").replace("Server ", ""))
      .join(" ");
  }
  if (cell.variants.length) return cell.variants.join(" ");
  // The gap is inherited: the image it is built FROM lacks this architecture too.
  if (cell.blockedByBase) return "by base";
  return "";
}

/** ", informational" for a column outside the required set: shown, never counted as a gap. */
export function informationalSuffix(cell: ApiCell): string {
  return cell.informational ? ", informational" : "";
}

export function cellTitle(column: string, cell: ApiCell): string {
  const parts = [`${column}: ${CELL_STATES[cell.state].label}${cell.informational ? " (informational: not required, never a gap)" : ""}`];
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
      // The name holds every word the cell shows, in order (WCAG 2.5.3 label in name: a speech
      // user says what they see, "present v7"): "arm: present, v7", "arm64: missing".
      // An informational column (not in the required set) says so last: "windows/amd64: missing, informational".
      aria-label={`${column}: ${meta.label}${detail ? `, ${detail}` : ""}${informationalSuffix(cell)}`}
      aria-haspopup="dialog"
      tabIndex={-1}
      title={cellTitle(column, cell)}
      onClick={(e) => onOpen(e.currentTarget)}
      className={`ag-cell ${meta.className}${cell.informational ? " ag-info" : ""}`}
    >
      {/* Shapes differ per state (check, half circle, arrow, cross, question mark): never colour alone. */}
      <span aria-hidden="true" className={`ag-icon ag-icon-${cell.state}`} />
      <span className="truncate">
        {/* Shown only in the phone list, where no column header stands above the chip. The space is
            text, not a margin, so the visible text reads "amd64 Missing" and stays inside the
            accessible name "amd64: missing" (axe label-content-name-mismatch, WCAG 2.5.3). */}
        <span className="ag-cell-col">{column} </span>
        {meta.short}
        {detail ? <> <span className="ag-cell-detail">{detail}</span></> : null}
        {cell.notes.length && cell.state !== "present" ? <span aria-hidden="true" className="ag-cell-note">*</span> : null}
      </span>
    </button>
  );
}
