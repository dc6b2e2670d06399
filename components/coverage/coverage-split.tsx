// How much of the org covers one architecture: a figure over the repositories actually scanned,
// always with "N of M scanned", and a bar over every watched repository (green every tag, amber
// some tags, rose missing, hatched not scanned) so a sliver scanned never draws a full green bar.
import type { ApiColumnSummary } from "@/lib/api-types";
import { columnFigures, type ColumnFigures } from "@/lib/coverage/figures";

export interface CoverageSplit extends ColumnFigures {
  /** % of scanned repositories with the architecture in every tracked tag. */
  complete: number;
  /** % of scanned repositories where only some tags have it. */
  partial: number;
}

export function coverageSplit(s: ApiColumnSummary): CoverageSplit {
  const f = columnFigures(s);
  return { ...f, complete: f.completePercent, partial: f.partialPercent };
}

/** "62% in every tag, 30% in some tags, 12 missing · 40 of 45 scanned". */
export function coverageSentence(s: ApiColumnSummary): string {
  return columnFigures(s).sentence;
}

const UNSCANNED_STYLE = { backgroundImage: "repeating-linear-gradient(135deg, transparent 0 3px, rgb(148 163 184 / 0.55) 3px 5px)" };

export function CoverageSplitBar({ split, className = "h-1" }: { split: CoverageSplit; className?: string }) {
  const { bar } = split;
  return (
    <div aria-hidden="true" data-bar-complete={bar.complete.toFixed(1)} className={`flex overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800 ${className}`}>
      <div className="h-full bg-emerald-500" style={{ width: `${bar.complete}%` }} />
      <div className="h-full bg-amber-400" style={{ width: `${bar.partial}%` }} />
      <div className="h-full bg-rose-400 dark:bg-rose-500" style={{ width: `${bar.missing}%` }} />
      <div className="h-full" style={{ width: `${bar.unscanned}%`, ...UNSCANNED_STYLE }} />
    </div>
  );
}
