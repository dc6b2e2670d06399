// Image references, parsed once into a value (distribution/reference normalize.go rules).
import { RegistryError } from "./errors";
import type { Reference } from "./types";

export const DEFAULT_REGISTRY = "docker.io";
const LEGACY_DEFAULT_REGISTRY = "index.docker.io";
const DOCKER_HUB_API_HOST = "registry-1.docker.io";
const OFFICIAL_PREFIX = "library/";
const DEFAULT_TAG = "latest";
/** distribution/reference NameTotalLengthMax: domain + "/" + path. */
const NAME_TOTAL_LENGTH_MAX = 255;

const PATH_COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
const NAME_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };
const ANCHORED_ID_RE = /^[a-f0-9]{64}$/;

function invalid(input: string, why: string): RegistryError {
  return new RegistryError("invalid-reference", `"${input}" is not a valid image reference: ${why}`);
}

/** True for a tag the distribution spec allows: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`. */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** True for a repository path the distribution spec allows (lowercase components). */
export function isValidRepositoryName(name: string): boolean {
  return NAME_RE.test(name);
}

/** Why `digest` is not a valid `algorithm:hex` digest, or null when it is. sha256 needs 64 lowercase hex. */
export function digestProblem(digest: string): string | null {
  // The common case, checked several times per manifest on the scan path: one anchored test.
  if (SHA256_RE.test(digest)) return null;
  if (!DIGEST_RE.test(digest)) return "a digest looks like sha256:<64 hex characters>";
  const [algo, hex] = digest.split(":", 2);
  const want = DIGEST_HEX_LENGTH[algo];
  if (want !== undefined) {
    if (!/^[a-f0-9]+$/.test(hex) || hex.length !== want) {
      return `a ${algo} digest has exactly ${want} lowercase hex characters`;
    }
  } else if (!/^[a-fA-F0-9]{32,}$/.test(hex)) {
    return "a digest has at least 32 hex characters after the algorithm";
  }
  return null;
}

export function isDigest(s: string): boolean {
  return s.includes(":") && digestProblem(s) === null;
}

/**
 * Parses a user-supplied reference the way `docker pull` does: `ubuntu` is
 * docker.io/library/ubuntu:latest, the first path part is a host only when it is `localhost` or
 * holds `.` or `:`, `localhost:5000/app` has a port (not a tag), and `name:tag@sha256:…` keeps both.
 * Throws RegistryError("invalid-reference") with a plain-words message.
 */
export function parseReference(input: string): Reference {
  const s = input.trim();
  if (s === "") throw invalid(input, "it is empty");
  if (/\s/.test(s)) throw invalid(input, "it contains whitespace");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw invalid(input, "leave out the URL scheme (write ghcr.io/org/app, not https://ghcr.io/org/app)");
  if (ANCHORED_ID_RE.test(s)) throw invalid(input, "a bare 64-character hex string is an image ID, not a reference");

  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) throw invalid(input, problem);
  }

  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!isValidTag(tag)) {
      throw invalid(input, `tag "${tag}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`);
    }
  }
  if (rest === "") throw invalid(input, "the repository name is missing");

  // splitDockerDomain: the first component is a registry only when it looks like a host.
  let registry = DEFAULT_REGISTRY;
  let repository = rest;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    // distribution also takes an uppercase first part as a host ("MyOrg/app"); that is nearly
    // always a mistyped Docker Hub name, so it falls through to the lowercase check instead.
    if (/[.:]/.test(first) || first === "localhost") {
      registry = first;
      repository = rest.slice(slash + 1);
      if (!DOMAIN_RE.test(registry)) throw invalid(input, `"${registry}" is not a valid registry host`);
      registry = registry.toLowerCase();
    }
  }
  if (registry === LEGACY_DEFAULT_REGISTRY) registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !repository.includes("/")) repository = OFFICIAL_PREFIX + repository;

  if (repository === "") throw invalid(input, "the repository name is missing");
  const shown = slash >= 0 && registry !== DEFAULT_REGISTRY ? repository : rest;
  if (repository.toLowerCase() !== repository) throw invalid(input, `repository name "${shown}" must be lowercase`);
  if (!NAME_RE.test(repository)) {
    throw invalid(input, `repository name "${shown}" may only hold lowercase letters, digits and single separators (".", "_", "__", "-") between them, in "/"-separated parts`);
  }
  if (registry.length + 1 + repository.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalid(input, `the name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (tag === undefined && digest === undefined) tag = DEFAULT_TAG;
  const ref: Reference = { registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** Canonical `host/name` without tag or digest, e.g. "docker.io/library/ubuntu". Use it as the repository's identity. */
export function repositoryKey(ref: Reference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Full canonical form: `host/name[:tag][@digest]`. */
export function formatReference(ref: Reference): string {
  return `${repositoryKey(ref)}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** The short form Docker users type: drops `docker.io/` and `library/`, e.g. "ubuntu:22.04". */
export function familiarReference(ref: Reference): string {
  let name = repositoryKey(ref);
  if (ref.registry === DEFAULT_REGISTRY) {
    name = ref.repository.startsWith(OFFICIAL_PREFIX) ? ref.repository.slice(OFFICIAL_PREFIX.length) : ref.repository;
  }
  return `${name}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** The host to speak the API to: Docker Hub's canonical "docker.io" is served by registry-1.docker.io. */
export function apiHost(registry: string): string {
  return registry === DEFAULT_REGISTRY ? DOCKER_HUB_API_HOST : registry;
}

/** `ref` pointed at another tag or digest (the registry and repository stay). */
export function withTagOrDigest(ref: Reference, tagOrDigest: string): Reference {
  const out: Reference = { registry: ref.registry, repository: ref.repository };
  if (isDigest(tagOrDigest)) out.digest = tagOrDigest;
  else out.tag = tagOrDigest;
  return out;
}
