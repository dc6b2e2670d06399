// Upgrade hints (issue 13 item 6), across the version tags a repository tracks:
// - "arm64 from 1.27.0": a tracked tag lacks arm64, and 1.27.0 is the oldest newer tag that has it;
// - "1.28.0 dropped s390x (1.27.x had it)": a newer tag lost a platform the one before it had.
// Pure. Tags are compared only within one flavour ("1.27.0-alpine" with "1.28.0-alpine", never
// with "1.28.0"), and only versions are ordered: "latest" or "edge" say nothing about age.
import { missingColumns } from "./gaps";
import type { TagLike } from "./gaps";

export interface UpgradeHint {
  kind: "available-from" | "dropped";
  column: string;
  /** available-from: the oldest newer tag that has the column; dropped: the tag that lost it. */
  tag: string;
  /** available-from: the tracked tags that lack it and would get it by moving to `tag`. */
  lacking?: string[];
  /** dropped: the tag (or "1.27.x" series) before it that had the column. */
  previous?: string;
  message: string;
}

const VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/i;

interface Version {
  tag: string;
  flavour: string;
  series: string;
  missing: Set<string>;
}

function versionOf(t: Pick<TagLike, "tag">): { flavour: string; series: string } | null {
  const m = VERSION_RE.exec(t.tag);
  if (!m) return null;
  return { flavour: t.tag.slice(m[0].length), series: m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1] };
}

const list = (tags: string[]) => (tags.length <= 2 ? tags.join(" and ") : `${tags.slice(0, -1).join(", ")} and ${tags[tags.length - 1]}`);

/**
 * Hints for the given columns. `newestFirst` is the repository's tags in the grid's order (newest
 * version first, as lib/registry `sortNewestFirst` orders them); unscanned tags are ignored.
 */
export function upgradeHints(newestFirst: ReadonlyArray<Pick<TagLike, "tag" | "platforms" | "scanned">>, columns: readonly string[]): UpgradeHint[] {
  const flavours = new Map<string, Version[]>();
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const t = newestFirst[i];
    if (!t.scanned) continue;
    const v = versionOf(t);
    if (!v) continue;
    const oldestFirst = flavours.get(v.flavour) ?? [];
    oldestFirst.push({ tag: t.tag, ...v, missing: new Set(missingColumns(t.platforms, columns)) });
    flavours.set(v.flavour, oldestFirst);
  }
  const hints: UpgradeHint[] = [];
  for (const versions of flavours.values()) {
    if (versions.length < 2) continue;
    for (const column of columns) {
      // available-from: each lacking tag points at the oldest newer tag that has the column.
      const byTarget = new Map<string, string[]>();
      versions.forEach((v, i) => {
        if (!v.missing.has(column)) return;
        const target = versions.slice(i + 1).find((n) => !n.missing.has(column));
        if (target) byTarget.set(target.tag, [...(byTarget.get(target.tag) ?? []), v.tag]);
      });
      for (const [tag, lacking] of byTarget) {
        hints.push({ kind: "available-from", column, tag, lacking, message: `${column} from ${tag} (${list(lacking)} ${lacking.length === 1 ? "lacks" : "lack"} it)` });
      }
      // dropped: the first tag without the column after one with it.
      for (let i = 1; i < versions.length; i++) {
        const prev = versions[i - 1];
        const cur = versions[i];
        if (prev.missing.has(column) || !cur.missing.has(column)) continue;
        const series = versions.slice(0, i).filter((v) => v.series === prev.series);
        const previous = series.length > 1 && series.every((v) => !v.missing.has(column)) ? `${prev.series}.x${prev.flavour}` : prev.tag;
        hints.push({ kind: "dropped", column, tag: cur.tag, previous, message: `${cur.tag} dropped ${column} (${previous} had it)` });
      }
    }
  }
  return hints;
}
