// What a webhook receives. A change event becomes at most one finding:
//   regression — a tracked tag now lacks a platform it had (kind "changed", regression);
//   gap-opened — a new tag lacks a platform the repository's newest tag had (kind "new-tag", removed);
//   gap-closed — a tracked tag gained platforms and lost none (kind "changed", added only).
// New tags that lack nothing, first scans and removed tags are not findings (no gap moved).
// The generic body is versioned ("version": 1): fields are only ever added within a version.

export const FINDING_TYPES = ["regression", "gap-opened", "gap-closed"] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export interface FindingEvent {
  id: string;
  repositoryId: string;
  reference: string;
  tag: string;
  kind: string;
  added: string[];
  removed: string[];
  fromDigest: string | null;
  toDigest: string | null;
  regression: boolean;
  at: Date;
}

export function findingType(e: Pick<FindingEvent, "kind" | "added" | "removed" | "regression">): FindingType | null {
  if (e.kind === "changed" && e.removed.length > 0) return "regression";
  if (e.kind === "new-tag" && e.removed.length > 0) return "gap-opened";
  if (e.kind === "changed" && e.added.length > 0) return "gap-closed";
  return null;
}

function repositoryLink(repositoryId: string): string | undefined {
  const base = process.env.ARCHGRID_PUBLIC_URL;
  return base ? new URL(`/repositories/${encodeURIComponent(repositoryId)}`, base).toString() : undefined;
}

const SUMMARY: Record<FindingType, (e: FindingEvent) => string> = {
  regression: (e) => `${e.reference}:${e.tag} lost ${e.removed.join(", ")}`,
  // Issue 13 item 6: a new tag that drops what the tags before it had says so in those words.
  "gap-opened": (e) => `new tag ${e.reference}:${e.tag} dropped ${e.removed.join(", ")}, which the newest tag before it had`,
  "gap-closed": (e) => `${e.reference}:${e.tag} now has ${e.added.join(", ")}`,
};

export function findingBody(type: FindingType, e: FindingEvent, format: "json" | "slack"): string {
  const link = repositoryLink(e.repositoryId);
  const summary = SUMMARY[type](e);
  if (format === "slack") {
    const icon = type === "gap-closed" ? ":white_check_mark:" : ":warning:";
    return JSON.stringify({ text: `${icon} archgrid: ${summary}${link ? ` (<${link}|open>)` : ""}` });
  }
  return JSON.stringify({
    version: 1,
    type,
    summary,
    repository: { id: e.repositoryId, reference: e.reference, ...(link ? { url: link } : {}) },
    event: {
      id: e.id,
      kind: e.kind,
      tag: e.tag,
      added: e.added,
      removed: e.removed,
      fromDigest: e.fromDigest,
      toDigest: e.toDigest,
      at: e.at.toISOString(),
    },
  });
}

export function testBody(webhook: { id: string; name: string }, format: "json" | "slack", now = new Date()): string {
  if (format === "slack") return JSON.stringify({ text: `archgrid: test delivery for webhook "${webhook.name}"` });
  return JSON.stringify({ version: 1, type: "test", summary: `test delivery for webhook "${webhook.name}"`, webhook: { id: webhook.id, name: webhook.name }, at: now.toISOString() });
}
