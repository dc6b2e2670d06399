import type { ApiChangeEvent } from "@/lib/api-types";
import { absoluteTime, relativeTime } from "@/components/ui/format";

const KIND_TEXT: Record<ApiChangeEvent["kind"], string> = {
  "new-tag": "first seen",
  changed: "platforms changed",
  "removed-tag": "tag removed",
};

export function HistoryTimeline({ events }: { events: ApiChangeEvent[] }) {
  if (events.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No platform changes recorded yet. Each scan that finds added or removed platforms adds an entry here.</p>;
  }
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5 dark:border-slate-800" aria-label="Platform change history">
      {events.map((e) => (
        <li key={e.id} className="relative">
          <span
            aria-hidden="true"
            className={`absolute -left-[1.6rem] top-1 size-3 rounded-full ring-4 ring-white dark:ring-slate-900 ${
              e.regression ? "bg-rose-500" : e.added.length ? "bg-emerald-500" : "bg-slate-400"
            }`}
          />
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
            <span className="font-mono font-medium">{e.tag}</span>
            <span className="text-slate-600 dark:text-slate-400">{KIND_TEXT[e.kind]}</span>
            {e.regression ? (
              <span className="rounded bg-rose-50 px-1.5 py-0.5 text-xs font-semibold text-rose-800 ring-1 ring-inset ring-rose-600/20 dark:bg-rose-950/50 dark:text-rose-300">
                ⚠ Regression
              </span>
            ) : null}
            <time dateTime={e.at} title={absoluteTime(e.at)} className="text-xs text-slate-500 dark:text-slate-400">
              {relativeTime(e.at)}
            </time>
          </div>
          <div className="mt-1 flex flex-wrap gap-1">
            {e.added.map((p) => (
              <span key={`+${p}`} className="rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-xs text-emerald-800 ring-1 ring-inset ring-emerald-600/20 dark:bg-emerald-950/50 dark:text-emerald-300">
                <span className="sr-only">added </span>+ {p}
              </span>
            ))}
            {e.removed.map((p) => (
              <span key={`-${p}`} className="rounded bg-rose-50 px-1.5 py-0.5 font-mono text-xs text-rose-800 ring-1 ring-inset ring-rose-600/20 dark:bg-rose-950/50 dark:text-rose-300">
                <span className="sr-only">removed </span>− {p}
              </span>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}
