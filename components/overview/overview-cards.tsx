"use client";

// The overview's secondary cards: trend, latest regressions, scan status, registry rate limits.
import Link from "next/link";
import { useEventsQuery, useRegistriesQuery, useTrendQuery } from "@/components/coverage/use-coverage";
import { isActive, useScansQuery } from "@/components/scans/use-scans";
import { ScanStatusBadge } from "@/components/scans/scan-status-badge";
import { overviewScan } from "./last-full-scan";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ErrorNote } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";
import { absoluteTime, relativeTime } from "@/components/ui/format";
import { TrendChart } from "./trend-chart";

export function Trend({ columns }: { columns: string[] }) {
  const trend = useTrendQuery(columns);
  if (trend.isPending) return <Skeleton className="h-48" />;
  if (trend.error) return <ErrorNote error={trend.error} />;
  return <TrendChart points={trend.data.points} columns={columns} />;
}

export function Regressions() {
  const events = useEventsQuery({ limit: 8, regression: true });
  if (events.isPending) return <Skeleton className="h-32" />;
  if (events.error) return <ErrorNote error={events.error} />;
  if (events.data.events.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No regressions: no tag has lost an architecture since archgrid started watching.</p>;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {events.data.events.map((e) => (
        <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 first:pt-0 last:pb-0">
          <div className="min-w-0">
            {/* A reference has no space to wrap at: on a phone it breaks anywhere rather than widen the page. */}
            <Link href={`/repositories/${e.repositoryId}`} className="font-medium [overflow-wrap:anywhere] hover:underline">
              {e.reference ?? e.repositoryId}:{e.tag}
            </Link>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {e.kind === "removed-tag" ? "tag removed" : "lost"}{" "}
              {e.removed.map((p) => (
                <span key={p} className="mr-1 inline-flex items-center rounded bg-rose-50 px-1.5 font-mono text-xs text-rose-800 ring-1 ring-inset ring-rose-600/20 dark:bg-rose-950/50 dark:text-rose-300">
                  − {p}
                </span>
              ))}
              {e.added.length > 0 ? (
                <>
                  gained{" "}
                  {e.added.map((p) => (
                    <span key={p} className="mr-1 inline-flex items-center rounded bg-emerald-50 px-1.5 font-mono text-xs text-emerald-800 ring-1 ring-inset ring-emerald-600/20 dark:bg-emerald-950/50 dark:text-emerald-300">
                      + {p}
                    </span>
                  ))}
                </>
              ) : null}
            </p>
          </div>
          <time dateTime={e.at} title={absoluteTime(e.at)} className="shrink-0 text-xs text-slate-500 dark:text-slate-400">
            {relativeTime(e.at)}
          </time>
        </li>
      ))}
    </ul>
  );
}

export function ScanStatusCard() {
  // 50 like the scans page (one shared cache entry), so a full scan is found behind many single-repository rescans.
  const scans = useScansQuery(50);
  if (scans.isPending) return <Skeleton className="h-16" />;
  if (scans.error) return <ErrorNote error={scans.error} />;
  const picked = overviewScan(scans.data.scans);
  const latest = picked?.scan;
  if (!latest) return <p className="text-sm text-slate-600 dark:text-slate-400">No scan has run yet. Press “Scan all” at the top.</p>;
  const finished = latest.done; // done counts failed jobs too
  if (latest.total === 0 && !isActive(latest)) {
    // A scan of nothing "succeeds"; saying so would suggest everything was checked.
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The last scan had nothing to scan: no repositories were watched. <Link href="/repositories/new" className="font-medium text-indigo-700 underline dark:text-indigo-400">Add repositories</Link>, then scan.
      </p>
    );
  }
  return (
    <div className="space-y-2 text-sm">
      <div className="flex items-center justify-between">
        <ScanStatusBadge status={latest.status} />
        <span className="text-xs text-slate-500 dark:text-slate-400" title={absoluteTime(latest.finishedAt ?? latest.startedAt ?? latest.createdAt)}>
          {isActive(latest) ? "started " + relativeTime(latest.startedAt ?? latest.createdAt) : "finished " + relativeTime(latest.finishedAt ?? latest.createdAt)}
        </span>
      </div>
      <ProgressBar label="Latest scan progress" value={finished} max={Math.max(latest.total, 1)} valueText={`${finished} of ${latest.total}`} tone={latest.failed ? "amber" : "accent"} />
      <p className="tabular text-slate-600 dark:text-slate-400">
        {picked.full ? "Last full scan: " : "Last scan: "}
        {latest.done} of {latest.total} repositories scanned
        {latest.failed ? (
          <>
            , <Link href={`/scans/${latest.id}`} className="font-medium text-indigo-700 underline dark:text-indigo-400">{latest.failed} failed</Link>
          </>
        ) : null}
        {" · "}
        <Link href={`/scans/${latest.id}`} className="underline">Open this scan</Link>
      </p>
    </div>
  );
}

export function RateLimits() {
  const registries = useRegistriesQuery();
  if (registries.isPending) return <Skeleton className="h-16" />;
  if (registries.error) return <ErrorNote error={registries.error} />;
  if (registries.data.registries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No registries yet.</p>;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Registry rate limits</caption>
      <thead>
        <tr className="text-left text-xs text-slate-500 dark:text-slate-400">
          <th scope="col" className="pb-1 font-medium">Registry</th>
          <th scope="col" className="pb-1 text-right font-medium">Repos</th>
          <th scope="col" className="pb-1 text-right font-medium">Pulls left</th>
        </tr>
      </thead>
      <tbody className="tabular">
        {registries.data.registries.map((r) => {
          const rl = r.rateLimit;
          const known = rl && rl.remaining != null && rl.limit != null;
          const low = known && rl!.limit! > 0 && rl!.remaining! / rl!.limit! < 0.1;
          return (
            <tr key={r.host} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="max-w-40 truncate py-1.5 text-left font-mono text-xs font-normal" title={r.host}>{r.host}</th>
              <td className="py-1.5 text-right">{r.repositories}</td>
              <td className={`py-1.5 text-right ${low ? "font-semibold text-rose-700 dark:text-rose-400" : ""}`} title={rl?.at ? `as of ${absoluteTime(rl.at)}` : undefined}>
                {known ? `${rl!.remaining} / ${rl!.limit}` : "no limit reported"}
                {known && rl!.windowSeconds ? <span className="text-xs text-slate-500 dark:text-slate-400"> per {Math.round(rl!.windowSeconds / 3600)}h</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
