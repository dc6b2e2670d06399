// `archgrid inspect IMAGE…`: what a tag stands for — every platform with its digest and media
// type, arm variants and Windows releases named, attestations counted apart.
import { windowsRelease } from "../coverage/gaps";
import { formatReference, isIndex, isSchema1, platformKey, type RegistryClient } from "../registry";
import { EXIT, table, windowsName, type ExitCode, type Io } from "./output";
import { fetchKey, resolveAll, shownName, tryParse, type ImageError, type ResolvedImage } from "../workloads";

export const INSPECT_FORMATS = ["table", "json"] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

interface JsonPlatform {
  platform: string;
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  windowsRelease?: string;
  /** What the registry said, before containerd's normalization. */
  raw: { os: string; architecture: string; variant?: string; osVersion?: string };
  digest?: string;
  mediaType?: string;
  size?: number;
}

type JsonImage =
  | { input: string; reference: string; digest: string; mediaType: string; kind: "index" | "image" | "schema1"; attestations: number; platforms: JsonPlatform[]; base?: { name: string | null; digest: string | null } }
  | { input: string; reference?: string; error: ImageError };

function kindOf(mt: string): "index" | "image" | "schema1" {
  return isIndex(mt) ? "index" : isSchema1(mt) ? "schema1" : "image";
}

function toJson(input: string, img: ResolvedImage): JsonImage {
  const platforms = img.platforms.map((rp): JsonPlatform => {
    const p = rp.platform;
    const out: JsonPlatform = { platform: platformKey(p), os: p.os, architecture: p.architecture, raw: { ...rp.raw } };
    if (p.variant) out.variant = p.variant;
    if (p.osVersion) {
      out.osVersion = p.osVersion;
      const named = windowsName(p.osVersion);
      if (named) out.windowsRelease = named;
    }
    delete (out.raw as { osFeatures?: unknown }).osFeatures;
    if (rp.digest) out.digest = rp.digest;
    if (rp.mediaType) out.mediaType = rp.mediaType;
    if (rp.size !== undefined) out.size = rp.size;
    return out;
  });
  return { input, reference: formatReference(img.ref), digest: img.digest, mediaType: img.mediaType, kind: kindOf(img.mediaType), attestations: img.attestations ?? 0, platforms, ...(img.base ? { base: img.base } : {}) };
}

function tableBlock(img: ResolvedImage): string {
  const n = img.platforms.length;
  const att = img.attestations ?? 0;
  const head = [
    shownName(img.ref),
    `  digest      ${img.digest}`,
    `  media type  ${img.mediaType} (${kindOf(img.mediaType) === "index" ? "multi-platform index" : kindOf(img.mediaType) === "schema1" ? "legacy schema1 manifest" : "single-platform image"})`,
    ...(img.base ? [`  built on    ${[img.base.name ?? "(no name)", img.base.digest].filter(Boolean).join(" ")} (OCI base annotations)`] : []),
    `  platforms   ${n}${att ? `, plus ${att} attestation${att === 1 ? "" : "s"} (provenance/SBOM, not platforms)` : ""}`,
  ];
  const windows = img.platforms.some((rp) => rp.platform.osVersion);
  const rows = img.platforms.map((rp) => {
    const rawKey = platformKey(rp.raw);
    const row = [platformKey(rp.platform)];
    if (windows) row.push(rp.platform.osVersion ? windowsRelease(rp.platform.osVersion) : "");
    row.push(rp.digest ?? "", rp.mediaType ?? "", rawKey !== platformKey(rp.platform) ? `registry says ${rawKey}` : "");
    return row;
  });
  const header = ["PLATFORM", ...(windows ? ["OS VERSION"] : []), "DIGEST", "MEDIA TYPE", "NOTE"];
  const body = n ? table(header, rows).split("\n").map((l) => `  ${l}`).join("\n") : "  (no platform: the image names none)";
  return `${head.join("\n")}\n${body}`;
}

export async function runInspect(client: RegistryClient, inputs: string[], format: InspectFormat, io: Io): Promise<ExitCode> {
  const parsed = inputs.map((input) => ({ input, p: tryParse(input) }));
  const refs = parsed.flatMap(({ p }) => (p.ok ? [p.ref] : []));
  const results = await resolveAll(client, refs, { attestations: true });
  let failed = false;
  const json: JsonImage[] = [];
  const blocks: string[] = [];
  for (const { input, p } of parsed) {
    const outcome = p.ok ? results.get(fetchKey(p.ref))! : p;
    if (!outcome.ok) {
      failed = true;
      json.push({ input, ...(p.ok ? { reference: formatReference(p.ref) } : {}), error: outcome.error });
      if (format === "table") io.err(`archgrid: cannot inspect ${input}: ${outcome.error.message}\n`);
      continue;
    }
    json.push(toJson(input, outcome.image));
    blocks.push(tableBlock(outcome.image));
  }
  if (format === "json") io.out(`${JSON.stringify({ images: json }, null, 2)}\n`);
  else if (blocks.length) io.out(`${blocks.join("\n\n")}\n`);
  return failed ? EXIT.error : EXIT.ok;
}
