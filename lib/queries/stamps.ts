// What GET /api/coverage keys its cached answers with, read in one statement per request
// (matrix.ts stampsQuery): the matrix fingerprint, the base-image stamp and the gap policy. Every
// value comes from the database on each request, so replicas agree right after any write; only
// the full gap policy (settings + every waiver, two reads) is kept between requests, and only
// while the database's waiver and settings stamps are unchanged.
import { fingerprintOf, stampsQuery, type StampRow } from "./matrix";
import { policyOf, readGapPolicyRows, type GapPolicy, type PolicyRow } from "./waivers";

export interface CoverageStamps {
  fingerprint: string;
  /** Same string as baseImagesStamp(). */
  bases: string;
  policy: GapPolicy;
}

// The rows, not a built policy: Next bundles this module into several chunks (route, pages), and
// they share only globalThis.
const g = globalThis as unknown as { archgridPolicyRows?: { key: string; required: string[]; rows: PolicyRow[] } };

const iso = (m: unknown): string => (m === null || m === undefined ? "" : m instanceof Date ? m.toISOString() : new Date(typeof m === "string" && /^\d+$/.test(m) ? Number(m) : (m as string | number)).toISOString());

export async function readCoverageStamps(now = Date.now()): Promise<CoverageStamps> {
  const rows = await stampsQuery();
  const by = new Map<string, StampRow>(rows.map((r) => [r.k, r]));
  const b = by.get("b");
  const bases = `${Number(b?.n ?? 0)}:${iso(b?.m)}`;
  const key = ["w", "g"].map((k) => `${String(by.get(k)?.n)}:${iso(by.get(k)?.m)}:${String(by.get(k)?.x)}`).join("|");
  // Same rows as when read while the stamps hold: only the clock moved, and policyOf judges expiry against it.
  if (g.archgridPolicyRows?.key !== key) g.archgridPolicyRows = { key, ...(await readGapPolicyRows()) };
  const policy: GapPolicy = policyOf(g.archgridPolicyRows.required, g.archgridPolicyRows.rows, now);
  return { fingerprint: fingerprintOf(rows), bases, policy };
}
