"use client";

import type { ApiScan } from "@/lib/api-types";
import { formatDuration, scanCounts, scanDuration, scanTitle } from "./scan-names";
import Link from "next/link";
import { ScanStatusBadge } from "./scan-status-badge";
import { isActive, useCancelScanMutation, useScansQuery } from "./use-scans";
import { buttonClass, cardClass } from "@/components/ui/button";
import { absoluteTime, relativeTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ErrorNote } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";

/** Finished: how long it took; running: how long so far, as of the last poll. */
function durationText(s: ApiScan): string {
  const took = scanDuration(s);
  if (took) return took;
  if (isActive(s) && s.startedAt) return `${formatDuration(Date.now() - Date.parse(s.startedAt))} so far`;
  return "—";
}

export function ScansList() {
  const scans = useScansQuery(50);
  const cancel = useCancelScanMutation();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Scans</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every scan reads each watched tag&apos;s manifest (a HEAD request when nothing changed). Scheduled rescans appear here too.
        </p>
      </div>
      {scans.isPending ? (
        <Skeleton className="h-64" />
      ) : scans.error ? (
        <ErrorNote error={scans.error} />
      ) : scans.data.scans.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No scans yet. Press “Scan all” at the top of the page.</p>
      ) : (
        // Below 48rem each scan is a small card (name and status on top, then when, progress,
        // failures, duration): seven columns at 390 px pushed the status out of sight.
        <div className={`${cardClass} md:overflow-x-auto`}>
          <table className="w-full text-sm max-md:block">
            <caption className="sr-only">Recent scans</caption>
            <thead className="max-md:sr-only">
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
                <th scope="col" className="px-4 py-2 font-semibold">Scan</th>
                <th scope="col" className="px-4 py-2 font-semibold">Started</th>
                <th scope="col" className="px-4 py-2 font-semibold">Status</th>
                <th scope="col" className="px-4 py-2 font-semibold">Progress</th>
                <th scope="col" className="px-4 py-2 font-semibold">Failed</th>
                <th scope="col" className="px-4 py-2 font-semibold">Duration</th>
                <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="tabular max-md:block">
              {scans.data.scans.map((s) => {
                const finished = s.done; // done counts failed jobs too
                const started = s.startedAt ?? s.createdAt;
                const title = scanTitle(s);
                return (
                  <tr key={s.id} className="border-b border-slate-100 last:border-0 max-md:grid max-md:grid-cols-[1fr_auto] max-md:items-center max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-4 max-md:py-3 dark:border-slate-800">
                    <th scope="row" className="px-4 py-2 text-left font-normal max-md:p-0">
                      <Link href={`/scans/${s.id}`} className="block font-medium underline">{title}</Link>
                      <span className="block font-mono text-xs break-all text-slate-500 dark:text-slate-400">{s.id}</span>
                    </th>
                    <td className="whitespace-nowrap px-4 py-2 max-md:col-start-1 max-md:row-start-2 max-md:p-0 max-md:text-xs max-md:text-slate-600 dark:max-md:text-slate-400">
                      <span className="md:hidden">Started </span>
                      <time dateTime={started ?? undefined} title={absoluteTime(started)}>{relativeTime(started)}</time>
                    </td>
                    <td className="px-4 py-2 max-md:col-start-2 max-md:row-start-1 max-md:self-start max-md:p-0"><ScanStatusBadge status={s.status} /></td>
                    <td className="px-4 py-2 max-md:col-span-2 max-md:p-0">
                      <div className="flex items-center gap-2">
                        <ProgressBar
                          label={`${title}, started ${relativeTime(started)}`}
                          value={finished}
                          max={Math.max(s.total, 1)}
                          valueText={scanCounts(s)}
                          size="sm"
                          className="w-24"
                          tone={s.failed ? "amber" : "accent"}
                        />
                        <span className="text-xs text-slate-600 dark:text-slate-400">{finished}/{s.total}</span>
                      </div>
                    </td>
                    <td className={`px-4 py-2 max-md:col-start-2 max-md:row-start-2 max-md:p-0 max-md:text-right max-md:text-xs ${s.failed ? "" : "max-md:hidden"}`}>
                      {/* The failed count opens the scan, where the failed repositories come first with their errors. */}
                      {s.failed ? <Link href={`/scans/${s.id}`} className="underline" aria-label={`${s.failed} failed: see which`}>{s.failed}<span className="md:hidden"> failed</span></Link> : "—"}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 max-md:p-0 max-md:text-xs max-md:text-slate-600 dark:max-md:text-slate-400">
                      <span className="md:hidden">Took </span>
                      {durationText(s)}
                    </td>
                    <td className={`px-4 py-2 text-right max-md:p-0 ${isActive(s) ? "" : "max-md:hidden"}`}>
                      {isActive(s) ? (
                        <button type="button" className={buttonClass("ghost", "sm")} onClick={() => cancel.mutate(s.id)} aria-label={`Cancel ${title}`}>
                          Cancel
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
