// Which scan the overview reports on: the newest scan of every watched repository ("Scan all" or
// the schedule), not a single-repository rescan that would hide a failed full scan behind a
// one-line success. Falls back to the newest scan of any kind when no full scan is in the list.
import type { ApiScan } from "@/lib/api-types";

export const FULL_SCAN_TRIGGERS = ["manual-all", "schedule"] as const;

export function isFullScan(scan: Pick<ApiScan, "trigger">): boolean {
  return (FULL_SCAN_TRIGGERS as readonly string[]).includes(scan.trigger ?? "");
}

/** `scans` newest first, as GET /api/scans returns them. */
export function overviewScan(scans: ApiScan[]): { scan: ApiScan; full: boolean } | null {
  const full = scans.find(isFullScan);
  if (full) return { scan: full, full: true };
  return scans[0] ? { scan: scans[0], full: false } : null;
}
