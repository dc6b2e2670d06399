// The architecture columns of the grid and which platforms satisfy each.
import type { Platform } from "../registry/types";

export interface Column {
  key: string;
  os: string;
  architecture: string;
  label: string;
}

/** The five architectures every image should cover, all on linux. */
export const DEFAULT_COLUMNS = ["amd64", "arm", "arm64", "ppc64le", "s390x"] as const;
/** Extra columns that can be switched on. */
export const EXTRA_COLUMNS = ["386", "riscv64", "mips64le", "windows/amd64"] as const;
export const ALL_COLUMNS: readonly string[] = [...DEFAULT_COLUMNS, ...EXTRA_COLUMNS];

/**
 * The columns a view shows, in the canonical order: the five defaults, every column the
 * organization requires (a required windows/amd64 appears without being switched on: a gap no one
 * can see is no use), then any extra column asked for. Unknown keys are dropped.
 */
export function shownColumns(required: readonly string[], extra: readonly string[] = []): string[] {
  return ALL_COLUMNS.filter((c) => (DEFAULT_COLUMNS as readonly string[]).includes(c) || required.includes(c) || extra.includes(c));
}

/** "arm64" -> linux/arm64; "windows/amd64" -> windows/amd64. */
export function parseColumn(key: string): Column {
  const [a, b] = key.split("/");
  if (b !== undefined) return { key, os: a, architecture: b, label: key };
  return { key, os: "linux", architecture: a, label: a };
}

export function isKnownColumn(key: string): boolean {
  return ALL_COLUMNS.includes(key);
}

/**
 * A column is satisfied by any normalized platform with its os and architecture: any linux/arm
 * variant satisfies `arm`, and a windows entry never satisfies a linux column.
 */
export function satisfies(column: Column, platform: Platform): boolean {
  return platform.os === column.os && platform.architecture === column.architecture;
}
