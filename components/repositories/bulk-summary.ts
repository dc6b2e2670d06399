import type { BulkAddResponse, WatchlistImportResponse } from "@/lib/api-types";

/**
 * A watch-list import says what it did to repositories already watched (updated / unchanged /
 * removed) instead of "already watched"; other bulk adds have no such fields and get null.
 */
export function editSummary(result: BulkAddResponse): string | null {
  if (!("updated" in result)) return null;
  const r = result as WatchlistImportResponse;
  return `, ${r.updated.length} updated, ${r.unchanged.length} unchanged${r.removed.length ? `, ${r.removed.length} removed` : ""}`;
}
