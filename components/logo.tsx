/** The archgrid mark: a 3×3 coverage grid with one gap. */
export function LogoMark({ className = "size-6" }: { className?: string }) {
  const cells = [
    [0, 0, "fill-emerald-500"], [1, 0, "fill-emerald-500"], [2, 0, "fill-emerald-500"],
    [0, 1, "fill-emerald-500"], [1, 1, "fill-amber-400"], [2, 1, "fill-emerald-500"],
    [0, 2, "fill-emerald-500"], [1, 2, "fill-emerald-500"], [2, 2, "fill-rose-500"],
  ] as const;
  return (
    <svg viewBox="0 0 24 24" className={className} aria-hidden="true">
      <rect width="24" height="24" rx="5" className="fill-slate-900 dark:fill-slate-100" />
      {cells.map(([x, y, c]) => (
        <rect key={`${x}${y}`} x={4 + x * 5.7} y={4 + y * 5.7} width="4.6" height="4.6" rx="1" className={c} />
      ))}
    </svg>
  );
}
