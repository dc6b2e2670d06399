"use client";

import Link from "next/link";
import { useEffect } from "react";
import type { ApiRepository } from "@/lib/api-types";
import { repositoriesCount } from "@/components/scans/scan-names";
import { ScanProgress } from "@/components/scans/scan-progress";
import { isActive, useInvalidateScanResults, useScanQuery, useStartScanMutation } from "@/components/scans/use-scans";
import { buttonClass } from "@/components/ui/button";
import { gridHrefFor } from "./grid-link";
import { ScanResults } from "./scan-results";

type Added = Pick<ApiRepository, "id" | "reference">;

const linkClass = "font-medium text-indigo-700 underline dark:text-indigo-400";

/** Offered right after adding: scan just what was added, follow it here, then go see the results. */
export function ScanNow({ repositories }: { repositories: Added[] }) {
  const start = useStartScanMutation();
  const progress = useScanQuery(start.data?.scan.id);
  const scan = progress.data?.scan ?? start.data?.scan;
  const finished = Boolean(scan && !isActive(scan));
  const invalidate = useInvalidateScanResults();

  // The statuses below and every other view are stale once the scan has written its results.
  useEffect(() => {
    if (finished) invalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished]);

  if (repositories.length === 0) return null;

  if (!scan) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass("primary")} disabled={start.isPending} onClick={() => start.mutate(repositories.map((r) => r.id))}>
          {start.isPending ? "Starting…" : "Scan now"}
        </button>
        {start.error ? (
          <span role="alert" className="text-sm text-rose-700 dark:text-rose-400">
            Could not start the scan: {start.error.message}
          </span>
        ) : null}
      </div>
    );
  }

  const subject = repositories.length === 1 ? repositories[0].reference : repositoriesCount(repositories.length);
  return (
    <div className="space-y-3 border-t border-black/5 pt-3 dark:border-white/10">
      <ScanProgress scan={scan} subject={subject} />
      {progress.error ? (
        <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
          Could not read the scan&apos;s progress: {progress.error.message}
        </p>
      ) : null}
      {finished ? <ScanResults repositories={repositories} /> : null}
      <p>
        <Link href={gridHrefFor(repositories.map((r) => r.reference))} className={linkClass}>
          {finished ? "See the results in the grid" : "Watch the results in the grid"}
        </Link>
        <span className="text-slate-600 dark:text-slate-400"> · </span>
        <Link href="/scans" className={linkClass}>All scans</Link>
      </p>
    </div>
  );
}
