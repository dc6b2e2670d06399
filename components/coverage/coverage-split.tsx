// How much of the org covers one architecture, as a figure and a two-part bar: in every tag
// (green) and only in some tags (amber). Used by the grid's header and the overview.
import type { ApiColumnSummary } from "@/lib/api-types";

export interface CoverageSplit {
  /** % of scanned repositories with the architecture in every tracked tag. */
  complete: number;
  /** % where only some tags have it (or the index and config disagree). */
  partial: number;
}

export function coverageSplit(s: ApiColumnSummary): CoverageSplit {
  const complete = Math.round(s.completePercent ?? s.percent);
  // The remainder of `percent` (any tag) is the partial share; rounding never makes it negative.
  const partial = Math.max(0, Math.round(s.percent) - complete);
  return { complete, partial };
}

/** "62% in every tag, 30% in some tags, 12 missing, 3 unknown". */
export function coverageSentence(s: ApiColumnSummary): string {
  const { complete, partial } = coverageSplit(s);
  const parts = [`${complete}% in every tag`];
  if (partial > 0) parts.push(`${partial}% in some tags`);
  if (s.missing > 0) parts.push(`${s.missing} missing`);
  if (s.unknown > 0) parts.push(`${s.unknown} unknown`);
  return parts.join(", ");
}

export function CoverageSplitBar({ split, className = "h-1" }: { split: CoverageSplit; className?: string }) {
  return (
    <div aria-hidden="true" className={`flex overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800 ${className}`}>
      <div className="h-full bg-emerald-500 dark:bg-emerald-500" style={{ width: `${split.complete}%` }} />
      <div className="h-full bg-amber-400 dark:bg-amber-400" style={{ width: `${split.partial}%` }} />
    </div>
  );
}
