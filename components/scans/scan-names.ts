// How a scan is named and summed up in words: by what started it and how many repositories it
// covers, never by its id, which nobody recognises.
import type { ApiScan } from "@/lib/api-types";

export function repositoriesCount(n: number): string {
  return `${n} ${n === 1 ? "repository" : "repositories"}`;
}

/** "Manual scan of 3 repositories", "Scheduled scan of 40 repositories", "Scan of all 40 repositories". */
export function scanTitle(scan: Pick<ApiScan, "trigger" | "total">): string {
  const count = repositoriesCount(scan.total);
  switch (scan.trigger) {
    case "manual":
      return `Manual scan of ${count}`;
    case "manual-all":
      return `Scan of all ${count}`;
    case "schedule":
    case "scheduled":
      return `Scheduled scan of ${count}`;
    default:
      return scan.trigger ? `Scan of ${count} (${scan.trigger})` : `Scan of ${count}`;
  }
}

/** "4s", "2m 05s", "1h 03m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** How long a finished scan took; null while it runs or when the times are unknown. */
export function scanDuration(scan: Pick<ApiScan, "startedAt" | "finishedAt">): string | null {
  if (!scan.startedAt || !scan.finishedAt) return null;
  return formatDuration(Date.parse(scan.finishedAt) - Date.parse(scan.startedAt));
}

/** "2 of 3 done, 1 failed": `done` counts failed repositories too. */
export function scanCounts(scan: Pick<ApiScan, "done" | "total" | "failed">): string {
  return `${scan.done} of ${scan.total} done, ${scan.failed} failed`;
}

/** One sentence for a finished scan, e.g. "Scan finished in 3s: 2 of 3 repositories scanned, 1 failed." */
export function scanOutcome(scan: ApiScan): string {
  const took = scanDuration(scan);
  const scanned = scan.done - scan.failed;
  const counts = `${scanned} of ${repositoriesCount(scan.total)} scanned, ${scan.failed ? `${scan.failed} failed` : "none failed"}`;
  switch (scan.status) {
    case "queued":
      return "Waiting to start (scans run one after another)…";
    case "running":
      return `Scanning: ${counts}.`;
    case "succeeded":
    case "partial":
      return `Scan finished${took ? ` in ${took}` : ""}: ${counts}.`;
    case "failed":
      return `Scan failed${took ? ` after ${took}` : ""}: ${counts}.`;
    case "cancelled":
      return `Scan cancelled${took ? ` after ${took}` : ""}: ${counts}.`;
    case "interrupted":
      return `Scan interrupted (the server stopped): ${counts}. Start it again to finish.`;
  }
}
