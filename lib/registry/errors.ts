// Registry errors: one class, a closed set of codes, and whether a retry may help
// (go-containerregistry transport/error.go, regclient's flat sentinel errors).

export const RegistryErrorCodes = [
  "invalid-reference",
  "unauthorized",
  "forbidden",
  "repository-not-found",
  "tag-not-found",
  "rate-limited",
  "registry-unavailable",
  "timeout",
  "invalid-response",
  "too-large",
  "digest-mismatch",
  "blocked-address",
  "unsupported-media-type",
] as const;

export type RegistryErrorCode = (typeof RegistryErrorCodes)[number];

/** Longest message kept (they are stored per tag and shown in the grid and reports). */
export const MESSAGE_CAP = 1000;

/**
 * Registry-supplied text made safe to store and print: control characters (C0, C1, DEL) and
 * invisible format characters (bidi overrides, zero-width) removed, whitespace collapsed to one
 * space, length capped.
 */
export function sanitizeMessage(text: string, cap = MESSAGE_CAP): string {
  const clean = text
    .replace(/[\t\n\r\f\v\u00a0\u2028\u2029]+/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > cap ? `${clean.slice(0, cap - 1)}…` : clean;
}

const TEMPORARY: ReadonlySet<RegistryErrorCode> = new Set(["rate-limited", "registry-unavailable", "timeout"]);

export interface RegistryErrorInit {
  status?: number;
  registryCode?: string;
  temporary?: boolean;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** Every failure of lib/registry. `message` is plain words, safe to show users (never holds credentials). */
/**
 * Next.js loads lib/registry more than once in one server process (the instrumentation hook and
 * each route bundle are separate module copies), and the scan engine, with its client, is shared
 * through globalThis: an error thrown by the engine's copy must still be a RegistryError to a
 * route's copy. So `instanceof` checks a brand registered process-wide, not the prototype chain.
 */
const REGISTRY_ERROR = Symbol.for("archgrid.RegistryError");

export class RegistryError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[REGISTRY_ERROR] === true;
  }

  readonly code: RegistryErrorCode;
  /** HTTP status of the registry answer, when there was one. */
  readonly status?: number;
  /** The registry's own error code from the body, e.g. MANIFEST_UNKNOWN. */
  readonly registryCode?: string;
  /** True when the same request may succeed later (rate limit, outage, timeout). */
  readonly temporary: boolean;
  readonly retryAfterSeconds?: number;

  constructor(code: RegistryErrorCode, message: string, init: RegistryErrorInit = {}) {
    super(sanitizeMessage(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "RegistryError";
    Object.defineProperty(this, REGISTRY_ERROR, { value: true });
    this.code = code;
    this.status = init.status;
    this.registryCode = init.registryCode;
    this.temporary = init.temporary ?? TEMPORARY.has(code);
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/**
 * The same error with every secret (a token, a password, a Basic header's base64) replaced by
 * "[redacted]". Registries and token servers choose their error text, and some echo what they
 * were sent; that text is stored per tag and returned by the API.
 */
export function redactSecrets(e: RegistryError, secrets: Array<string | undefined>): RegistryError {
  const found = secrets.filter((x): x is string => typeof x === "string" && x.length >= 4).sort((a, b) => b.length - a.length);
  if (!found.some((x) => e.message.includes(x))) return e;
  let message = e.message;
  for (const x of found) message = message.split(x).join("[redacted]");
  return new RegistryError(e.code, message, { status: e.status, registryCode: e.registryCode, temporary: e.temporary, retryAfterSeconds: e.retryAfterSeconds });
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** One entry of the distribution error body `{ "errors": [{ "code", "message", "detail" }] }`. */
export interface RegistryErrorDetail {
  code?: string;
  message?: string;
}

/** Parses a (size-capped) error body; tolerant of non-JSON and of other shapes. */
export function parseErrorBody(text: string): RegistryErrorDetail {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {};
  }
  if (!data || typeof data !== "object") return {};
  const obj = data as Record<string, unknown>;
  if (Array.isArray(obj.errors) && obj.errors.length > 0) {
    const first = obj.errors[0] as Record<string, unknown> | null;
    if (first && typeof first === "object") {
      return {
        code: typeof first.code === "string" ? first.code : undefined,
        message: typeof first.message === "string" ? first.message : undefined,
      };
    }
  }
  for (const key of ["message", "error_message", "detail", "error"]) {
    if (typeof obj[key] === "string") return { message: obj[key] as string };
  }
  return {};
}

/** What a failed exchange was about, for messages. */
export interface ErrorTarget {
  /** Registry as the user knows it, e.g. "docker.io" or "127.0.0.1:5000". */
  registry: string;
  repository?: string;
  /** What was asked for, e.g. `team/app:1.0` or `tags of team/app`. */
  subject: string;
  kind: "manifest" | "blob" | "tags" | "catalog" | "api" | "token";
}

function clip(s: string, n = 200): string {
  return sanitizeMessage(s, n);
}

/** Maps a non-2xx registry answer to a RegistryError with a plain-words message. */
export function errorForStatus(
  status: number,
  target: ErrorTarget,
  detail: RegistryErrorDetail,
  retryAfterSeconds?: number,
): RegistryError {
  const rc = detail.code;
  const codeNote = rc ? ` (${rc})` : ` (HTTP ${status})`;
  const said = detail.message ? `: ${clip(detail.message)}` : "";
  const reg = `registry ${target.registry}`;
  const init: RegistryErrorInit = { status, registryCode: rc, retryAfterSeconds };
  const repo = target.repository ? `"${target.repository}"` : `"${target.subject}"`;
  if (status === 401) {
    return new RegistryError(
      "unauthorized",
      `${reg} refused access to ${repo}${codeNote}: the repository may not exist, or it is private and needs credentials (docker login, or config.json in DOCKER_CONFIG)`,
      init,
    );
  }
  if (status === 403) return new RegistryError("forbidden", `${reg} denies access to ${repo}${codeNote}${said}`, init);
  if (status === 404) {
    if (rc === "NAME_UNKNOWN" || (target.kind === "tags" && rc !== "MANIFEST_UNKNOWN")) {
      return new RegistryError("repository-not-found", `${reg} says repository ${repo} does not exist${codeNote}`, init);
    }
    if (rc === "MANIFEST_UNKNOWN" || target.kind === "manifest") {
      return new RegistryError("tag-not-found", `${reg} has no manifest for "${target.subject}"${codeNote}`, init);
    }
    if (target.kind === "blob") {
      return new RegistryError("invalid-response", `${reg} is missing blob ${target.subject} that a manifest of ${repo} refers to${codeNote}`, init);
    }
    return new RegistryError("invalid-response", `${reg} has nothing at ${target.subject}${codeNote}`, init);
  }
  if (status === 429) {
    const wait = retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds} s` : "";
    return new RegistryError("rate-limited", `${reg} is rate limiting requests for ${repo}${codeNote}${wait}`, init);
  }
  if (status === 408 || status >= 500) {
    return new RegistryError("registry-unavailable", `${reg} failed to answer for "${target.subject}" (HTTP ${status})${said}`, {
      ...init,
      temporary: true,
    });
  }
  if (status === 400 && (rc === "NAME_INVALID" || rc === "TAG_INVALID" || rc === "DIGEST_INVALID")) {
    return new RegistryError("invalid-reference", `${reg} rejects "${target.subject}" as invalid${codeNote}${said}`, init);
  }
  return new RegistryError("invalid-response", `${reg} answered HTTP ${status} for "${target.subject}"${rc ? ` (${rc})` : ""}${said}`, init);
}
