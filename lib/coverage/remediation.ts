// "What to do" hints for a coverage gap: the commands a maintainer runs to publish one
// multi-arch name. Pure: takes plain values, returns text; the UI only renders it.

/** One architecture column that an arch-prefixed sibling image already provides. */
export interface SiblingImage {
  /** Column key, e.g. "arm64", "arm", "windows/amd64". */
  column: string;
  /** Full reference of the sibling, e.g. "docker.io/arm64v8/nginx:1.27". */
  reference: string;
}

export interface RemediationInput {
  /** Repository reference without tag, e.g. "ghcr.io/acme/api" or "docker.io/library/nginx". */
  repository: string;
  tag: string;
  /** Column keys the tag already has. */
  present: string[];
  /** Column keys the tag lacks. */
  missing: string[];
  /** Arch-prefixed images that already provide some of the missing columns. */
  siblings?: SiblingImage[];
  /** True when the tag is already an index (manifest list); `docker manifest create` cannot take one as a source. */
  isIndex?: boolean;
}

export interface RemediationStep {
  id: "combine-siblings" | "buildx" | "windows";
  title: string;
  explanation: string;
  commands: string[];
}

export interface RemediationPlan {
  target: string;
  summary: string;
  steps: RemediationStep[];
}

const ARCH_ORDER = ["amd64", "arm64", "arm", "ppc64le", "s390x", "386", "riscv64", "mips64le"];

/** `linux/...` platform string for a column key; columns with a slash are already os/arch. */
export function platformForColumn(column: string): string {
  if (column.includes("/")) return column;
  if (column === "arm") return "linux/arm/v7";
  return `linux/${column}`;
}

function isWindows(column: string): boolean {
  return column.startsWith("windows/");
}

function sortColumns(columns: Iterable<string>): string[] {
  const rank = (c: string) => {
    const i = ARCH_ORDER.indexOf(c);
    return i === -1 ? ARCH_ORDER.length : i;
  };
  return [...new Set(columns)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The `docker buildx build` line that publishes every listed Linux column under one name. */
export function buildxCommand(target: string, columns: string[]): string {
  const platforms = sortColumns(columns.filter((c) => !isWindows(c))).map(platformForColumn);
  return `docker buildx build --platform ${platforms.join(",")} -t ${target} --push .`;
}

/**
 * os/arch/variant flags for `docker manifest annotate`. The variant comes from Docker's
 * arch-prefix naming when the sibling says it (arm32v6/x -> v6); arm64 is always v8.
 */
export function annotateFlags(sibling: SiblingImage): string[] {
  const [os, arch] = isWindows(sibling.column) ? sibling.column.split("/") : ["linux", sibling.column];
  const flags = ["--os", os, "--arch", arch];
  if (arch === "arm64") flags.push("--variant", "v8");
  if (arch === "arm") {
    const m = /(?:^|\/)arm32(v[5-7])\//.exec(sibling.reference);
    flags.push("--variant", m ? m[1] : "v7");
  }
  return flags;
}

/** create / annotate / push for combining the current image with arch-prefixed siblings. */
export function manifestCommands(target: string, siblings: SiblingImage[], includeCurrent: boolean): string[] {
  const sources = [...(includeCurrent ? [target] : []), ...siblings.map((s) => s.reference)];
  return [
    `docker manifest create ${target} ${sources.map((s) => `--amend ${s}`).join(" ")}`,
    ...siblings.map((s) => `docker manifest annotate ${target} ${s.reference} ${annotateFlags(s).join(" ")}`),
    `docker manifest push ${target}`,
  ];
}

/** What to run so `repository:tag` covers every missing column. Empty steps when nothing is missing. */
export function remediationPlan(input: RemediationInput): RemediationPlan {
  const target = `${input.repository}:${input.tag}`;
  const missing = sortColumns(input.missing);
  if (missing.length === 0) {
    return { target, summary: `${target} already covers every required architecture.`, steps: [] };
  }
  const steps: RemediationStep[] = [];
  const siblings = (input.siblings ?? []).filter((s) => missing.includes(s.column));
  const bySibling = new Set(siblings.map((s) => s.column));

  if (siblings.length > 0) {
    const current = input.present.length > 0;
    const commands = input.isIndex
      ? [`docker buildx imagetools create -t ${target} ${target} ${siblings.map((s) => s.reference).join(" ")}`]
      : [
          ...manifestCommands(target, siblings, current),
          `# or, in one step: docker buildx imagetools create -t ${target} ${[...(current ? [target] : []), ...siblings.map((s) => s.reference)].join(" ")}`,
        ];
    steps.push({
      id: "combine-siblings",
      title: `Publish ${sortColumns(bySibling).join(", ")} under one name`,
      explanation:
        "These architectures already exist as separate arch-prefixed images. Combine them into one manifest list so users on every machine pull the same name.",
      commands,
    });
  }

  const linuxMissing = missing.filter((c) => !isWindows(c) && !bySibling.has(c));
  if (linuxMissing.length > 0) {
    const all = [...input.present.filter((c) => !isWindows(c)), ...missing.filter((c) => !isWindows(c))];
    steps.push({
      id: "buildx",
      // With siblings this is the alternative that fixes everything, not a follow-up step:
      // pushing the buildx result replaces the combined list.
      title:
        siblings.length > 0
          ? "Or rebuild every architecture with docker buildx"
          : `Build ${linuxMissing.join(", ")} with docker buildx`,
      explanation:
        `Rebuild the image for every Linux architecture at once (adding ${linuxMissing.join(", ")}) and push one multi-arch manifest list. QEMU emulation lets one amd64 machine build them all (slower); native builders are faster.`,
      commands: [
        "docker run --privileged --rm tonistiigi/binfmt --install all",
        "docker buildx create --use --name multiarch",
        buildxCommand(target, all),
      ],
    });
  }

  const windowsMissing = missing.filter((c) => isWindows(c) && !bySibling.has(c));
  if (windowsMissing.length > 0) {
    steps.push({
      id: "windows",
      title: "Add a Windows image",
      explanation:
        "Windows images are built on Windows hosts, one per Windows Server version (2019 10.0.17763, 2022 10.0.20348, 2025 10.0.26100). Push each, then add them to the list; Docker picks the entry whose os.version matches the host.",
      commands: [
        `docker manifest create ${target} --amend ${target} --amend ${input.repository}:${input.tag}-windows-ltsc2022`,
        `docker manifest push ${target}`,
      ],
    });
  }

  const summary = `${target} is missing ${missing.join(", ")}.`;
  return { target, summary, steps };
}
