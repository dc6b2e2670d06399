import type { ScanStatus } from "@/lib/api-types";

const STYLES: Record<ScanStatus, { label: string; className: string; icon: string }> = {
  queued: { label: "Queued", className: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300", icon: "…" },
  running: { label: "Running", className: "bg-indigo-50 text-indigo-800 dark:bg-indigo-950/60 dark:text-indigo-300", icon: "↻" },
  succeeded: { label: "Succeeded", className: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300", icon: "✓" },
  partial: { label: "Partly failed", className: "bg-amber-50 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200", icon: "!" },
  failed: { label: "Failed", className: "bg-rose-50 text-rose-800 dark:bg-rose-950/50 dark:text-rose-300", icon: "✕" },
  interrupted: { label: "Interrupted", className: "bg-amber-50 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200", icon: "‖" },
  cancelled: { label: "Cancelled", className: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300", icon: "⊘" },
};

export function ScanStatusBadge({ status }: { status: ScanStatus }) {
  const s = STYLES[status] ?? STYLES.queued;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${s.className}`}>
      <span aria-hidden="true">{s.icon}</span>
      {s.label}
    </span>
  );
}
