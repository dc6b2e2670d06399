import type { ApiScan } from "@/lib/api-types";

/**
 * The scan the server is working on: scans run one after another, oldest first, so that is the
 * oldest running one, else the oldest queued one. (The newest active scan is usually one waiting
 * behind it: showing that one left "Scan queued" or "Scanning 0/1" up while another scan ran.)
 */
export function currentScan(scans: readonly ApiScan[] | undefined): ApiScan | undefined {
  const active = (scans ?? []).filter((s) => s.status === "queued" || s.status === "running").sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? "")); // ISO times sort as text
  return active.find((s) => s.status === "running") ?? active[0];
}
