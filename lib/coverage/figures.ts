// Figures that cannot mislead: percentages are over the repositories actually scanned and always
// travel with "N of M scanned"; bar widths are over every watched repository, so 1 scanned out of
// 34 draws a sliver of green and 33 parts "not scanned", never a full green bar.

export interface ColumnCounts {
  /** Repositories where every tracked tag has it. */
  complete: number;
  /** Where only some tags have it. */
  partial: number;
  /** Where no tag has it (mismatch and separate-image included). */
  missing: number;
  /** Not scanned yet or failed. */
  unknown: number;
  /** Lacking it, with an active waiver: scanned, not a gap. */
  waived?: number;
  /** false: an informational column, whose "missing" are not gaps and are worded so. */
  required?: boolean;
}

export interface ColumnFigures {
  /** Share of scanned repositories with it in every tag, 0..100 (rounded). */
  completePercent: number;
  /** Share of scanned repositories with it in some tags only, 0..100 (rounded). */
  partialPercent: number;
  scanned: number;
  total: number;
  /** Bar segments as shares of every watched repository (sum 100 when total > 0). */
  bar: { complete: number; partial: number; missing: number; unscanned: number; waived: number };
  /** "62% in every tag, 30% in some tags · 12 of 34 scanned"; no percentage at all when nothing is scanned. */
  sentence: string;
}

/** "12 of 34 scanned"; "all 34 scanned" when nothing is left out. */
export function scannedNote(scanned: number, total: number): string {
  return scanned === total ? `all ${total} scanned` : `${scanned} of ${total} scanned`;
}

const share = (n: number, of: number) => (of > 0 ? (n / of) * 100 : 0);

export function columnFigures(c: ColumnCounts): ColumnFigures {
  const waived = c.waived ?? 0;
  const total = c.complete + c.partial + c.missing + c.unknown + waived;
  const scanned = total - c.unknown;
  const completePercent = Math.round(share(c.complete, scanned));
  // Rounded from the sum so the two figures never add up past what "any tag" would say.
  const partialPercent = Math.max(0, Math.round(share(c.complete + c.partial, scanned)) - completePercent);
  const note = scannedNote(scanned, total);
  const parts: string[] = [];
  if (scanned > 0) {
    parts.push(`${completePercent}% in every tag`);
    if (partialPercent > 0) parts.push(`${partialPercent}% in some tags`);
    if (c.missing > 0) parts.push(c.required === false ? `${c.missing} without it (informational)` : `${c.missing} missing`);
    if (waived > 0) parts.push(`${waived} waived`);
  }
  return {
    completePercent,
    partialPercent,
    scanned,
    total,
    bar: { complete: share(c.complete, total), partial: share(c.partial, total), missing: share(c.missing, total), unscanned: share(c.unknown, total), waived: share(waived, total) },
    sentence: scanned > 0 ? `${parts.join(", ")} · ${note}` : `nothing scanned yet · ${note}`,
  };
}
