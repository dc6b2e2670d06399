// Change events (platforms added or removed per tag) and the coverage trend built from them.
import { prisma } from "../db";
import type { ApiChangeEvent, TrendPoint } from "../api-types";
import { parseColumn } from "../coverage";

export async function listEvents(opts: { limit?: number; regression?: boolean; repositoryId?: string } = {}): Promise<ApiChangeEvent[]> {
  const rows = await prisma.changeEvent.findMany({
    where: {
      ...(opts.regression ? { regression: true } : {}),
      ...(opts.repositoryId ? { repositoryId: opts.repositoryId } : {}),
    },
    orderBy: { at: "desc" },
    take: Math.min(opts.limit ?? 50, 500),
    include: { repository: { select: { reference: true } } },
  });
  return rows.map((e) => ({
    id: e.id,
    repositoryId: e.repositoryId,
    reference: e.repository.reference,
    tag: e.tag,
    kind: e.kind as ApiChangeEvent["kind"],
    added: JSON.parse(e.added) as string[],
    removed: JSON.parse(e.removed) as string[],
    fromDigest: e.fromDigest,
    toDigest: e.toDigest,
    regression: e.regression,
    ...(e.reason ? { reason: e.reason as NonNullable<ApiChangeEvent["reason"]> } : {}),
    at: e.at.toISOString(),
  }));
}

/**
 * Coverage per column over time, replayed from events: a repository covers a column at a moment
 * when any of its tags had a platform for it. One point per day with events (at most `days`).
 */
export async function coverageTrend(columns: string[], days = 90): Promise<TrendPoint[]> {
  const since = new Date(Date.now() - days * 86_400_000);
  const events = await prisma.changeEvent.findMany({
    orderBy: { at: "asc" },
    select: { repositoryId: true, tag: true, added: true, removed: true, kind: true, at: true },
  });
  const cols = columns.map(parseColumn);
  // repository -> tag -> platform keys
  const state = new Map<string, Map<string, Set<string>>>();
  const points: TrendPoint[] = [];
  const snapshot = (at: Date) => {
    const repos = [...state.values()];
    const columnsOut: Record<string, number> = {};
    for (const c of cols) {
      const covered = repos.filter((tags) => [...tags.values()].some((keys) => [...keys].some((k) => {
        const [os, arch] = k.split("/");
        return os === c.os && arch === c.architecture;
      }))).length;
      columnsOut[c.key] = repos.length ? Math.round((covered / repos.length) * 1000) / 10 : 0;
    }
    const day = at.toISOString().slice(0, 10);
    const last = points[points.length - 1];
    if (last && last.at.slice(0, 10) === day) last.columns = columnsOut;
    else points.push({ at: `${day}T00:00:00.000Z`, columns: columnsOut });
  };
  for (const e of events) {
    let tags = state.get(e.repositoryId);
    if (!tags) state.set(e.repositoryId, (tags = new Map()));
    if (e.kind === "removed-tag") tags.delete(e.tag);
    else {
      const keys = e.kind === "new-tag" ? new Set<string>() : (tags.get(e.tag) ?? new Set<string>());
      for (const k of JSON.parse(e.added) as string[]) keys.add(k);
      if (e.kind !== "new-tag") for (const k of JSON.parse(e.removed) as string[]) keys.delete(k);
      tags.set(e.tag, keys);
    }
    if (e.at >= since) snapshot(e.at);
  }
  return points;
}
