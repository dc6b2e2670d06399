// Image config platforms by digest. Configs are content-addressed, so an entry never goes stale:
// a digest is fetched from a registry once, ever, and then read from here.
import { prisma } from "../db";
import type { ConfigCache, Platform } from "../registry/types";

export function createConfigCache(): ConfigCache {
  const memory = new Map<string, Platform>();
  return {
    async get(digest) {
      const hit = memory.get(digest);
      if (hit) return hit;
      const row = await prisma.configBlob.findUnique({ where: { digest } });
      if (!row) return undefined;
      const p: Platform = { os: row.os, architecture: row.architecture };
      if (row.variant) p.variant = row.variant;
      if (row.osVersion) p.osVersion = row.osVersion;
      if (row.osFeatures) p.osFeatures = JSON.parse(row.osFeatures) as string[];
      memory.set(digest, p);
      return p;
    },
    async set(digest, p) {
      memory.set(digest, p);
      const data = {
        os: p.os,
        architecture: p.architecture,
        variant: p.variant ?? null,
        osVersion: p.osVersion ?? null,
        osFeatures: p.osFeatures?.length ? JSON.stringify(p.osFeatures) : null,
      };
      await prisma.configBlob.upsert({ where: { digest }, create: { digest, ...data }, update: {} });
    },
  };
}
