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
  /** Publish the result under this tag instead of `tag` (a released version is never rebuilt in place). */
  publishAs?: string;
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
export function manifestCommands(target: string, siblings: SiblingImage[], includeCurrent: boolean, current = target): string[] {
  const sources = [...(includeCurrent ? [current] : []), ...siblings.map((s) => s.reference)];
  return [
    `docker manifest create ${target} ${sources.map((s) => `--amend ${s}`).join(" ")}`,
    ...siblings.map((s) => `docker manifest annotate ${target} ${s.reference} ${annotateFlags(s).join(" ")}`),
    `docker manifest push ${target}`,
  ];
}

/** What to run so `repository:tag` covers every missing column. Empty steps when nothing is missing. */
export function remediationPlan(input: RemediationInput): RemediationPlan {
  // What is read (the tag as published) and what is written (the same tag, or a new one).
  const source = `${input.repository}:${input.tag}`;
  const target = `${input.repository}:${input.publishAs ?? input.tag}`;
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
      ? [`docker buildx imagetools create -t ${target} ${source} ${siblings.map((s) => s.reference).join(" ")}`]
      : [
          ...manifestCommands(target, siblings, current, source),
          `# or, in one step: docker buildx imagetools create -t ${target} ${[...(current ? [source] : []), ...siblings.map((s) => s.reference)].join(" ")}`,
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
        `docker manifest create ${target} --amend ${source} --amend ${input.repository}:${input.tag}-windows-ltsc2022`,
        `docker manifest push ${target}`,
      ],
    });
  }

  const summary = `${source} is missing ${missing.join(", ")}.`;
  return { target, summary, steps };
}

/** A released version ("2.3.0", "v1.4.2-alpine"): people pin it, so it is never rebuilt in place. Moving tags ("latest", "1.2", "stable") are. */
export function isReleasedVersion(tag: string): boolean {
  return /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(tag);
}

/** "2.3.0" -> "2.3.1", "v1.4.2-alpine" -> "v1.4.3-alpine": where a fixed build of a released version goes. */
export function nextPatch(tag: string): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)(.*)$/.exec(tag);
  if (!m) return `${tag}-multiarch`;
  return `${m[1]}${m[2]}.${m[3]}.${Number(m[4]) + 1}${m[5]}`;
}

export interface TagGaps {
  tag: string;
  present: string[];
  missing: string[];
  isIndex?: boolean;
}

export interface LeadRemediation {
  /** The tag the advice starts from: `latest` when tracked, else the newest. */
  from: string;
  /** Where the fixed build goes: the same tag when it moves, a new version when it is released. */
  publishAs: string;
  /** Why that target, in one sentence. */
  why: string;
  /** Every column any tracked tag lacks: the one build that closes them all. */
  missing: string[];
  plan: RemediationPlan;
  /** The other tags with gaps, newest first; released ones are left as they are. */
  others: TagGaps[];
}

/**
 * One block to start from: the `latest` tag (or the newest, when `latest` is not tracked), fixed
 * for the union of the repository's gaps. A moving tag is rebuilt in place; a released version
 * (2.3.0) never is: the fix is published as the next patch version instead. `tags` newest first.
 */
export function leadRemediation(repository: string, tags: TagGaps[], siblings: SiblingImage[] = []): LeadRemediation | null {
  const withGaps = tags.filter((t) => t.missing.length > 0);
  if (withGaps.length === 0) return null;
  const lead = tags.find((t) => t.tag === "latest") ?? tags[0];
  // Every column some tag lacks that the lead does not already have: one build closes them all.
  const missing = sortColumns(withGaps.flatMap((t) => t.missing)).filter((c) => !lead.present.includes(c));
  const released = isReleasedVersion(lead.tag);
  const publishAs = released && missing.length ? nextPatch(lead.tag) : lead.tag;
  const why =
    missing.length === 0
      ? `${lead.tag} already publishes every required architecture: the older tags' gaps are closed by moving to it.`
      : released
        ? `${lead.tag} is a released version that people may have pinned, so it is not rebuilt in place: publish the multi-arch build as ${publishAs}.`
        : `${lead.tag} is a moving tag: rebuilding it in place is what its users expect.`;
  const plan = remediationPlan({ repository, tag: lead.tag, present: lead.present, missing, siblings, isIndex: lead.isIndex, publishAs });
  return { from: lead.tag, publishAs, why, missing, plan, others: withGaps.filter((t) => t.tag !== lead.tag) };
}
