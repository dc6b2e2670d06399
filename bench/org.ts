// A synthetic, deterministic (seeded) organization: repositories × tags with a realistic mix of
// manifest formats and platform sets, as PushItems for e2e/fixtures/pusher.ts.
import type { ImageSpec, Plat, PushItem } from "../e2e/fixtures/pusher";

/** mulberry32: small, fast, good enough for drawing fixtures; same seed, same organization. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(r: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1][0];
}

const L = (architecture: string, variant?: string): Plat => (variant === undefined ? { os: "linux", architecture } : { os: "linux", architecture, variant });

/** Platform sets seen in published images (PROTOCOL.md "What the real world looks like"). */
export const SHAPES: ReadonlyArray<readonly [{ name: string; platforms: Plat[] }, number]> = [
  [{ name: "amd64+arm64", platforms: [L("amd64"), L("arm64")] }, 35],
  [{ name: "full-five", platforms: [L("amd64"), L("arm", "v7"), L("arm64", "v8"), L("ppc64le"), L("s390x")] }, 15],
  [{ name: "amd64-only", platforms: [L("amd64")] }, 12],
  [{ name: "arm-v6-v7", platforms: [L("amd64"), L("arm", "v6"), L("arm", "v7"), L("arm64", "v8")] }, 12],
  [{ name: "amd64+arm64+armv7", platforms: [L("amd64"), L("arm", "v7"), L("arm64")] }, 10],
  [{ name: "ibm", platforms: [L("amd64"), L("arm64"), L("ppc64le"), L("s390x")] }, 5],
  [
    {
      name: "official-wide",
      platforms: [L("amd64"), L("arm", "v5"), L("arm", "v7"), L("arm64", "v8"), L("386"), L("mips64le"), L("ppc64le"), L("riscv64"), L("s390x")],
    },
    6,
  ],
  [
    {
      name: "linux+windows",
      platforms: [
        L("amd64"),
        L("arm64", "v8"),
        { os: "windows", architecture: "amd64", osVersion: "10.0.17763.6532" },
        { os: "windows", architecture: "amd64", osVersion: "10.0.20348.2849" },
      ],
    },
    5,
  ],
];

/** Platforms of single-image repositories. */
const SINGLE_PLATFORMS: ReadonlyArray<readonly [Plat, number]> = [
  [L("amd64"), 75],
  [L("arm64"), 12],
  [L("arm", "v7"), 8],
  [L("ppc64le"), 5],
];

export type Format = "oci-index" | "docker-list" | "oci-image" | "docker-image";
const FORMATS: ReadonlyArray<readonly [Format, number]> = [
  ["oci-index", 50],
  ["docker-list", 20],
  ["oci-image", 15],
  ["docker-image", 15],
];

export interface OrgRepo {
  /** Repository path on the registry, e.g. "acme/team-3/svc-0042". */
  name: string;
  format: Format;
  shape: string;
  tags: string[];
}

export interface Org {
  repos: OrgRepo[];
  items: PushItem[];
  /** Tag count per format, and per shape. */
  mix: { formats: Record<string, number>; shapes: Record<string, number>; attestationEntries: number; platformEntries: number };
}

/** Tag names: "1.0", "1.1", ... and the last one "latest". */
export function tagNames(n: number): string[] {
  const out = Array.from({ length: Math.max(0, n - 1) }, (_, i) => `1.${i}`);
  if (n > 0) out.push("latest");
  return out;
}

export function repoName(i: number): string {
  return `acme/team-${i % 12}/svc-${String(i).padStart(4, "0")}`;
}

/**
 * Draws the organization. Each repository has one format and one platform shape; older tags
 * sometimes lack the shape's last platform (architectures get added over time), and about one
 * OCI index in five has fewer attestations than platforms (busybox-style).
 */
export function buildOrg(repoCount: number, tagCount: number, seed = 20261127): Org {
  const r = rng(seed);
  const tags = tagNames(tagCount);
  const repos: OrgRepo[] = [];
  const items: PushItem[] = [];
  const mix: Org["mix"] = { formats: {}, shapes: {}, attestationEntries: 0, platformEntries: 0 };
  for (let i = 0; i < repoCount; i++) {
    const name = repoName(i);
    const format = pickWeighted(r, FORMATS);
    let shape: string;
    let specFor: (tagIndex: number) => ImageSpec;
    if (format === "oci-index" || format === "docker-list") {
      const s = pickWeighted(r, SHAPES);
      shape = s.name;
      const fewerAttestations = r() < 0.2;
      specFor = (ti) => {
        const older = ti < tags.length - 1 && s.platforms.length > 1 && r() < 0.25;
        const platforms = older ? s.platforms.slice(0, -1) : s.platforms;
        if (format === "docker-list") return { format, platforms };
        const attestations = fewerAttestations && platforms.length > 1 ? platforms.length - 1 : true;
        return { format, platforms, attestations };
      };
    } else {
      const p = pickWeighted(r, SINGLE_PLATFORMS);
      shape = `single-${p.architecture}${p.variant ? "-" + p.variant : ""}`;
      specFor = () => ({ format, platform: p });
    }
    repos.push({ name, format, shape, tags });
    tags.forEach((tag, ti) => {
      const spec = specFor(ti);
      items.push({ repo: name, tag, spec });
      mix.formats[format] = (mix.formats[format] ?? 0) + 1;
      mix.shapes[shape] = (mix.shapes[shape] ?? 0) + 1;
      if (spec.format === "oci-index" || spec.format === "docker-list") {
        mix.platformEntries += spec.platforms.length;
        const a = spec.attestations;
        mix.attestationEntries += a === true ? spec.platforms.length : typeof a === "number" ? a : 0;
      } else {
        mix.platformEntries += 1;
      }
    });
  }
  return { repos, items, mix };
}
