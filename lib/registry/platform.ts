// Platform normalization in exactly one function (containerd/platforms database.go, regclient types/platform).
import type { Platform } from "./types";

function normalizeOs(os: string): string {
  const o = os.trim().toLowerCase();
  return o === "macos" ? "darwin" : o;
}

function normalizeArch(rawArch: string, rawVariant: string): { architecture: string; variant: string } {
  let arch = rawArch.trim().toLowerCase();
  let variant = rawVariant.trim().toLowerCase();
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
    case "arm64": {
      arch = "arm64";
      const dot = variant.indexOf(".");
      let major = dot >= 0 ? variant.slice(0, dot) : variant;
      let minor = dot >= 0 ? variant.slice(dot + 1) : "";
      let hasMinor = dot >= 0;
      major = major.replace(/^v/, "");
      if (minor === "0") {
        minor = "";
        hasMinor = false;
      }
      if ((major === "" || major === "8") && !hasMinor) variant = "";
      else variant = `v${major}${hasMinor ? `.${minor}` : ""}`;
      break;
    }
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
 * containerd's normalization: x86_64 -> amd64 (v1 dropped), aarch64 -> arm64 (v8 dropped),
 * i386 -> 386, armhf -> arm/v7, armel -> arm/v6, bare arm -> arm/v7, macos -> darwin, all lowercase.
 * osVersion and osFeatures are kept as they are.
 */
export function normalizePlatform(p: Platform): Platform {
  const { architecture, variant } = normalizeArch(p.architecture ?? "", p.variant ?? "");
  const out: Platform = { os: normalizeOs(p.os ?? ""), architecture };
  if (variant) out.variant = variant;
  if (p.osVersion) out.osVersion = p.osVersion;
  if (p.osFeatures && p.osFeatures.length > 0) out.osFeatures = [...p.osFeatures];
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
