// Arch-prefixed Docker Hub namespaces (arm64v8/x, ppc64le/x …) that publish the same image
// for one architecture (docker-library/bashbrew architecture/oci-platform.go).
import type { RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { normalizePlatform, parsePlatformKey, platformKey } from "./platform";
import { formatReference, parseReference } from "./reference";
import type { Platform, Reference } from "./types";

/** bashbrew's prefixes and their platforms, normalized (arm64v8 is linux/arm64). */
export const ARCH_PREFIXES: Record<string, Platform> = {
  amd64: { os: "linux", architecture: "amd64" },
  arm32v5: { os: "linux", architecture: "arm", variant: "v5" },
  arm32v6: { os: "linux", architecture: "arm", variant: "v6" },
  arm32v7: { os: "linux", architecture: "arm", variant: "v7" },
  arm64v8: { os: "linux", architecture: "arm64" },
  i386: { os: "linux", architecture: "386" },
  mips64le: { os: "linux", architecture: "mips64le" },
  ppc64le: { os: "linux", architecture: "ppc64le" },
  riscv64: { os: "linux", architecture: "riscv64" },
  s390x: { os: "linux", architecture: "s390x" },
  "windows-amd64": { os: "windows", architecture: "amd64" },
};

/** The bare image name when `repo` is official-style (docker.io/library/x, or x on the sibling registry), else null. */
export function officialName(repo: Reference, siblingRegistry: string): string | null {
  const parts = repo.repository.split("/");
  if (repo.registry === "docker.io" && parts.length === 2 && parts[0] === "library") return parts[1];
  if (repo.registry === siblingRegistry && parts.length === 1) return parts[0];
  // A mirror of Docker Hub's layout (tests point the sibling registry at one) keeps library/x.
  if (repo.registry === siblingRegistry && parts.length === 2 && parts[0] === "library") return parts[1];
  return null;
}

/** A prefix covers a missing key when the keys are equal, or the key names no variant and os/arch agree ("linux/arm" = any arm). */
function covers(prefixPlatform: Platform, missingKey: string): boolean {
  let want: Platform;
  try {
    want = parsePlatformKey(missingKey);
  } catch {
    return false;
  }
  if (want.variant) return platformKey(normalizePlatform(want)) === platformKey(prefixPlatform);
  const norm = normalizePlatform({ os: want.os, architecture: want.architecture });
  return norm.os === prefixPlatform.os && norm.architecture === prefixPlatform.architecture;
}

/**
 * For an official-style repository, HEADs `<prefix>/<name>:<tag>` on `siblingRegistry` for each
 * prefix whose platform is among `missingKeys` (e.g. "linux/arm64"), and returns those that exist.
 * Never throws for a missing sibling (404 = not there); other errors leave that prefix out.
 */
export async function findSiblings(
  client: RegistryClient,
  repo: Reference,
  tag: string,
  missingKeys: string[],
  siblingRegistry: string,
): Promise<Array<{ prefix: string; reference: string; platform: Platform; digest: string }>> {
  const host = siblingRegistry === "index.docker.io" ? "docker.io" : siblingRegistry;
  const name = officialName(repo, host);
  if (!name) return [];
  const wanted = Object.entries(ARCH_PREFIXES).filter(([, p]) => missingKeys.some((k) => covers(p, k)));
  const found = await Promise.all(
    wanted.map(async ([prefix, platform]) => {
      try {
        const ref = parseReference(`${host}/${prefix}/${name}:${tag}`);
        const { digest } = await client.headManifest(ref, tag, { fallbackGet: false });
        return { prefix, reference: formatReference(ref), platform, digest };
      } catch (e) {
        if (e instanceof RegistryError) return null;
        throw e;
      }
    }),
  );
  return found.filter((x): x is NonNullable<typeof x> => x !== null);
}
