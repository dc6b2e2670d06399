// Image config platforms by digest. Configs are content-addressed, so an entry never goes stale:
// a digest is fetched from a registry once, ever, and then read from here. Scan hot path (hot-sql.ts).
//
// New entries are not written one autocommit each (a WAL commit per config blob was ~0.12 ms of a
// cold scan's time, 1.3 per repository on the bench's mix): they wait in `pending`, and the next
// repository's closing transaction takes them all as one multi-row INSERT (configCacheWrites,
// scan-repository.ts). Entries nobody takes (a config read outside a repository's scan) are
// written by a timer. A row lost with a failed transaction only costs a refetch of that blob.
import { hotAll, hotRun, join, row, sql, type Fragment } from "./hot-sql";
import type { ConfigCache, Platform } from "../registry/types";

/** How long an entry may wait for a closing transaction before it is written on its own. */
const FLUSH_AFTER_MS = 1000;
const ROWS_PER_INSERT = 400;

class DbConfigCache implements ConfigCache {
  private readonly memory = new Map<string, Platform>();
  private readonly pending = new Map<string, Platform>();
  private timer: NodeJS.Timeout | null = null;

  async get(digest: string): Promise<Platform | undefined> {
    const hit = this.memory.get(digest);
    if (hit) return hit;
    const rows = await hotAll<{ os: string; architecture: string; variant: string | null; osVersion: string | null; osFeatures: string | null }>(
      sql`SELECT "os", "architecture", "variant", "osVersion", "osFeatures" FROM "ConfigBlob" WHERE "digest" = ${digest}`,
    );
    const r = rows[0];
    if (!r) return undefined;
    const p: Platform = { os: r.os, architecture: r.architecture };
    if (r.variant) p.variant = r.variant;
    if (r.osVersion) p.osVersion = r.osVersion;
    if (r.osFeatures) p.osFeatures = JSON.parse(r.osFeatures) as string[];
    this.memory.set(digest, p);
    return p;
  }

  async set(digest: string, p: Platform): Promise<void> {
    this.memory.set(digest, p);
    this.pending.set(digest, p);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** The pending entries as INSERT statements (none when nothing waits); they are no longer pending. */
  takeWrites(): Fragment[] {
    if (this.pending.size === 0) return [];
    const now = new Date();
    const rows: Fragment[] = [];
    for (const [digest, p] of this.pending) {
      rows.push(row([digest, p.os, p.architecture, p.variant ?? null, p.osVersion ?? null, p.osFeatures?.length ? JSON.stringify(p.osFeatures) : null, now]));
    }
    this.pending.clear();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const out: Fragment[] = [];
    // ON CONFLICT DO NOTHING is understood by SQLite and PostgreSQL alike (another process may have written it).
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      out.push(sql`INSERT INTO "ConfigBlob" ("digest", "os", "architecture", "variant", "osVersion", "osFeatures", "createdAt")
        VALUES ${join(rows.slice(i, i + ROWS_PER_INSERT))} ON CONFLICT ("digest") DO NOTHING`);
    }
    return out;
  }

  /** Writes what no closing transaction took. Failures are only logged: the entry is still in memory, and a refetch would restore it. */
  async flush(): Promise<void> {
    const statements = this.takeWrites();
    if (statements.length === 0) return;
    await hotRun(statements, false).catch((e: unknown) => console.error("archgrid: could not store image config platforms in the cache:", e));
  }
}

export function createConfigCache(): ConfigCache {
  return new DbConfigCache();
}

/** The cache's waiting entries as statements for a caller's transaction (none for another kind of cache). */
export function configCacheWrites(cache: ConfigCache): Fragment[] {
  // Duck-typed (types.ts says why): DbConfigCache's method returns Fragments.
  return (cache.takeWrites?.() ?? []) as Fragment[];
}

/** Writes the waiting entries now (tests, and a process about to stop). */
export async function flushConfigCache(cache: ConfigCache): Promise<void> {
  const flush = (cache as Partial<DbConfigCache>).flush;
  if (typeof flush === "function") await flush.call(cache);
}
