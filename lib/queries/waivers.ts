// Waivers: a repository's accepted gap in one column, with a reason and an optional expiry.
import { prisma } from "../db";
import { NotFoundError } from "../errors";
import { waiverActive, type WaiverLike } from "../coverage/waivers";
import type { ApiWaiver } from "../api-types";
import { getSettings } from "./settings";

type Row = { id: string; repositoryId: string; column: string; reason: string; expiresAt: Date | null; createdAt: Date; updatedAt: Date };

function toApi(w: Row, now = Date.now()): ApiWaiver {
  const expiresAt = w.expiresAt?.toISOString() ?? null;
  return {
    id: w.id,
    repositoryId: w.repositoryId,
    column: w.column,
    reason: w.reason,
    expiresAt,
    expired: !waiverActive({ expiresAt }, now),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

async function requireRepository(repositoryId: string): Promise<void> {
  const found = await prisma.repository.findUnique({ where: { id: repositoryId }, select: { id: true } });
  if (!found) throw new NotFoundError(`repository ${repositoryId}`);
}

/** One repository's waivers in column order of creation; 404 when the repository is not watched. */
export async function listWaivers(repositoryId: string): Promise<ApiWaiver[]> {
  await requireRepository(repositoryId);
  const rows = await prisma.waiver.findMany({ where: { repositoryId }, orderBy: { createdAt: "asc" } });
  return rows.map((w) => toApi(w));
}

export interface WaiverInput {
  column: string;
  reason: string;
  expiresAt: string | null;
}

/** Creates the column's waiver, or replaces its reason and expiry (one waiver per column). */
export async function saveWaiver(repositoryId: string, input: WaiverInput): Promise<{ waiver: ApiWaiver; created: boolean }> {
  await requireRepository(repositoryId);
  const data = { reason: input.reason, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null };
  const existing = await prisma.waiver.findUnique({ where: { repositoryId_column: { repositoryId, column: input.column } }, select: { id: true } });
  const row = await prisma.waiver.upsert({
    where: { repositoryId_column: { repositoryId, column: input.column } },
    create: { repositoryId, column: input.column, ...data },
    update: data,
  });
  return { waiver: toApi(row), created: !existing };
}

export async function deleteWaiver(repositoryId: string, waiverId: string): Promise<void> {
  const { count } = await prisma.waiver.deleteMany({ where: { id: waiverId, repositoryId } });
  if (count === 0) throw new NotFoundError(`waiver ${waiverId} of repository ${repositoryId}`);
}

/** Every repository's waivers, by reference (the watch-list export). */
export async function waiversByReference(): Promise<Map<string, ApiWaiver[]>> {
  const rows = await prisma.waiver.findMany({ orderBy: [{ createdAt: "asc" }], include: { repository: { select: { reference: true } } } });
  const out = new Map<string, ApiWaiver[]>();
  for (const { repository, ...w } of rows) out.set(repository.reference, [...(out.get(repository.reference) ?? []), toApi(w)]);
  return out;
}

export interface GapPolicy {
  required: string[];
  waivers: Map<string, WaiverLike[]>;
  now: number;
  /**
   * Changes whenever what the rows would say changes: the required set, any waiver written or
   * deleted, or a waiver passing its expiry. Cache keys include it (with the matrix fingerprint).
   */
  stamp: string;
}

/**
 * The required set and every waiver, read from the database on each call (two small reads), so
 * every replica judges gaps the same way and an expiry takes effect without any restart.
 */
export async function loadGapPolicy(now = Date.now()): Promise<GapPolicy> {
  const { required, rows } = await readGapPolicyRows();
  return policyOf(required, rows, now);
}

export type PolicyRow = { id: string; repositoryId: string; column: string; reason: string; expiresAt: Date | null; updatedAt: Date };

/** What a gap policy is built from (two reads); lib/queries/stamps.ts keeps it between requests. */
export async function readGapPolicyRows(): Promise<{ required: string[]; rows: PolicyRow[] }> {
  const [settings, rows] = await Promise.all([getSettings(), prisma.waiver.findMany({ select: { id: true, repositoryId: true, column: true, reason: true, expiresAt: true, updatedAt: true } })]);
  return { required: settings.requiredColumns, rows };
}

/** The policy these rows give at `now` (expiry is judged against it). */
export function policyOf(required: string[], rows: PolicyRow[], now: number): GapPolicy {
  const waivers = new Map<string, WaiverLike[]>();
  const parts: string[] = [required.join(",")];
  for (const w of rows) {
    const like: WaiverLike = { id: w.id, column: w.column, reason: w.reason, expiresAt: w.expiresAt?.toISOString() ?? null };
    waivers.set(w.repositoryId, [...(waivers.get(w.repositoryId) ?? []), like]);
    parts.push(`${w.id}:${w.updatedAt.getTime()}:${waiverActive(like, now) ? 1 : 0}`);
  }
  return { required, waivers, now, stamp: parts.sort().join("|") };
}

/** Part of the row-cache key for one repository: changes when its waivers or the required set do. */
export function repositoryStamp(policy: GapPolicy, repositoryId: string): string {
  const ws = policy.waivers.get(repositoryId) ?? [];
  return `${policy.required.join(",")}#${ws.map((w) => `${w.id}:${w.column}:${w.reason}:${w.expiresAt}:${waiverActive(w, policy.now) ? 1 : 0}`).join(";")}`;
}
