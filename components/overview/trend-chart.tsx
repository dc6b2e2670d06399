import type { TrendPoint } from "@/lib/api-types";
import { absoluteTime, shortDate } from "@/components/ui/format";

// Distinct hue AND dash pattern per series, plus a label at the line's end: never colour alone.
const SERIES = [
  { stroke: "stroke-indigo-600 dark:stroke-indigo-400", fill: "fill-indigo-600 dark:fill-indigo-400", dash: undefined },
  { stroke: "stroke-emerald-600 dark:stroke-emerald-400", fill: "fill-emerald-600 dark:fill-emerald-400", dash: "6 3" },
  { stroke: "stroke-amber-500 dark:stroke-amber-300", fill: "fill-amber-600 dark:fill-amber-300", dash: "2 3" },
  { stroke: "stroke-rose-600 dark:stroke-rose-400", fill: "fill-rose-600 dark:fill-rose-400", dash: "8 3 2 3" },
  { stroke: "stroke-sky-600 dark:stroke-sky-400", fill: "fill-sky-600 dark:fill-sky-400", dash: "1 2" },
  { stroke: "stroke-fuchsia-600 dark:stroke-fuchsia-400", fill: "fill-fuchsia-600 dark:fill-fuchsia-400", dash: "10 4" },
  { stroke: "stroke-teal-600 dark:stroke-teal-400", fill: "fill-teal-600 dark:fill-teal-400", dash: "4 2" },
  { stroke: "stroke-slate-600 dark:stroke-slate-300", fill: "fill-slate-600 dark:fill-slate-300", dash: "3 3" },
];

const W = 640;
const H = 220;
const PAD = { left: 36, right: 84, top: 12, bottom: 26 };

export function TrendChart({ points, columns }: { points: TrendPoint[]; columns: string[] }) {
  if (points.length < 2) {
    return (
      <p className="py-8 text-center text-sm text-slate-500 dark:text-slate-400">
        Not enough history yet: the chart fills in as scans record changes on different days.
      </p>
    );
  }
  const times = points.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => PAD.left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (pct: number) => PAD.top + (1 - pct / 100) * (H - PAD.top - PAD.bottom);
  const fmt = (t: number) => shortDate(t).replace(/, \d{4}$/, "");
  const last = points[points.length - 1];

  // Spread end labels so they do not overlap.
  const ends = columns
    .map((c, i) => ({ c, i, y: y(last.columns[c] ?? 0) }))
    .sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) if (ends[k].y - ends[k - 1].y < 12) ends[k].y = ends[k - 1].y + 12;

  const summary = columns.map((c) => `${c} ${Math.round(last.columns[c] ?? 0)}%`).join(", ");

  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-label={`Coverage trend from ${fmt(t0)} to ${fmt(t1)}; latest: ${summary}`}
      >
        {[0, 25, 50, 75, 100].map((g) => (
          <g key={g}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(g)} y2={y(g)} className="stroke-slate-200 dark:stroke-slate-800" strokeWidth="1" />
            <text x={PAD.left - 6} y={y(g) + 3.5} textAnchor="end" className="fill-slate-500 text-[10px] dark:fill-slate-400">
              {g}%
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 6} className="fill-slate-500 text-[10px] dark:fill-slate-400">{fmt(t0)}</text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="fill-slate-500 text-[10px] dark:fill-slate-400">{fmt(t1)}</text>
        {columns.map((c, i) => {
          const s = SERIES[i % SERIES.length];
          const d = points.map((p, k) => `${k ? "L" : "M"}${x(times[k]).toFixed(1)},${y(p.columns[c] ?? 0).toFixed(1)}`).join("");
          return <path key={c} d={d} fill="none" strokeWidth="2" strokeDasharray={s.dash} strokeLinejoin="round" className={s.stroke} />;
        })}
        {ends.map(({ c, i, y: ly }) => {
          const s = SERIES[i % SERIES.length];
          return (
            <text key={c} x={W - PAD.right + 6} y={ly + 3.5} className={`${s.fill} text-[10px] font-medium`}>
              {c} {Math.round(last.columns[c] ?? 0)}%
            </text>
          );
        })}
      </svg>
      <details className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        <summary className="w-fit">Show trend data as a table</summary>
        <div className="mt-2 max-h-48 overflow-auto">
          <table className="w-full text-left tabular">
            <caption className="sr-only">Coverage per architecture over time</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-3 font-medium">Date</th>
                {columns.map((c) => (
                  <th key={c} scope="col" className="pr-3 font-medium">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.at}>
                  <th scope="row" className="pr-3 font-normal">{absoluteTime(p.at)}</th>
                  {columns.map((c) => (
                    <td key={c} className="pr-3">{Math.round(p.columns[c] ?? 0)}%</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
