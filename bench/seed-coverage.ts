// Grows a scanned bench database to N repositories for the GET /api/coverage measurement, by
// replicating the rows the real scan wrote (Repository, Tag, TagPlatform, ChangeEvent) under new
// names. The data is exactly the shape a scan writes, because a scan wrote it; only ids and names differ.
// With a `sourceUrl` (BENCH_DATABASE=postgres: the scan's SQLite file) the rows are read there and
// written, originals included, into `databaseUrl` (a migrated, empty PostgreSQL database).
import { randomUUID } from "node:crypto";
import type { Prisma } from "../lib/generated/prisma/client";
import { seedClient } from "./pg";

export interface SeedResult {
  repositories: number;
  tags: number;
  platforms: number;
  ms: number;
}

function id(): string {
  return "b" + randomUUID().replace(/-/g, "").slice(0, 24);
}

export async function replicateTo(databaseUrl: string, targetRepos: number, sourceUrl = databaseUrl): Promise<SeedResult> {
  const t0 = performance.now();
  const prisma = seedClient(databaseUrl);
  const source = sourceUrl === databaseUrl ? prisma : seedClient(sourceUrl);
  try {
    const src = await source.repository.findMany({
      orderBy: { reference: "asc" },
      include: { tags: { include: { platforms: true } }, events: true },
    });
    if (src.length === 0) throw new Error("no scanned repositories to replicate");
    if (source !== prisma) await prisma.registry.createMany({ data: await source.registry.findMany() });
    type Batch = {
      repos: Prisma.RepositoryCreateManyInput[];
      tags: Prisma.TagCreateManyInput[];
      platforms: Prisma.TagPlatformCreateManyInput[];
      events: Prisma.ChangeEventCreateManyInput[];
    };
    const empty = (): Batch => ({ repos: [], tags: [], platforms: [], events: [] });
    const flush = async (b: Batch) => {
      if (b.repos.length === 0) return;
      // Parents first: one transaction per batch of repositories.
      await prisma.$transaction([
        prisma.repository.createMany({ data: b.repos }),
        prisma.tag.createMany({ data: b.tags }),
        prisma.tagPlatform.createMany({ data: b.platforms }),
        prisma.changeEvent.createMany({ data: b.events }),
      ]);
    };
    let batch = empty();
    // Into another database, copy 0 is the scanned rows themselves (new ids, same names).
    let count = source === prisma ? src.length : 0;
    for (let copy = source === prisma ? 1 : 0; count < targetRepos; copy++) {
      for (const r of src) {
        if (count >= targetRepos) break;
        const repoId = id();
        const name = copy === 0 ? r.name : `${r.name}-r${copy}`;
        batch.repos.push({
          id: repoId,
          registryId: r.registryId,
          name,
          reference: r.reference.slice(0, r.reference.length - r.name.length) + name,
          tagPolicy: r.tagPolicy,
          verifyConfigs: r.verifyConfigs,
          status: r.status,
          errorCode: r.errorCode,
          errorMessage: r.errorMessage,
          lastScannedAt: r.lastScannedAt,
        });
        for (const t of r.tags) {
          const tagId = id();
          batch.tags.push({
            id: tagId,
            repositoryId: repoId,
            name: t.name,
            digest: t.digest,
            mediaType: t.mediaType,
            checkedAt: t.checkedAt,
            changedAt: t.changedAt,
            errorCode: t.errorCode,
            errorMessage: t.errorMessage,
          });
          for (const p of t.platforms) {
            batch.platforms.push({
              id: id(),
              tagId,
              os: p.os,
              architecture: p.architecture,
              variant: p.variant,
              osVersion: p.osVersion,
              osFeatures: p.osFeatures,
              rawOs: p.rawOs,
              rawArchitecture: p.rawArchitecture,
              rawVariant: p.rawVariant,
              digest: p.digest,
              mediaType: p.mediaType,
              size: p.size,
              configPlatform: p.configPlatform,
            });
          }
        }
        for (const e of r.events) {
          batch.events.push({
            id: id(),
            repositoryId: repoId,
            tag: e.tag,
            kind: e.kind,
            added: e.added,
            removed: e.removed,
            fromDigest: e.fromDigest,
            toDigest: e.toDigest,
            regression: e.regression,
            at: e.at,
          });
        }
        count++;
        if (batch.repos.length >= 250) {
          await flush(batch);
          batch = empty();
        }
      }
    }
    await flush(batch);
    const [repositories, tags, platforms] = await Promise.all([prisma.repository.count(), prisma.tag.count(), prisma.tagPlatform.count()]);
    return { repositories, tags, platforms, ms: performance.now() - t0 };
  } finally {
    await prisma.$disconnect();
    if (source !== prisma) await source.$disconnect();
  }
}
