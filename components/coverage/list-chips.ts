// Which cells the phone's list layout shows as chips: the gaps. A column that needs nothing
// ("present", and "waived" once that state exists) is no chip; neither are the unknown cells of
// a repository nothing was read from yet, whose status line already says so once.
import type { ApiCell, ApiRepositoryRow } from "@/lib/api-types";

// Strings, not CellState: a state added to the vocabulary later must not need a change here to compile.
const NOT_A_GAP: ReadonlySet<string> = new Set(["present", "waived"]);

export function isListChip(row: Pick<ApiRepositoryRow, "tags">, cell: Pick<ApiCell, "state">): boolean {
  if (NOT_A_GAP.has(cell.state)) return false;
  if (cell.state === "unknown" && !row.tags.some((t) => t.digest)) return false;
  return true;
}
