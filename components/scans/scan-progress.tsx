import type { ApiScan } from "@/lib/api-types";
import { ProgressBar } from "@/components/ui/progress-bar";
import { scanCounts, scanOutcome } from "./scan-names";
import { isActive } from "./use-scans";

function tone(scan: ApiScan) {
  if (scan.status === "failed" || (scan.failed > 0 && scan.failed >= scan.total)) return "rose" as const;
  if (scan.failed > 0 || scan.status === "interrupted") return "amber" as const;
  if (scan.status === "cancelled") return "slate" as const;
  return isActive(scan) ? ("accent" as const) : ("emerald" as const);
}

/**
 * One scan's live progress, named by what it scans ("Scanning 3 repositories", then "Scanned …").
 * The counts update silently; only the outcome sentence is announced, once, when the scan ends.
 */
export function ScanProgress({ scan, subject }: { scan: ApiScan; subject: string }) {
  const active = isActive(scan);
  const label = `${active ? "Scanning" : "Scanned"} ${subject}`;
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <span className="break-all font-medium">{label}</span>
        <span aria-live="off" className="tabular text-xs text-slate-600 dark:text-slate-400">
          {scanCounts(scan)}
        </span>
      </div>
      <ProgressBar label={label} value={scan.done} max={Math.max(scan.total, 1)} valueText={scanCounts(scan)} tone={tone(scan)} />
      <p role="status" className={active ? "text-xs text-slate-600 dark:text-slate-400" : "font-medium"}>
        {scan.status === "queued" || !active ? scanOutcome(scan) : null}
      </p>
    </div>
  );
}
