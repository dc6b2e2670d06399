"use client";

import Link from "next/link";
import { useStartScanMutation } from "@/components/scans/use-scans";
import { buttonClass } from "@/components/ui/button";

/** Offered right after adding: scan just what was added. */
export function ScanNow({ repositoryIds }: { repositoryIds: string[] }) {
  const start = useStartScanMutation();
  if (repositoryIds.length === 0) return null;
  if (start.isSuccess) {
    return (
      <p role="status" className="text-sm">
        Scan started.{" "}
        <Link href="/grid" className="font-medium text-indigo-700 underline dark:text-indigo-400">
          Watch the results in the grid
        </Link>
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className={buttonClass("primary")} disabled={start.isPending} onClick={() => start.mutate(repositoryIds)}>
        {start.isPending ? "Starting…" : "Scan now"}
      </button>
      {start.error ? (
        <span role="alert" className="text-sm text-rose-700 dark:text-rose-400">{start.error.message}</span>
      ) : null}
    </div>
  );
}
