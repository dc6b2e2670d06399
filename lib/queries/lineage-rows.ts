// Adds base-image lineage and upgrade hints to coverage rows (issue 13 items 5 and 6). Rows
// computed from the matrix are cached and shared, so this returns a changed copy, never edits one.
import type { ApiRepositoryRow, ApiTagBase, ApiTagCoverage } from "../api-types";
import { blockedColumns, blockedMessage, shortName, upgradeHints } from "../coverage";
import { parseReference, formatReference } from "../registry/reference";
import { loadLineage, type TagLineage } from "./base-images";

/** The canonical name a base is cached under ("docker.io/library/alpine:3.18"), or null if unusable. */
export function canonicalBaseName(name: string): string | null {
  try {
    const ref = parseReference(name);
    return formatReference({ registry: ref.registry, repository: ref.repository, tag: ref.tag });
  } catch {
    return null;
  }
}

export type Lineage = Map<string, Map<string, TagLineage>>;

export function loadRowLineage(): Promise<Lineage> {
  return loadLineage(canonicalBaseName);
}

function tagBase(t: ApiTagCoverage, l: TagLineage): ApiTagBase {
  const base: ApiTagBase = { name: l.name, digest: l.digest, blocked: [] };
  const image = l.image;
  if (l.problem) base.note = `the base image annotations cannot be used: ${l.problem}`;
  else if (!image) base.note = "the base image has not been read yet; it is on the next scan";
  else if (image.platforms === null) base.note = `the base image ${image.reference} could not be read: ${image.error?.message ?? "unknown error"}`;
  if (image?.platforms) {
    base.platforms = image.platforms;
    if (t.digest !== null) base.blocked = blockedColumns(t.missing, { name: l.name ?? image.reference, platforms: image.platforms });
  }
  return base;
}

// Hints depend on the cached row alone: computed once per row object.
const hintCache = new WeakMap<ApiRepositoryRow, ApiRepositoryRow["upgradeHints"]>();

function hintsOf(row: ApiRepositoryRow, columns: string[]): ApiRepositoryRow["upgradeHints"] {
  if (!hintCache.has(row)) {
    const tags = row.tags.map((t) => ({ tag: t.tag, platforms: t.platforms, scanned: t.digest !== null }));
    const hints = tags.length > 1 ? upgradeHints(tags, columns) : [];
    hintCache.set(row, hints.length ? hints : undefined);
  }
  return hintCache.get(row);
}

/** The row with each tag's base, its blocked gaps (tags, cells, row) and its upgrade hints. */
export function withLineage(row: ApiRepositoryRow, lineage: Map<string, TagLineage> | undefined, columns: string[]): ApiRepositoryRow {
  const hints = hintsOf(row, columns);
  if (!lineage && !hints) return row;
  const out: ApiRepositoryRow = { ...row };
  if (hints) out.upgradeHints = hints;
  if (!lineage) return out;
  const blocked = new Map<string, { base: string; tags: string[] }>();
  out.tags = row.tags.map((t) => {
    const l = lineage.get(t.tag);
    if (!l) return t;
    const base = tagBase(t, l);
    const name = shortName(l.name ?? l.image?.reference ?? "");
    for (const column of base.blocked) {
      const entry = blocked.get(column) ?? { base: name, tags: [] };
      entry.tags.push(t.tag);
      blocked.set(column, entry);
    }
    return { ...t, base };
  });
  if (blocked.size === 0) return out;
  out.blockedByBase = [...blocked].map(([column, b]) => ({ column, base: b.base, tags: b.tags, message: blockedMessage(b.base, column) }));
  out.cells = { ...row.cells };
  for (const b of out.blockedByBase) {
    const cell = out.cells[b.column];
    if (!cell || cell.state === "present") continue;
    out.cells[b.column] = { ...cell, blockedByBase: b.message, notes: [...cell.notes, b.tags.length < row.tags.length ? `${b.message} (${b.tags.join(", ")})` : b.message] };
  }
  return out;
}
