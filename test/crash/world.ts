// The registry side of the crash test: every repository has three pushed generations of its
// image (different platform sets and formats) and one or more watched tags (latest, tag-2, …) that are
// moved to another generation before each scan, so every watched tag of every repository changes.
import { getManifestBytes, pushMany, putManifest, type ImageSpec, type Plat } from "../../e2e/fixtures/pusher";
import type { RunningRegistry } from "../../e2e/fixtures/registry";

const L = (architecture: string, variant?: string): Plat => (variant ? { os: "linux", architecture, variant } : { os: "linux", architecture });
const key = (p: Plat) => [p.os, p.architecture, p.variant].filter(Boolean).join("/");

/** Platform sets written in normalized form already, so the expected keys are the pushed ones. */
const GENERATIONS: Array<(seed: string) => { spec: ImageSpec; platforms: Plat[] }> = [
  (seed) => ({ spec: { format: "oci-index", platforms: [L("amd64"), L("arm64"), L("s390x")], seed }, platforms: [L("amd64"), L("arm64"), L("s390x")] }),
  (seed) => {
    const platforms = [L("amd64"), L("arm", "v7"), L("arm64"), L("ppc64le"), L("riscv64")];
    return { spec: { format: "docker-list", platforms, seed }, platforms };
  },
  // A single image: its platform comes from the config blob (and the config cache's own writes).
  (seed) => ({ spec: { format: "oci-image", platform: L("arm64"), seed }, platforms: [L("arm64")] }),
];

interface Generation {
  digest: string;
  body: Buffer;
  mediaType: string;
}

export class World {
  readonly repos: string[];
  /** digest -> sorted platform keys it stands for */
  readonly platformsOf = new Map<string, string[]>();
  readonly #generations = new Map<string, Generation[]>();
  /** repo:tag -> digest the registry answers now */
  readonly current = new Map<string, string>();

  readonly tags: string[];

  constructor(
    readonly registry: RunningRegistry,
    repoCount: number,
    tagCount: number,
  ) {
    this.repos = Array.from({ length: repoCount }, (_, i) => `crash/team-${i % 10}/svc-${String(i).padStart(4, "0")}`);
    this.tags = Array.from({ length: tagCount }, (_, i) => (i === 0 ? "latest" : `tag-${i + 1}`));
  }

  async push(): Promise<void> {
    const items = this.repos.flatMap((repo) => GENERATIONS.map((g, gi) => ({ repo, tag: `g${gi}`, ...g(`${repo}#${gi}`) })));
    const pushed = await pushMany({ url: this.registry.url }, items, 8);
    for (const [i, item] of items.entries()) {
      const keys = item.platforms.map(key).sort();
      const known = this.platformsOf.get(pushed[i].digest);
      if (known && known.join() !== keys.join()) throw new Error(`two generations share digest ${pushed[i].digest}`);
      this.platformsOf.set(pushed[i].digest, keys);
    }
    for (const repo of this.repos) {
      const gens: Generation[] = [];
      for (let gi = 0; gi < GENERATIONS.length; gi++) gens.push(await getManifestBytes({ url: this.registry.url }, repo, `g${gi}`));
      this.#generations.set(repo, gens);
    }
  }

  /** Points every watched tag at another generation (round r moves each tag one step on). */
  async moveTags(round: number): Promise<void> {
    let next = 0;
    const work = this.repos.flatMap((repo, ri) => this.tags.map((tag, ti) => ({ repo, tag, g: (round + ri + ti) % GENERATIONS.length })));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < work.length) {
          const w = work[next++];
          const gen = this.#generations.get(w.repo)![w.g];
          await putManifest({ url: this.registry.url }, w.repo, w.tag, gen.body, gen.mediaType);
          this.current.set(`${w.repo}:${w.tag}`, gen.digest);
        }
      }),
    );
  }

  references(): string[] {
    return this.repos.map((r) => `${this.registry.host}/${r}`);
  }
}
