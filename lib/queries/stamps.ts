// What GET /api/coverage keys its cached answers with, read in one statement per request
// (matrix.ts stampsQuery): the matrix fingerprint, the base-image stamp and the gap policy. Every
// value comes from the database on each request, so replicas agree right after any write; only
// the full gap policy (settings + every waiver, two reads) is kept between requests, and only
// while the database's waiver and settings stamps are unchanged.
import { fingerprintOf, stampsQuery, type StampRow } from "./matrix";
import { loadGapPolicy, policyAt, type GapPolicy } from "./waivers";

export interface CoverageStamps {
  fingerprint: string;
  /** Same string as baseImagesStamp(). */
  bases: string;
  policy: GapPolicy;
}

const g = globalThis as unknown as { archgridPolicy?: { key: string; policy: GapPolicy } };

const iso = (m: unknown): string => (m === null || m === undefined ? "" : m instanceof Date ? m.toISOString() : new Date(typeof m === "string" && /^\d+$/.test(m) ? Number(m) : (m as string | number)).toISOString());

export async function readCoverageStamps(now = Date.now()): Promise<CoverageStamps> {
  const rows = await stampsQuery();
  const by = new Map<string, StampRow>(rows.map((r) => [r.k, r]));
  const b = by.get("b");
  const bases = `${Number(b?.n ?? 0)}:${iso(b?.m)}`;
  const key = ["w", "g"].map((k) => `${String(by.get(k)?.n)}:${iso(by.get(k)?.m)}:${String(by.get(k)?.x)}`).join("|");
  let policy: GapPolicy;
  if (g.archgridPolicy?.key === key) {
    // Same rows as when read: only the clock moved, and expiry is judged against it (policyAt).
    policy = policyAt(g.archgridPolicy.policy, now);
  } else {
    policy = await loadGapPolicy(now);
    g.archgridPolicy = { key, policy };
  }
  return { fingerprint: fingerprintOf(rows), bases, policy };
}
