// The set-up the PostgreSQL worker tests (test/workers/) share: a real registry (behind a proxy
// when the test watches the traffic), this process as an app replica that only queues
// (ARCHGRID_WORKERS=0, no schedule unless asked), a pg.Client on the test file's database for
// the test's own checks, and `npm run worker` processes; all of it stopped after the file.
// Kept apart from ./workers.ts because that one is also used outside vitest (bench/workers.ts),
// and this one registers vitest hooks.
import { afterAll, beforeAll } from "vitest";
import pg from "pg";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { onPostgres } from "./pg-admin";
import { startWorkers, type WorkerProcess } from "./workers";

export const linux = (architecture: string): Plat => ({ os: "linux", architecture });

/** "prefix/app0" … "prefix/app{n-1}". */
export const repoNames = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}/app${i}`);

/** A proxy in front of the registry (fault proxy, stamp proxy): the app and the workers reach the registry through `host`. */
export interface RegistryFront {
  host: string;
  stop(): Promise<void>;
}

export interface WorkerRigOptions<P extends RegistryFront> {
  /** Start a registry (default true). */
  registry?: boolean;
  /** Put this in front of the registry (given its URL). */
  proxy?: (registryUrl: string) => Promise<P>;
  /** ARCHGRID_SCAN_INTERVAL_MINUTES of this process and its workers (default 0: no schedule). */
  intervalMinutes?: number;
  /** Open a pg.Client on the test file's database (default true). */
  db?: boolean;
}

export interface WatchOptions {
  /** Tags pushed to each repository and tracked (default: "latest", tracked by the default policy). */
  tags?: string[];
  /** Platforms of each tag's OCI index (default linux/amd64). */
  platforms?: Plat[];
  /** Seed of the image pushed as repository `i`'s `k`-th tag (default none). */
  seed?: (i: number, k: number) => string;
}

export interface WorkerRig<P extends RegistryFront> {
  registry: RunningRegistry;
  /** The proxy of `options.proxy` (undefined without one). */
  proxy: P;
  /** The registry host the app and workers watch: the proxy's when there is one. */
  host: string;
  db: pg.Client;
  /** Every worker started through the rig: SIGKILLed after the file. */
  workers: WorkerProcess[];
  /** Starts `n` workers on this file's database, allowed to reach `host`, with the rig's schedule interval; `env` adds or overrides. */
  startWorkers(n: number, env?: Record<string, string>): Promise<WorkerProcess[]>;
  /** Pushes each repository's tags and watches it through `host` (addRepository); resolves the ids in the order of `names`. */
  watch(names: string[], options?: WatchOptions): Promise<string[]>;
}

/** Registers the file's beforeAll/afterAll (they do nothing off PostgreSQL); the rig's fields are set once beforeAll ran. */
export function useWorkerRig<P extends RegistryFront = RegistryFront>(options: WorkerRigOptions<P> = {}): WorkerRig<P> {
  const interval = String(options.intervalMinutes ?? 0);
  const rig = {
    workers: [] as WorkerProcess[],
    async startWorkers(n: number, env: Record<string, string> = {}) {
      const started = await startWorkers(n, { ...(rig.host ? { ARCHGRID_INSECURE_REGISTRIES: rig.host } : {}), ARCHGRID_SCAN_INTERVAL_MINUTES: interval, ...env });
      rig.workers.push(...started);
      return started;
    },
    async watch(names: string[], o: WatchOptions = {}) {
      const { addRepository } = await import("../../lib/watch");
      const ids: string[] = [];
      for (const [i, name] of names.entries()) {
        for (const [k, tag] of (o.tags ?? ["latest"]).entries()) {
          await pushImage({ url: rig.registry.url }, name, tag, { format: "oci-index", platforms: o.platforms ?? [linux("amd64")], ...(o.seed ? { seed: o.seed(i, k) } : {}) });
        }
        ids.push((await addRepository({ reference: `${rig.host}/${name}`, ...(o.tags ? { tags: o.tags } : {}) })).id);
      }
      return ids;
    },
  } as WorkerRig<P>;

  beforeAll(async () => {
    if (!onPostgres) return;
    if (options.registry !== false) {
      rig.registry = await startRegistry();
      if (options.proxy) rig.proxy = await options.proxy(rig.registry.url);
      rig.host = rig.proxy?.host ?? rig.registry.host;
      process.env.ARCHGRID_INSECURE_REGISTRIES = rig.host;
    }
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = interval;
    // This process is an app replica that only queues scans: workers do the scanning.
    process.env.ARCHGRID_WORKERS = "0";
    if (options.db !== false) {
      rig.db = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await rig.db.connect();
    }
  }, 60_000);

  afterAll(async () => {
    for (const w of rig.workers) w.kill();
    if (onPostgres) {
      const { stopBoss } = await import("../../lib/jobs/boss");
      await stopBoss(1_000).catch(() => undefined);
    }
    await rig.db?.end();
    await rig.proxy?.stop();
    await rig.registry?.stop();
  });

  return rig;
}
