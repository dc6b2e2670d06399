// Watched repositories and their registries.
import { hotRun, sql, type Fragment } from "./hot-sql";
import { prisma } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import type { ApiRegistry, ApiRepository, RepositoryStatus, TagPolicy } from "../api-types";

type RepositoryRow = {
  id: string;
  name: string;
  reference: string;
  tagPolicy: string;
  verifyConfigs: boolean;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  lastScannedAt: Date | null;
  createdAt: Date;
  registry: { host: string };
};

const repositorySelect = {
  id: true,
  name: true,
  reference: true,
  tagPolicy: true,
  verifyConfigs: true,
  status: true,
  errorCode: true,
  errorMessage: true,
  lastScannedAt: true,
  createdAt: true,
  registry: { select: { host: true } },
} as const;

export function toApiRepository(r: RepositoryRow): ApiRepository {
  const out: ApiRepository = {
    id: r.id,
    reference: r.reference,
    registry: r.registry.host,
    name: r.name,
    tagPolicy: JSON.parse(r.tagPolicy) as TagPolicy,
    verifyConfigs: r.verifyConfigs,
    status: r.status as RepositoryStatus,
    lastScannedAt: r.lastScannedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
  if (r.errorCode) out.error = { code: r.errorCode, message: r.errorMessage ?? r.errorCode };
  return out;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

export interface NewRepository {
  registry: string;
  name: string;
  reference: string;
  tagPolicy: TagPolicy;
  verifyConfigs?: boolean;
}

/** Adds a repository to watch; 409 when the canonical reference is watched already. */
export async function createRepository(input: NewRepository): Promise<ApiRepository> {
  try {
    const row = await prisma.$transaction(async (tx) => {
      const registry = await tx.registry.upsert({ where: { host: input.registry }, create: { host: input.registry }, update: {} });
      return tx.repository.create({
        data: {
          registryId: registry.id,
          name: input.name,
          reference: input.reference,
          tagPolicy: JSON.stringify(input.tagPolicy),
          verifyConfigs: input.verifyConfigs ?? false,
        },
        select: repositorySelect,
      });
    });
    return toApiRepository(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConflictError("already-watched", `${input.reference} is already watched`);
    throw e;
  }
}

/** Which of these canonical references are watched already. */
export async function findWatchedReferences(references: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < references.length; i += 500) {
    const rows = await prisma.repository.findMany({ where: { reference: { in: references.slice(i, i + 500) } }, select: { reference: true } });
    for (const r of rows) found.add(r.reference);
  }
  return found;
}

export async function listRepositories(): Promise<ApiRepository[]> {
  const rows = await prisma.repository.findMany({ select: repositorySelect, orderBy: { reference: "asc" } });
  return rows.map(toApiRepository);
}

export async function getRepository(id: string): Promise<ApiRepository> {
  const row = await prisma.repository.findUnique({ where: { id }, select: repositorySelect });
  if (!row) throw new NotFoundError(`repository ${id}`);
  return toApiRepository(row);
}

/** Changes a repository's tag policy or config verification; tags are re-picked at the next scan. */
export async function updateRepository(id: string, patch: { tagPolicy?: TagPolicy; verifyConfigs?: boolean }): Promise<ApiRepository> {
  const { count } = await prisma.repository.updateMany({
    where: { id },
    data: {
      ...(patch.tagPolicy ? { tagPolicy: JSON.stringify(patch.tagPolicy) } : {}),
      ...(patch.verifyConfigs !== undefined ? { verifyConfigs: patch.verifyConfigs } : {}),
    },
  });
  if (count === 0) throw new NotFoundError(`repository ${id}`);
  return getRepository(id);
}

export async function deleteRepository(id: string): Promise<void> {
  const { count } = await prisma.repository.deleteMany({ where: { id } });
  if (count === 0) throw new NotFoundError(`repository ${id}`);
}

/** What the scanner needs to know about a repository. */
export interface ScanTarget {
  id: string;
  registry: string;
  name: string;
  reference: string;
  tagPolicy: TagPolicy;
  verifyConfigs: boolean;
}

export async function getScanTargets(ids: string[]): Promise<ScanTarget[]> {
  const rows = await prisma.repository.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, reference: true, tagPolicy: true, verifyConfigs: true, registry: { select: { host: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    registry: r.registry.host,
    name: r.name,
    reference: r.reference,
    tagPolicy: JSON.parse(r.tagPolicy) as TagPolicy,
    verifyConfigs: r.verifyConfigs,
  }));
}

/** Ids of the given repositories that exist (all when none given), in a stable order. */
export async function resolveRepositoryIds(ids?: string[]): Promise<string[]> {
  const rows = await prisma.repository.findMany({
    where: ids ? { id: { in: ids } } : undefined,
    select: { id: true },
    orderBy: { reference: "asc" },
  });
  return rows.map((r) => r.id);
}

/** Runs after every repository of a scan: plain SQL (see tags.ts), with updatedAt set by hand. */
export async function setRepositoryResult(
  id: string,
  result: { ok: true } | { ok: false; code: string; message: string },
): Promise<void> {
  await hotRun([repositoryResultStatement(id, result)], false);
}

/** setRepositoryResult's statement, for the scan's closing transaction of a repository (hot-sql.ts). */
export function repositoryResultStatement(id: string, result: { ok: true } | { ok: false; code: string; message: string }): Fragment {
  const now = new Date();
  return result.ok
    ? sql`UPDATE "Repository" SET "status" = 'ok', "errorCode" = NULL, "errorMessage" = NULL, "lastScannedAt" = ${now}, "updatedAt" = ${now} WHERE "id" = ${id}`
    : sql`UPDATE "Repository" SET "status" = 'error', "errorCode" = ${result.code}, "errorMessage" = ${result.message}, "lastScannedAt" = ${now}, "updatedAt" = ${now} WHERE "id" = ${id}`;
}

export async function recordRateLimit(host: string, info: { limit?: number; remaining?: number; windowSeconds?: number }): Promise<void> {
  await prisma.registry.updateMany({
    where: { host },
    data: {
      rateLimitLimit: info.limit ?? null,
      rateLimitRemaining: info.remaining ?? null,
      rateLimitWindow: info.windowSeconds ?? null,
      rateLimitAt: new Date(),
    },
  });
}

export async function listRegistries(): Promise<ApiRegistry[]> {
  const rows = await prisma.registry.findMany({
    orderBy: { host: "asc" },
    select: {
      host: true,
      rateLimitLimit: true,
      rateLimitRemaining: true,
      rateLimitWindow: true,
      rateLimitAt: true,
      _count: { select: { repositories: true } },
    },
  });
  return rows.map((r) => ({
    host: r.host,
    repositories: r._count.repositories,
    rateLimit: r.rateLimitAt
      ? { limit: r.rateLimitLimit, remaining: r.rateLimitRemaining, windowSeconds: r.rateLimitWindow, at: r.rateLimitAt.toISOString() }
      : null,
  }));
}
