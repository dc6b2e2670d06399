// Platform normalization in exactly one function (containerd/platforms database.go, regclient types/platform).
import type { Platform } from "./types";

// A transcription of containerd/platforms database.go (normalizeOS, normalizeArch) and
// platforms.go Normalize, checked against containerd/platforms@09756f59 (2026-03-31). Values are
// lowercased, never trimmed or otherwise repaired: containerd sees "amd64 " as an architecture
// of its own, so a pull on amd64 would not pick it, and neither do we.

function normalizeOs(os: string): string {
  // containerd maps "" to runtime.GOOS; archgrid refuses a platform without os before this point.
  const o = os.toLowerCase();
  return o === "macos" ? "darwin" : o;
}

function normalizeArch(rawArch: string, rawVariant: string): { architecture: string; variant: string } {
  let arch = rawArch.toLowerCase();
  let variant = rawVariant.toLowerCase();
  switch (arch) {
    case "i386":
      arch = "386";
      variant = "";
      break;
    case "x86_64":
    case "x86-64":
    case "amd64":
      arch = "amd64";
      if (variant === "v1") variant = "";
      break;
    case "aarch64":
    case "arm64":
      arch = "arm64";
      // Exactly containerd's table: the v8 spellings are the default (no variant), the v9
      // spellings become "v9"; every other value (v8.2, 8.0, v9.1 …) is kept as written.
      if (variant === "8" || variant === "v8" || variant === "v8.0") variant = "";
      else if (variant === "9" || variant === "9.0" || variant === "v9.0") variant = "v9";
      break;
    case "armhf":
      arch = "arm";
      variant = "v7";
      break;
    case "armel":
      arch = "arm";
      variant = "v6";
      break;
    case "arm":
      if (variant === "" || variant === "7") variant = "v7";
      else if (variant === "5" || variant === "6" || variant === "8") variant = `v${variant}`;
      break;
  }
  return { architecture: arch, variant };
}

/**
 * containerd's `platforms.Normalize`: x86_64/x86-64 -> amd64 (v1 dropped, v2-v4 kept),
 * aarch64 -> arm64 (8/v8/v8.0 dropped, 9/9.0/v9.0 -> v9), i386 -> 386, armhf -> arm/v7,
 * armel -> arm/v6, arm with no variant -> arm/v7, macos -> darwin, all lowercased, nothing
 * trimmed. os.version is kept as written; os.features are sorted and deduplicated.
 */
export function normalizePlatform(p: Platform): Platform {
  const { architecture, variant } = normalizeArch(p.architecture ?? "", p.variant ?? "");
  const out: Platform = { os: normalizeOs(p.os ?? ""), architecture };
  if (variant) out.variant = variant;
  if (p.osVersion) out.osVersion = p.osVersion;
  if (p.osFeatures && p.osFeatures.length > 0) out.osFeatures = [...new Set(p.osFeatures)].sort();
  return out;
}

/** "os/arch[/variant]" of the platform as given (normalize first to compare). osVersion is not part of the key. */
export function platformKey(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`;
}

/**
 * Inverse of platformKey: "linux/arm/v7" -> { os, architecture, variant }. Not normalized, so a
 * key like "linux/arm" (any arm variant) keeps its meaning. Throws on anything but 2 or 3 parts.
 */
export function parsePlatformKey(key: string): Platform {
  const parts = key.trim().toLowerCase().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((x) => x === "")) {
    throw new Error(`"${key}" is not a platform; write os/architecture[/variant], e.g. linux/arm64`);
  }
  const p: Platform = { os: parts[0], architecture: parts[1] };
  if (parts[2]) p.variant = parts[2];
  return p;
}

/** Same os/architecture/variant after normalization. */
export function samePlatform(a: Platform, b: Platform): boolean {
  return platformKey(normalizePlatform(a)) === platformKey(normalizePlatform(b));
}

/** True for BuildKit attestation placeholders (unknown/unknown). */
export function isUnknownPlatform(p: Platform): boolean {
  return p.os === "unknown" && p.architecture === "unknown";
}
