import type { CellState } from "@/lib/api-types";
import { CELL_STATE_WORDS } from "@/lib/coverage/vocabulary";

const CLASS_NAMES: Record<CellState, string> = {
  present: "ag-state-present",
  partial: "ag-state-partial",
  "separate-image": "ag-state-separate-image",
  mismatch: "ag-state-missing",
  missing: "ag-state-missing",
  waived: "ag-state-waived",
  unknown: "ag-state-unknown",
};

/**
 * The words come from lib/coverage's one vocabulary (the exports use the same); `label` is what a
 * screen reader hears after the column ("arm64: missing"), `short` what the cell and badges show.
 */
export const CELL_STATES: Record<CellState, { label: string; short: string; className: string; description: string }> = Object.fromEntries(
  (Object.keys(CELL_STATE_WORDS) as CellState[]).map((s) => [
    s,
    { label: CELL_STATE_WORDS[s].label.toLowerCase(), short: CELL_STATE_WORDS[s].label, className: CLASS_NAMES[s], description: CELL_STATE_WORDS[s].description },
  ]),
) as Record<CellState, { label: string; short: string; className: string; description: string }>;

/** A distinct shape per state so the grid never relies on colour alone. */
export function CellIcon({ state, className = "size-3.5" }: { state: CellState; className?: string }) {
  const common = { "aria-hidden": true, viewBox: "0 0 16 16", className: `${className} shrink-0`, fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round" as const, strokeLinejoin: "round" as const };
  switch (state) {
    case "present":
      return (
        <svg {...common}>
          <path d="M3.5 8.5l3 3 6-7" />
        </svg>
      );
    case "partial":
      return (
        <svg {...common} strokeWidth={1.6}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="M8 2.5a5.5 5.5 0 010 11z" fill="currentColor" />
        </svg>
      );
    case "separate-image":
      return (
        <svg {...common} strokeWidth={1.6}>
          <rect x="2" y="4.5" width="7" height="7" rx="1.2" />
          <path d="M9.5 8h4.5M12 5.5L14.5 8 12 10.5" />
        </svg>
      );
    case "mismatch":
      return (
        <svg {...common} strokeWidth={1.6}>
          <path d="M8 2.5l6 11H2z" />
          <path d="M8 6.5v3.2" />
          <circle cx="8" cy="11.6" r=".5" fill="currentColor" />
        </svg>
      );
    case "missing":
      return (
        <svg {...common}>
          <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" />
        </svg>
      );
    case "waived":
      // A dashed circle: accepted, not published.
      return (
        <svg {...common} strokeWidth={1.6} strokeDasharray="2.2 2">
          <circle cx="8" cy="8" r="5.5" />
        </svg>
      );
    case "unknown":
      return (
        <svg {...common} strokeWidth={1.7}>
          <path d="M6 6.2a2.1 2.1 0 114 .8c-.5.8-2 1.2-2 2.4" />
          <circle cx="8" cy="12" r=".6" fill="currentColor" />
        </svg>
      );
  }
}

export function StateBadge({ state, children }: { state: CellState; children?: React.ReactNode }) {
  const meta = CELL_STATES[state];
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium ${meta.className}`}>
      <CellIcon state={state} />
      {children ?? meta.short}
    </span>
  );
}

export function StateLegend() {
  return (
    <ul aria-label="Legend" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
      {(Object.keys(CELL_STATES) as CellState[]).map((s) => (
        <li key={s} title={CELL_STATES[s].description}>
          <StateBadge state={s}>{CELL_STATES[s].label}</StateBadge>
        </li>
      ))}
    </ul>
  );
}
