import type { CellState } from "@/lib/api-types";

export const CELL_STATES: Record<CellState, { label: string; short: string; className: string; description: string }> = {
  present: {
    label: "present",
    short: "Yes",
    className: "ag-state-present",
    description: "Every tracked tag publishes this architecture.",
  },
  partial: {
    label: "partial",
    short: "Partial",
    className: "ag-state-partial",
    description: "Only some tags have it.",
  },
  "separate-image": {
    label: "separate image",
    short: "Separate",
    className: "ag-state-separate-image",
    description: "Available only as an arch-prefixed image (e.g. arm64v8/name), not under this name.",
  },
  mismatch: {
    label: "index/image mismatch",
    short: "Mismatch",
    className: "ag-state-missing",
    description: "The index names this architecture, but the image behind that entry is built for another one: a pull here gets an image that cannot run, so it counts as missing.",
  },
  missing: {
    label: "missing",
    short: "No",
    className: "ag-state-missing",
    description: "No tracked tag publishes this architecture.",
  },
  unknown: {
    label: "unknown",
    short: "Unknown",
    className: "ag-state-unknown",
    description: "Not scanned yet, or the last scan failed.",
  },
};

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
