// "Changed since <date>": regressions and closed gaps, per tracked tag, from the change events
// recorded since then. Each tag's platform set at `since` (or at its first reading, when it was
// first read later) is rebuilt by undoing its events from today's set (before = now − added +
// removed), so a platform lost and regained within the period nets out instead of being reported
// twice, and only what really differs between then and now is said.
import type { ApiRepositoryRow } from "../api-types";
import { parseColumn, satisfies } from "../coverage/columns";

/** One change event as stored (platform keys are "os/architecture[/variant]"). */
export interface ReportEvent {
  repositoryId: string;
  tag: string;
  kind: "new-tag" | "changed" | "removed-tag" | string;
  added: string[];
  removed: string[];
  at: string;
}

export interface ChangeLine {
  reference: string;
  tag: string;
  /** regression: a column the tag had at `since` and lacks now (or a new tag lacking what the newest tag had); closed: the other way round. */
  kind: "regression" | "closed";
  columns: string[];
  /** The newest event behind it. */
  at: string;
  /** A new tag lacking what the repository's newest tag had when it was first read. */
  newTag: boolean;
}

export interface ChangesSince {
  since: string;
  regressions: ChangeLine[];
  closed: ChangeLine[];
}

const keyPlatform = (key: string) => {
  const [os, architecture] = key.split("/");
  return { os, architecture };
};

function columnsOf(keys: Iterable<string>, columns: readonly string[]): Set<string> {
  const platforms = [...keys].map(keyPlatform);
  return new Set(columns.filter((c) => platforms.some((p) => satisfies(parseColumn(c), p))));
}

const newestFirst = (a: ChangeLine, b: ChangeLine) => (a.at === b.at ? a.reference.localeCompare(b.reference) || a.tag.localeCompare(b.tag) : a.at < b.at ? 1 : -1);

/**
 * What changed since `since` for the given rows (the report's matching repositories), in `columns`.
 * Tags no longer tracked (removed since) are left out: what they lacked is no longer anyone's gap.
 */
export function changesSince(rows: ApiRepositoryRow[], events: ReportEvent[], columns: readonly string[], since: string): ChangesSince {
  const byRepo = new Map(rows.map((r) => [r.id, r]));
  const perTag = new Map<string, ReportEvent[]>();
  for (const e of events) {
    if (e.at < since || !byRepo.has(e.repositoryId)) continue;
    const k = `${e.repositoryId}\u0000${e.tag}`;
    perTag.set(k, [...(perTag.get(k) ?? []), e]);
  }
  const regressions: ChangeLine[] = [];
  const closed: ChangeLine[] = [];
  for (const [k, list] of perTag) {
    const row = byRepo.get(k.split("\u0000")[0])!;
    const tagName = list[0].tag;
    const tag = row.tags.find((t) => t.tag === tagName);
    if (!tag || !tag.digest) continue; // no longer tracked, or not readable now: nothing to compare with
    list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)); // newest first, to undo in order
    const now = new Set(tag.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/")));
    // The tag's platforms at `since`, or at its first reading when it was first read after that.
    const before = new Set(now);
    let lacking: string[] = [];
    for (const e of list) {
      if (e.kind === "new-tag") {
        before.clear();
        for (const a of e.added) before.add(a);
        lacking = e.removed; // what the repository's newest tag had and this one did not
        break;
      }
      if (e.kind === "removed-tag") continue; // tracked again since: its events after that carry the state
      for (const a of e.added) before.delete(a);
      for (const r of e.removed) before.add(r);
    }
    const colsNow = columnsOf(now, columns);
    const colsBefore = columnsOf(before, columns);
    const base = { reference: row.reference, tag: tagName, at: list[0].at };
    const lost = columns.filter((c) => colsBefore.has(c) && !colsNow.has(c));
    const gained = columns.filter((c) => !colsBefore.has(c) && colsNow.has(c));
    const lackingNow = [...columnsOf(lacking, columns)].filter((c) => !colsNow.has(c) && !lost.includes(c));
    if (lost.length) regressions.push({ ...base, kind: "regression", columns: lost, newTag: false });
    if (lackingNow.length) regressions.push({ ...base, kind: "regression", columns: columns.filter((c) => lackingNow.includes(c)), newTag: true });
    if (gained.length) closed.push({ ...base, kind: "closed", columns: gained, newTag: false });
  }
  return { since, regressions: regressions.sort(newestFirst), closed: closed.sort(newestFirst) };
}

/** "acme/web:latest lost arm64, s390x" / "acme/web:2.0 (new tag) lacks arm64" / "acme/web:latest gained arm64". */
export function changeSentence(c: ChangeLine): string {
  const what = c.columns.join(", ");
  if (c.kind === "closed") return `${c.reference}:${c.tag} gained ${what}`;
  return c.newTag ? `${c.reference}:${c.tag} (new tag) lacks ${what}, which the newest tag had` : `${c.reference}:${c.tag} lost ${what}`;
}
