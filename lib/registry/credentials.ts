// Credentials the Docker way: $DOCKER_CONFIG/config.json `auths`, `credHelpers` per host and
// `credsStore`, the helpers run as `docker-credential-<name> get`. Values never leave this module
// except as an Authorization header; nothing here logs them.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Credential {
  username?: string;
  password?: string;
  /** OAuth refresh token (`identitytoken`, or a helper answering Username "<token>"). */
  identityToken?: string;
}

export interface CredentialSource {
  get(registry: string): Promise<Credential | undefined>;
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);
const HUB_SERVER_URL = "https://index.docker.io/v1/";
const HELPER_NAME = /^[A-Za-z0-9._-]+$/;

/** config.json keys may be "https://index.docker.io/v1/", "http://host:5000", "host:5000/v2/": keep the host. */
export function normalizeAuthKey(key: string): string {
  const host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0].toLowerCase();
  return HUB_ALIASES.has(host) ? "docker.io" : host;
}

/** The server URL a credential helper knows the registry by. */
export function helperServerUrl(registry: string): string {
  return registry === "docker.io" ? HUB_SERVER_URL : registry;
}

export type HelperRunner = (helper: string, serverUrl: string) => Promise<Credential | undefined>;

/** Runs `docker-credential-<helper> get`; a missing helper or "not found" answer means anonymous. */
export const runCredentialHelper: HelperRunner = (helper, serverUrl) =>
  new Promise((resolve) => {
    if (!HELPER_NAME.test(helper)) return resolve(undefined);
    let out = "";
    let settled = false;
    const done = (v: Credential | undefined) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    const child = spawn(`docker-credential-${helper}`, ["get"], { stdio: ["pipe", "pipe", "ignore"], timeout: 10_000 });
    child.on("error", () => done(undefined));
    child.stdout.on("data", (chunk: Buffer) => {
      if (out.length < 65536) out += chunk.toString("utf8");
    });
    child.stdin.on("error", () => undefined);
    child.on("close", (code) => {
      if (code !== 0) return done(undefined);
      try {
        const data = JSON.parse(out) as { Username?: unknown; Secret?: unknown };
        if (typeof data.Secret !== "string" || data.Secret === "") return done(undefined);
        if (data.Username === "<token>") return done({ identityToken: data.Secret });
        done({ username: typeof data.Username === "string" ? data.Username : "", password: data.Secret });
      } catch {
        done(undefined);
      }
    });
    child.stdin.end(serverUrl);
  });

function fromAuthEntry(e: AuthEntry): Credential | undefined {
  if (typeof e.identitytoken === "string" && e.identitytoken) return { identityToken: e.identitytoken };
  if (typeof e.auth === "string" && e.auth) {
    const decoded = Buffer.from(e.auth, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
  }
  if (typeof e.username === "string" && typeof e.password === "string" && e.username) {
    return { username: e.username, password: e.password };
  }
  return undefined;
}

/** Reads config.json once and answers per registry; results are cached for the client's lifetime. */
export class DockerConfigCredentials implements CredentialSource {
  private readonly dir: string;
  private readonly runHelper: HelperRunner;
  private config?: Promise<DockerConfig | null>;
  private readonly cache = new Map<string, Promise<Credential | undefined>>();

  constructor(dir?: string, runHelper: HelperRunner = runCredentialHelper) {
    this.dir = dir ?? process.env.DOCKER_CONFIG ?? join(homedir(), ".docker");
    this.runHelper = runHelper;
  }

  get(registry: string): Promise<Credential | undefined> {
    const key = normalizeAuthKey(registry);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.lookup(key);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async lookup(registry: string): Promise<Credential | undefined> {
    const cfg = await this.load();
    if (!cfg) return undefined;
    const helpers = cfg.credHelpers ?? {};
    for (const [k, helper] of Object.entries(helpers)) {
      if (normalizeAuthKey(k) === registry && typeof helper === "string") return this.runHelper(helper, helperServerUrl(registry));
    }
    for (const [k, entry] of Object.entries(cfg.auths ?? {})) {
      if (normalizeAuthKey(k) !== registry || !entry || typeof entry !== "object") continue;
      const cred = fromAuthEntry(entry);
      if (cred) return cred;
    }
    if (typeof cfg.credsStore === "string" && cfg.credsStore) return this.runHelper(cfg.credsStore, helperServerUrl(registry));
    return undefined;
  }

  private load(): Promise<DockerConfig | null> {
    this.config ??= readFile(join(this.dir, "config.json"), "utf8").then(
      (text) => {
        try {
          const data: unknown = JSON.parse(text);
          return data && typeof data === "object" ? (data as DockerConfig) : null;
        } catch {
          return null;
        }
      },
      () => null,
    );
    return this.config;
  }
}
