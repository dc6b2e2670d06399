// Regressions per repository (change events that lost platforms), for the grid's marker and its
// "regressed since" filter. Read once per matrix fingerprint: a regression event is written in
// the same transaction as the tag snapshot that changes the fingerprint, so the cache never lies.
import { prisma } from "../db";

export interface RegressionEvent {
  tag: string;
  at: string;
  /** Platform keys the tag lost ("linux/arm64"). */
  removed: string[];
}

type Cached = { fingerprint: string; byRepository: Map<string, RegressionEvent[]> };
const g = globalThis as unknown as { archgridRegressions?: Cached };

/** Every repository's regression events, newest first. */
export async function loadRegressions(fingerprint: string): Promise<Map<string, RegressionEvent[]>> {
  if (g.archgridRegressions?.fingerprint === fingerprint) return g.archgridRegressions.byRepository;
  const rows = await prisma.changeEvent.findMany({
    where: { regression: true },
    orderBy: { at: "desc" },
    select: { repositoryId: true, tag: true, removed: true, at: true },
  });
  const byRepository = new Map<string, RegressionEvent[]>();
  for (const r of rows) {
    const list = byRepository.get(r.repositoryId) ?? [];
    list.push({ tag: r.tag, at: r.at.toISOString(), removed: JSON.parse(r.removed) as string[] });
    byRepository.set(r.repositoryId, list);
  }
  g.archgridRegressions = { fingerprint, byRepository };
  return byRepository;
}
