// Change events since a time, for the reports' "Changed since" section.
import { prisma } from "../db";
import type { ReportEvent } from "../export/changes";

/** Every change event at or after `since` (ISO), oldest first; the report keeps those of its rows. */
export async function listEventsSince(since: string): Promise<ReportEvent[]> {
  const rows = await prisma.changeEvent.findMany({
    where: { at: { gte: new Date(since) } },
    orderBy: { at: "asc" },
    select: { repositoryId: true, tag: true, kind: true, added: true, removed: true, at: true },
  });
  return rows.map((e) => ({
    repositoryId: e.repositoryId,
    tag: e.tag,
    kind: e.kind,
    added: JSON.parse(e.added) as string[],
    removed: JSON.parse(e.removed) as string[],
    at: e.at.toISOString(),
  }));
}
