// The images the e2e server pushes into its registry before the app starts, and what the app
// must conclude about each. Every spec owns its own repositories (a distinct path prefix), so
// specs never depend on one another or on the order they run in.
import type { ImageSpec } from "../fixtures/pusher";

/** The grid's default columns, in the order the app shows them. */
export const DEFAULT_COLUMNS = ["amd64", "arm", "arm64", "ppc64le", "s390x"] as const;
export type Column = (typeof DEFAULT_COLUMNS)[number];

export interface CatalogTag {
  tag: string;
  spec: ImageSpec;
  /** Normalized platforms the tag must show, as "os/arch[/variant]". Attestations never appear. */
  platforms: string[];
}

export interface CatalogImage {
  /** Repository path inside the registry (no host). */
  repo: string;
  tags: CatalogTag[];
  /** Default columns some tracked tag lacks (the API's repository-level `missing`). */
  missing: Column[];
}

const ATT_INDEX: ImageSpec = {
  format: "oci-index",
  platforms: [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm64", variant: "v8" },
  ],
  attestations: true,
};

const ARM_LIST: ImageSpec = {
  format: "docker-list",
  platforms: [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm", variant: "v6" },
    { os: "linux", architecture: "arm", variant: "v7" },
  ],
};

const ALL_FIVE: ImageSpec = {
  format: "oci-index",
  platforms: [
    { os: "linux", architecture: "amd64" },
    { os: "linux", architecture: "arm", variant: "v7" },
    { os: "linux", architecture: "arm64", variant: "v8" },
    { os: "linux", architecture: "ppc64le" },
    { os: "linux", architecture: "s390x" },
  ],
  attestations: 2,
};

const WINDOWS_LINUX: ImageSpec = {
  format: "oci-index",
  platforms: [
    { os: "windows", architecture: "amd64", osVersion: "10.0.20348.2340" },
    { os: "linux", architecture: "arm64", variant: "v8" },
  ],
};

const SINGLE_AMD64: ImageSpec = { format: "docker-image", platform: { os: "linux", architecture: "amd64" } };
const SINGLE_S390X: ImageSpec = { format: "oci-image", platform: { os: "linux", architecture: "s390x" } };

const P = {
  attIndex: ["linux/amd64", "linux/arm64"],
  armList: ["linux/amd64", "linux/arm/v6", "linux/arm/v7"],
  allFive: ["linux/amd64", "linux/arm/v7", "linux/arm64", "linux/ppc64le", "linux/s390x"],
  windowsLinux: ["windows/amd64", "linux/arm64"],
  amd64: ["linux/amd64"],
  s390x: ["linux/s390x"],
};

function image(repo: string, missing: Column[], ...tags: Array<[string, ImageSpec, string[]]>): CatalogImage {
  return { repo, missing, tags: tags.map(([tag, spec, platforms]) => ({ tag, spec: { ...spec, seed: `${repo}:${tag}` }, platforms })) };
}

/** One group per spec file; the key is how the spec finds its images. */
export const CATALOG = {
  addScan: [image("e2e/add-scan/buildkit-app", ["arm", "ppc64le", "s390x"], ["latest", ATT_INDEX, P.attIndex])],
  validation: [image("e2e/validation/real", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64])],
  addMany: [
    image("e2e/add-many/armlist", ["arm64", "ppc64le", "s390x"], ["latest", ARM_LIST, P.armList]),
    image("e2e/add-many/single", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64]),
    image("e2e/add-many/complete", [], ["latest", ALL_FIVE, P.allFive]),
  ],
  // A namespace of its own: the catalog import adds everything under this prefix.
  importCatalog: [
    image("e2e-import/api", ["arm", "ppc64le", "s390x"], ["latest", ATT_INDEX, P.attIndex]),
    image("e2e-import/worker", ["amd64", "arm", "arm64", "ppc64le"], ["latest", SINGLE_S390X, P.s390x]),
    image("e2e-import/web", [], ["latest", ALL_FIVE, P.allFive]),
  ],
  browse: [
    image("e2e/browse/complete", [], ["latest", ALL_FIVE, P.allFive]),
    image("e2e/browse/armlist", ["arm64", "ppc64le", "s390x"], ["latest", ARM_LIST, P.armList]),
    image("e2e/browse/windows", ["amd64", "arm", "ppc64le", "s390x"], ["latest", WINDOWS_LINUX, P.windowsLinux]),
    image("e2e/browse/legacy", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64]),
  ],
  repositoryPage: [
    // Two tags in different formats: the page lists every tag x platform.
    // A column counts as missing for the repository when any tracked tag lacks it.
    image(
      "e2e/detail/service",
      ["arm", "arm64", "ppc64le", "s390x"],
      ["latest", ATT_INDEX, P.attIndex],
      ["1.0", ARM_LIST, P.armList],
    ),
  ],
  history: [image("e2e/history/flaky-build", ["arm", "ppc64le", "s390x"], ["latest", ATT_INDEX, P.attIndex])],
  deleteRepo: [image("e2e/delete/doomed", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64])],
  darkMode: [image("e2e/dark/mixed", ["arm64", "ppc64le", "s390x"], ["latest", ARM_LIST, P.armList])],
  // Check a deployment: one image with arm64, one without.
  checkDeployment: [
    image("e2e/check/multi", ["arm", "ppc64le", "s390x"], ["1.0", ATT_INDEX, P.attIndex]),
    image("e2e/check/x86", ["arm", "arm64", "ppc64le", "s390x"], ["1.0", SINGLE_AMD64, P.amd64]),
  ],
  badges: [
    image("e2e/badges/complete", [], ["latest", ALL_FIVE, P.allFive]),
    image("e2e/badges/legacy", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64]),
  ],
  security: [image("e2e/security/app", ["arm", "ppc64le", "s390x"], ["latest", ATT_INDEX, P.attIndex])],
  // Scan page: one repository that scans fine beside one the spec adds without pushing (it fails).
  // Waivers: an amd64-only image whose arm64 gap is waived in the UI, beside a complete one.
  waivers: [
    image("e2e/waivers/gpu", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64]),
    image("e2e/waivers/complete", [], ["latest", ALL_FIVE, P.allFive]),
  ],
  scanPage: [image("e2e/scan-page/fine", ["arm", "arm64", "ppc64le", "s390x"], ["latest", SINGLE_AMD64, P.amd64])],
  // Accessibility (axe on every page): a complete image, a partial one and one with Windows, so
  // every cell state and the drawer's platform list are on the pages axe reads.
  a11y: [
    image("e2e/a11y/complete", [], ["latest", ALL_FIVE, P.allFive]),
    image("e2e/a11y/partial", ["arm", "ppc64le", "s390x"], ["latest", ATT_INDEX, P.attIndex]),
    image("e2e/a11y/mixed-os", ["amd64", "arm", "ppc64le", "s390x"], ["latest", WINDOWS_LINUX, P.windowsLinux]),
  ],
  // Hydration: pages whose server HTML carries relative times ("just now").
  hydration: [image("e2e/hydration/app", ["arm", "ppc64le", "s390x"], ["latest", ATT_INDEX, P.attIndex])],
} satisfies Record<string, CatalogImage[]>;

export type CatalogGroup = keyof typeof CATALOG;

/** Images a spec may push itself while it runs (history: the same tag rebuilt without arm64). */
export const REBUILDS = {
  historyWithoutArm64: {
    format: "oci-index",
    platforms: [{ os: "linux", architecture: "amd64" }],
    attestations: true,
    seed: "rebuilt-without-arm64",
  } satisfies ImageSpec,
};
