// Image config platforms by digest. Configs are content-addressed, so an entry never goes stale:
// a digest is fetched from a registry once, ever, and then read from here. Scan hot path (hot-sql.ts).
import { hotAll, hotRun, sql } from "./hot-sql";
import type { ConfigCache, Platform } from "../registry/types";

export function createConfigCache(): ConfigCache {
  const memory = new Map<string, Platform>();
  return {
    async get(digest) {
      const hit = memory.get(digest);
      if (hit) return hit;
      const rows = await hotAll<{ os: string; architecture: string; variant: string | null; osVersion: string | null; osFeatures: string | null }>(
        sql`SELECT "os", "architecture", "variant", "osVersion", "osFeatures" FROM "ConfigBlob" WHERE "digest" = ${digest}`,
      );
      const row = rows[0];
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
      const features = p.osFeatures?.length ? JSON.stringify(p.osFeatures) : null;
      // ON CONFLICT DO NOTHING is understood by SQLite and PostgreSQL alike.
      await hotRun(
        [
          sql`INSERT INTO "ConfigBlob" ("digest", "os", "architecture", "variant", "osVersion", "osFeatures", "createdAt")
        VALUES (${digest}, ${p.os}, ${p.architecture}, ${p.variant ?? null}, ${p.osVersion ?? null}, ${features}, ${new Date()})
        ON CONFLICT ("digest") DO NOTHING`,
        ],
        false,
      );
    },
  };
}
