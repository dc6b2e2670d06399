// Which change events are findings under the organization's rules: a lost platform is news only
// when its column counts as a gap (required in Settings and not waived for that repository at the
// event's time); an informational column (riscv64 when not required) or a waived one (arm64 on a
// GPU image) moving is not worth waking anyone. A closed gap stays a finding even on a waived
// column: it is the moment to drop the waiver. Pure: lib/queries/webhooks.ts supplies the rules.
import { ALL_COLUMNS, parseColumn, satisfies } from "../coverage/columns";
import { activeWaiver, isRequired, type GapRules } from "../coverage/waivers";
import { parsePlatformKey } from "../registry/platform";
import { findingType, type FindingEvent, type FindingType } from "./payload";

/** The column a platform key ("linux/arm/v7", "windows/amd64") fills, or null when no column names it. */
export function columnOfPlatform(key: string): string | null {
  let platform;
  try {
    platform = parsePlatformKey(key);
  } catch {
    return null;
  }
  return ALL_COLUMNS.find((c) => satisfies(parseColumn(c), platform)) ?? null;
}

/** The lost platforms that open a gap under `rules`. */
export function countedLosses(removed: readonly string[], rules: GapRules): string[] {
  return removed.filter((p) => {
    const c = columnOfPlatform(p);
    return c !== null && isRequired(rules, c) && !activeWaiver(rules, c);
  });
}

/** The gained platforms that close a gap under `rules` (a waived column included). */
export function countedGains(added: readonly string[], rules: GapRules): string[] {
  return added.filter((p) => {
    const c = columnOfPlatform(p);
    return c !== null && isRequired(rules, c);
  });
}

type EventShape = Pick<FindingEvent, "kind" | "added" | "removed" | "regression">;

/**
 * The finding an event makes under the required set and the repository's waivers, or null.
 * Without rules it is `findingType` (every platform counts).
 */
export function findingUnder(e: EventShape, rules: GapRules): FindingType | null {
  const losses = countedLosses(e.removed, rules);
  const gains = countedGains(e.added, rules);
  // An event whose only losses are informational or waived reads as what its gains make it.
  return findingType({ ...e, removed: losses, added: e.kind === "changed" ? gains : e.added });
}
