interface ProgressBarProps {
  label: string;
  value: number;
  max?: number;
  /** Text for screen readers, e.g. "12 of 40 repositories". */
  valueText?: string;
  tone?: "accent" | "emerald" | "amber" | "rose" | "slate";
  className?: string;
  size?: "sm" | "md";
}

const tones = {
  accent: "bg-indigo-600 dark:bg-indigo-400",
  emerald: "bg-emerald-600 dark:bg-emerald-500",
  amber: "bg-amber-500 dark:bg-amber-400",
  rose: "bg-rose-600 dark:bg-rose-500",
  slate: "bg-slate-500",
};

export function ProgressBar({ label, value, max = 100, valueText, tone = "accent", className = "", size = "md" }: ProgressBarProps) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
      className={`overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800 ${size === "sm" ? "h-1.5" : "h-2.5"} ${className}`}
    >
      <div className={`h-full rounded-full transition-[width] duration-500 ${tones[tone]}`} style={{ width: `${pct}%` }} />
    </div>
  );
}
