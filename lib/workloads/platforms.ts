// Required platforms of a check (`archgrid check --require`, POST /api/checks "platforms"): parsed once from "linux/amd64,arm64,…" and
// matched the way the grid's columns are (lib/coverage/columns.ts): a requirement without a
// variant is met by any variant of its os/architecture (so `linux/arm` takes arm/v5, v6 or v7),
// and a windows entry never meets a linux requirement.
import { DEFAULT_COLUMNS, parseColumn } from "../coverage/columns";
import { normalizePlatform, platformKey, type Platform } from "../registry";

export interface Requirement {
  /** As shown to users: "linux/arm64", "linux/arm/v7", "windows/amd64". */
  key: string;
  os: string;
  architecture: string;
  /** Only when the user named one: then exactly that variant is required. */
  variant?: string;
}

/** The five linux columns of the grid: amd64, arm (any variant), arm64, ppc64le, s390x. */
export const DEFAULT_REQUIREMENTS: readonly Requirement[] = DEFAULT_COLUMNS.map((c) => {
  const col = parseColumn(c);
  return { key: `${col.os}/${col.architecture}`, os: col.os, architecture: col.architecture };
});

const PART = /^[a-z0-9_.-]+$/;

/** Thrown for a malformed platform list; the CLI reports it with exit 2, the API with 400 invalid-platform. */
export class InvalidPlatformError extends Error {
  override name = "InvalidPlatformError";
}

/**
 * "linux/amd64, arm64 ,linux/arm/v7" -> requirements, normalized by containerd's rules
 * (aarch64 -> arm64, armhf -> arm/v7). A bare architecture means linux, as the grid's columns do.
 */
export function parseRequirements(list: string[]): Requirement[] {
  const out = new Map<string, Requirement>();
  for (const item of list.flatMap((s) => s.split(","))) {
    const raw = item.trim().toLowerCase();
    if (raw === "") continue;
    const parts = raw.split("/");
    const [os, architecture, variant] = parts.length === 1 ? ["linux", parts[0], undefined] : parts;
    if (parts.length > 3 || !os || !architecture || parts.some((p) => !PART.test(p))) {
      throw new InvalidPlatformError(`"${item.trim()}" is not a platform; write os/architecture[/variant], e.g. linux/arm64 or linux/arm/v7`);
    }
    const n = normalizePlatform({ os, architecture, variant });
    // containerd reads a bare "arm" as arm/v7; as a requirement it means "any arm variant".
    if (!variant && architecture === "arm") delete n.variant;
    const req: Requirement = { key: platformKey(n), os: n.os, architecture: n.architecture };
    if (n.variant) req.variant = n.variant;
    out.set(req.key, req);
  }
  if (out.size === 0) throw new InvalidPlatformError("no platform given; write e.g. linux/amd64,linux/arm64");
  return [...out.values()];
}

/** True when the normalized platform meets the requirement. */
export function meets(req: Requirement, p: Platform): boolean {
  if (p.os !== req.os || p.architecture !== req.architecture) return false;
  return req.variant === undefined || p.variant === req.variant;
}

/** Requirements none of the (normalized) platforms meets, in the order given. */
export function missingRequirements(reqs: readonly Requirement[], platforms: Platform[]): Requirement[] {
  return reqs.filter((r) => !platforms.some((p) => meets(r, p)));
}

/** "arm64", "arm/v7", "windows/amd64": how a node of that platform is named in messages. */
export function nodeName(req: Requirement): string {
  const arch = req.variant ? `${req.architecture}/${req.variant}` : req.architecture;
  return req.os === "linux" ? arch : `${req.os}/${arch}`;
}
