"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import { buttonClass } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { scanTitle } from "./scan-names";
import { useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import { currentScan } from "./current-scan";
import { isActive, useCancelScanMutation, useInvalidateScanResults, useScanQuery, useScansQuery, useStartScanMutation } from "./use-scans";

/** The header's "Scan all" button, replaced by a live progress bar while any scan runs. */
export function ScanControl() {
  const scans = useScansQuery(5);
  const start = useStartScanMutation();
  const cancel = useCancelScanMutation();
  const invalidate = useInvalidateScanResults();
  const hydrated = useHydrated();
  // The list says which scan is current; that scan's own record (polled every second while it
  // runs) says how far it is and when it ends, so the header never outlives the scan it shows.
  const listed = currentScan(scans.data?.scans);
  const own = useScanQuery(listed?.id);
  const fresh = own.data?.scan.id === listed?.id ? own.data?.scan : undefined;
  const current = fresh ?? listed;
  const ended = Boolean(fresh && !isActive(fresh));
  const running = Boolean(current) && !ended;
  const qc = useQueryClient();
  // Finished: read the list again for the next scan in line (or none) at once, not in 15 s.
  useEffect(() => {
    if (ended) void qc.invalidateQueries({ queryKey: queryKeys.scans.all() });
  }, [ended, fresh?.id, qc]);

  // Refresh the data views as results arrive (throttled) and once more when the scan ends.
  const wasRunning = useRef(false);
  const lastRefresh = useRef(0);
  const done = current?.done ?? 0;
  useEffect(() => {
    if (running && Date.now() - lastRefresh.current > 3000 && done > 0) {
      lastRefresh.current = Date.now();
      invalidate();
    }
    if (!running && wasRunning.current) invalidate();
    wasRunning.current = running;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running, done]);

  if (current && running) {
    const finished = current.done; // done counts failed jobs too
    return (
      <div className="flex items-center gap-3" aria-live="polite">
        <Link href="/scans" className="hidden text-xs text-slate-600 tabular hover:underline sm:inline dark:text-slate-400">
          {current.status === "queued" ? "Scan queued" : `Scanning ${finished}/${current.total}`}
          {current.failed > 0 ? ` · ${current.failed} failed` : ""}
        </Link>
        <ProgressBar
          label={scanTitle(current)}
          value={finished}
          max={Math.max(current.total, 1)}
          valueText={`${finished} of ${current.total} repositories scanned`}
          className="w-28 sm:w-40"
        />
        <button
          type="button"
          className={buttonClass("ghost", "sm")}
          onClick={() => cancel.mutate(current.id)}
          disabled={cancel.isPending}
        >
          Cancel scan
        </button>
      </div>
    );
  }

  return (
    <div className="flex items-center gap-2">
      {start.data?.scan.total === 0 && !start.isPending ? (
        <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
          Nothing to scan: <Link href="/repositories/new" className="underline">add repositories</Link> first.
        </span>
      ) : null}
      {start.error ? (
        <span role="alert" className="max-w-56 truncate text-xs text-rose-700 dark:text-rose-400" title={start.error.message}>
          {start.error.message}
        </span>
      ) : null}
      <button
        type="button"
        className={buttonClass("primary", "sm")}
        onClick={() => start.mutate(undefined)}
        disabled={start.isPending || !hydrated}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round"><path d="M13.5 8A5.5 5.5 0 114 3.9" /><path d="M4.5 1.5v3h-3" /></svg>
        {start.isPending ? "Starting…" : "Scan all"}
      </button>
    </div>
  );
}
