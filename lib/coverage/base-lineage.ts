// "Blocked by base": a tag misses arm64 and the image it is built FROM has no arm64 either, so the
// fix starts upstream (change or rebuild the base), not in this repository's build. Pure.
import type { Platform } from "../registry/types";
import { missingColumns } from "./gaps";

/** What is known about a tag's base image. */
export interface BaseLike {
  /** The base as the annotation names it ("alpine:3.18"). */
  name: string;
  /** The base's normalized platform keys ("linux/arm64"); null when it could not be resolved. */
  platforms: string[] | null;
}

/** "linux/arm/v7" -> { os, architecture, variant } (keys are stored normalized). */
function fromKey(key: string): Platform {
  const [os, architecture, variant] = key.split("/");
  return variant ? { os, architecture, variant } : { os, architecture };
}

/**
 * The columns among `missing` (the tag's gaps) that the base lacks too. Empty when the base's
 * platforms are unknown: an unresolved base blocks nothing, it only earns a note.
 */
export function blockedColumns(missing: readonly string[], base: BaseLike | null): string[] {
  if (!base || base.platforms === null || missing.length === 0) return [];
  return missingColumns(base.platforms.map(fromKey), missing);
}

/** "blocked by base: alpine:3.18 has no arm64". */
export function blockedMessage(baseName: string, column: string): string {
  return `blocked by base: ${shortName(baseName)} has no ${column}`;
}

/** Names come from registries: shown on one line, at most 120 characters. */
export function shortName(name: string): string {
  const one = name.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return one.length > 120 ? `${one.slice(0, 119)}…` : one;
}
