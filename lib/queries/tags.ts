// Tag snapshots: the latest platforms of each tag, written one tag per transaction, and the
// change events that record how a tag's platform set moved.
import { prisma } from "../db";
import type { Platform, ResolvedPlatform } from "../registry/types";

export interface StoredTag {
  id: string;
  name: string;
  digest: string | null;
  errorCode: string | null;
  configsVerified: boolean;
  platformKeys: string[];
  createdAt: Date;
}

function keyOf(p: { os: string; architecture: string; variant?: string | null }): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** Every tag stored for a repository, with its platform keys. */
export async function getStoredTags(repositoryId: string): Promise<Map<string, StoredTag>> {
  const rows = await prisma.tag.findMany({
    where: { repositoryId },
    select: {
      id: true,
      name: true,
      digest: true,
      errorCode: true,
      configsVerified: true,
      createdAt: true,
      platforms: { select: { os: true, architecture: true, variant: true } },
    },
  });
  return new Map(
    rows.map((r) => [
      r.name,
      { id: r.id, name: r.name, digest: r.digest, errorCode: r.errorCode, configsVerified: r.configsVerified, createdAt: r.createdAt, platformKeys: [...new Set(r.platforms.map(keyOf))].sort() },
    ]),
  );
}

/** An unchanged tag: only its checkedAt moves (and a stale error is cleared). */
export async function touchTags(repositoryId: string, names: string[], at = new Date()): Promise<void> {
  if (names.length === 0) return;
  await prisma.tag.updateMany({
    where: { repositoryId, name: { in: names } },
    data: { checkedAt: at, errorCode: null, errorMessage: null },
  });
}

export interface TagSnapshot {
  digest: string;
  mediaType: string;
  platforms: ResolvedPlatform[];
  configsVerified: boolean;
}

function platformRow(p: ResolvedPlatform) {
  const raw: Platform = p.raw;
  return {
    os: p.platform.os,
    architecture: p.platform.architecture,
    variant: p.platform.variant ?? null,
    osVersion: p.platform.osVersion ?? null,
    osFeatures: p.platform.osFeatures?.length ? JSON.stringify(p.platform.osFeatures) : null,
    rawOs: raw.os,
    rawArchitecture: raw.architecture,
    rawVariant: raw.variant ?? null,
    digest: p.digest ?? null,
    mediaType: p.mediaType ?? null,
    size: p.size ?? null,
    configPlatform: p.configMismatch ? keyOf(p.configMismatch) : null,
  };
}

/**
 * Writes a tag's new snapshot and, when its platform set changed, an event — all in one
 * transaction, so a failure leaves the previous snapshot whole.
 * `previousNewest` is the platform set of the repository's newest other tag, used to flag a new
 * tag that ships fewer platforms than the one before it.
 */
export async function saveTagSnapshot(
  repositoryId: string,
  name: string,
  snap: TagSnapshot,
  context: { previous?: StoredTag; previousNewest?: string[]; flagNewTagRegressions: boolean },
): Promise<{ changed: boolean; event: boolean }> {
  const now = new Date();
  const keys = [...new Set(snap.platforms.map((p) => keyOf(p.platform)))].sort();
  const prev = context.previous;
  const digestChanged = !prev || prev.digest !== snap.digest;
  let event: { kind: string; added: string[]; removed: string[]; regression: boolean } | null = null;
  if (!prev || prev.digest === null) {
    const lacking = context.previousNewest ? context.previousNewest.filter((k) => !keys.includes(k)) : [];
    event = { kind: "new-tag", added: keys, removed: lacking, regression: context.flagNewTagRegressions && lacking.length > 0 };
  } else if (digestChanged) {
    const added = keys.filter((k) => !prev.platformKeys.includes(k));
    const removed = prev.platformKeys.filter((k) => !keys.includes(k));
    if (added.length || removed.length) event = { kind: "changed", added, removed, regression: removed.length > 0 };
  }
  await prisma.$transaction(async (tx) => {
    const tag = await tx.tag.upsert({
      where: { repositoryId_name: { repositoryId, name } },
      create: { repositoryId, name, digest: snap.digest, mediaType: snap.mediaType, configsVerified: snap.configsVerified, checkedAt: now, changedAt: now },
      update: {
        digest: snap.digest,
        mediaType: snap.mediaType,
        configsVerified: snap.configsVerified,
        checkedAt: now,
        errorCode: null,
        errorMessage: null,
        ...(digestChanged ? { changedAt: now } : {}),
      },
      select: { id: true },
    });
    await tx.tagPlatform.deleteMany({ where: { tagId: tag.id } });
    if (snap.platforms.length) {
      await tx.tagPlatform.createMany({ data: snap.platforms.map((p) => ({ tagId: tag.id, ...platformRow(p) })) });
    }
    if (event) {
      await tx.changeEvent.create({
        data: {
          repositoryId,
          tag: name,
          kind: event.kind,
          added: JSON.stringify(event.added),
          removed: JSON.stringify(event.removed),
          fromDigest: prev?.digest ?? null,
          toDigest: snap.digest,
          regression: event.regression,
          at: now,
        },
      });
    }
  });
  return { changed: digestChanged, event: event !== null };
}

/** Records that a tag could not be scanned; its previous platforms stay as they were. */
export async function saveTagError(repositoryId: string, name: string, error: { code: string; message: string }): Promise<void> {
  const now = new Date();
  await prisma.tag.upsert({
    where: { repositoryId_name: { repositoryId, name } },
    create: { repositoryId, name, errorCode: error.code, errorMessage: error.message, checkedAt: now },
    update: { errorCode: error.code, errorMessage: error.message, checkedAt: now },
  });
}

/** Drops tags the policy no longer selects (only after the tag list was read successfully). */
export async function removeUntrackedTags(repositoryId: string, keep: string[]): Promise<number> {
  const { count } = await prisma.tag.deleteMany({ where: { repositoryId, name: { notIn: keep } } });
  return count;
}
