// Registry auth: WWW-Authenticate parsing, a token cache bound to the registry and credential it
// was obtained for (plus realm+service+scope) with an expiry margin (regclient internal/auth), and
// the token fetch (distribution docs/spec/auth/token.md).
import { createHash } from "node:crypto";
import { type AddressPolicy, REFUSED_BY_POLICY, splitHostPort } from "./address";
import { BodyTooLarge } from "./body";
import type { Credential, CredentialSource } from "./credentials";
import { RegistryError, parseErrorBody } from "./errors";
import { apiHost } from "./reference";
import { Deadline, type RawInit, checkedExchange } from "./http";

export interface Challenge {
  /** Lowercased scheme, e.g. "bearer" or "basic". */
  scheme: string;
  /** Parameter names lowercased, values unquoted. */
  params: Record<string, string>;
}

/** Parses a WWW-Authenticate header into its challenges (quoted values may hold commas and escapes). */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const out: Challenge[] = [];
  let cur: Challenge | null = null;
  const s = header;
  let i = 0;
  const skip = (re: RegExp) => {
    while (i < s.length && re.test(s[i])) i++;
  };
  while (i < s.length) {
    skip(/[\s,]/);
    const start = i;
    while (i < s.length && !/[\s,=]/.test(s[i])) i++;
    const tok = s.slice(start, i);
    if (!tok) {
      i++;
      continue;
    }
    skip(/\s/);
    if (s[i] === "=") {
      i++;
      skip(/\s/);
      let value = "";
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\" && i + 1 < s.length) i++;
          value += s[i++];
        }
        i++;
      } else {
        const vs = i;
        while (i < s.length && s[i] !== ",") i++;
        value = s.slice(vs, i).trim();
      }
      if (cur) cur.params[tok.toLowerCase()] = value;
    } else {
      cur = { scheme: tok.toLowerCase(), params: {} };
      out.push(cur);
    }
  }
  return out;
}

export type AuthScheme = { scheme: "bearer"; realm: string; service?: string; scope?: string } | { scheme: "basic" };

/** The challenge we can answer: Bearer with a realm first, else Basic; null when neither. */
export function pickChallenge(header: string | null): AuthScheme | null {
  if (!header) return null;
  const all = parseWwwAuthenticate(header);
  const bearer = all.find((c) => c.scheme === "bearer" && c.params.realm);
  if (bearer) return { scheme: "bearer", realm: bearer.params.realm, service: bearer.params.service, scope: bearer.params.scope };
  if (all.some((c) => c.scheme === "basic")) return { scheme: "basic" };
  return null;
}

export function basicHeader(c: Credential): string | undefined {
  if (c.username === undefined || c.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, "utf8").toString("base64")}`;
}

/**
 * What a cached token is bound to. The challenge (realm, service, scope) is written by the registry
 * being scanned, so it alone must never select a token: a hostile registry naming another
 * registry's realm would get that registry's token. Keyed also by the registry the token is for and
 * the credential it was obtained with.
 */
export interface TokenKey {
  registry: string;
  /** "anonymous" or a hash of the credential (never the credential itself). */
  identity: string;
  realm: string;
  service?: string;
  scope?: string;
}

/** Tokens per registry + credential identity + realm + service + scope, valid until `marginMs` before they expire. */
export class TokenCache {
  private readonly entries = new Map<string, { token: string; expiresAt: number }>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly marginMs = 10_000,
  ) {}

  static key(k: TokenKey): string {
    return JSON.stringify([k.registry.toLowerCase(), k.identity, k.realm, k.service ?? "", k.scope ?? ""]);
  }

  get(k: TokenKey): string | undefined {
    const key = TokenCache.key(k);
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() >= e.expiresAt - this.marginMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.token;
  }

  set(k: TokenKey, token: string, expiresInSeconds: number): void {
    this.entries.set(TokenCache.key(k), { token, expiresAt: this.now() + expiresInSeconds * 1000 });
  }

  delete(k: TokenKey): void {
    this.entries.delete(TokenCache.key(k));
  }

  /** Forgets the entry only while it still holds `token` (a concurrent request may have cached a fresher one). */
  deleteIfSame(k: TokenKey, token: string): void {
    const key = TokenCache.key(k);
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}

/** A stable, non-reversible name for a credential: tokens obtained with different credentials never mix. */
export function credentialIdentity(c: Credential | undefined): string {
  if (!c) return "anonymous";
  const material = JSON.stringify([c.username ?? "", c.password ?? "", c.identityToken ?? ""]);
  // Asked on every request to a token registry: hashed once per credential object (sources cache them).
  const known = identities.get(c);
  if (known?.material === material) return known.identity;
  const identity = `cred:${createHash("sha256").update(material).digest("hex").slice(0, 16)}`;
  identities.set(c, { material, identity });
  return identity;
}

const identities = new WeakMap<Credential, { material: string; identity: string }>();

/**
 * Why a challenge's scope may not be answered for a request of `wanted` scope, or null. A registry
 * that asks, while "team/app" is requested, for a token naming another repository is trying to
 * have us fetch (and then hold) a token we were not asked for.
 */
export function scopeProblem(challengeScope: string | undefined, wanted: string | undefined): string | null {
  if (!challengeScope) return null;
  const resource = (s: string) => {
    const first = s.indexOf(":");
    const last = s.lastIndexOf(":");
    return first < 0 || last <= first ? s : s.slice(0, last);
  };
  const allowed = new Set((wanted ?? "").split(/\s+/).filter(Boolean).map(resource));
  for (const part of challengeScope.split(/\s+/).filter(Boolean)) {
    if (!allowed.has(resource(part))) return `the registry asked for a token for "${part.slice(0, 200)}" while "${wanted ?? "nothing"}" was requested`;
  }
  return null;
}

const TOKEN_BODY_CAP = 1024 * 1024;

/** Reads `token` / `access_token` and `expires_in` (default 60 s) from a token answer. */
export function parseTokenResponse(text: string): { token: string; expiresIn: number } | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!data || typeof data !== "object") return null;
  const o = data as Record<string, unknown>;
  const token = typeof o.token === "string" && o.token ? o.token : typeof o.access_token === "string" && o.access_token ? o.access_token : null;
  if (!token) return null;
  const exp = typeof o.expires_in === "number" && Number.isFinite(o.expires_in) && o.expires_in > 0 ? o.expires_in : 60;
  return { token, expiresIn: exp };
}

export interface TokenSourceOptions {
  policy: AddressPolicy;
  credentials: CredentialSource;
  timeoutMs: number;
  cache?: TokenCache;
}

export type BearerChallenge = { realm: string; service?: string };

/** Fetches and caches bearer tokens; concurrent requests for the same key share one fetch. */
export class TokenSource {
  readonly cache: TokenCache;
  private readonly inflight = new Map<string, Promise<string>>();
  /** Token fetches made (not registry requests). */
  fetches = 0;

  constructor(private readonly opts: TokenSourceOptions) {
    this.cache = opts.cache ?? new TokenCache();
  }

  private async keyFor(registry: string, ch: BearerChallenge, scope: string | undefined): Promise<{ key: TokenKey; cred: Credential | undefined }> {
    const cred = await this.opts.credentials.get(registry);
    return { key: { registry, identity: credentialIdentity(cred), realm: ch.realm, service: ch.service, scope }, cred };
  }

  async token(registry: string, ch: BearerChallenge, scope: string | undefined): Promise<string> {
    const { key, cred } = await this.keyFor(registry, ch, scope);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const k = TokenCache.key(key);
    let p = this.inflight.get(k);
    if (!p) {
      p = this.fetchToken(registry, ch, scope, cred, key).finally(() => this.inflight.delete(k));
      this.inflight.set(k, p);
    }
    return p;
  }

  /** Forgets `token` for this registry and scope (the registry refused it), unless a fresher one replaced it. */
  async forget(registry: string, ch: BearerChallenge, scope: string | undefined, token: string): Promise<void> {
    const { key } = await this.keyFor(registry, ch, scope);
    this.cache.deleteIfSame(key, token);
  }

  private async fetchToken(registry: string, ch: BearerChallenge, scope: string | undefined, cred: Credential | undefined, key: TokenKey): Promise<string> {
    let url: URL;
    try {
      url = new URL(ch.realm);
    } catch {
      throw new RegistryError("invalid-response", `registry ${registry} names a token realm that is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new RegistryError("invalid-response", `registry ${registry} names a token realm that is not http(s)`);
    }
    if (url.username || url.password) throw new RegistryError("invalid-response", `registry ${registry} names a token realm with user info`);
    // Resolve and judge now, so that whether credentials may go there is decided on the address
    // that will be connected to.
    const pin = await this.opts.policy.check(url, registry);
    const realmHostname = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const ownHost = realmHostname === apiHostname(registry);
    // Credentials go to the registry's own host, or to a public https host (auth.docker.io,
    // ghcr.io/token): never to another insecure/private host a registry names.
    const mayUse = Boolean(cred) && (ownHost || (url.protocol === "https:" && pin.public));
    const headers = ["User-Agent", "archgrid", "Accept", "application/json"];
    let init: RawInit;
    if (mayUse && cred?.identityToken) {
      const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: cred.identityToken, client_id: "archgrid" });
      if (ch.service) form.set("service", ch.service);
      if (scope) form.set("scope", scope);
      headers.push("Content-Type", "application/x-www-form-urlencoded");
      init = { method: "POST", headers, body: form.toString() };
    } else {
      if (ch.service) url.searchParams.set("service", ch.service);
      if (scope) url.searchParams.append("scope", scope);
      const basic = mayUse && cred ? basicHeader(cred) : undefined;
      if (basic) {
        headers.push("Authorization", basic);
        // As docker does: some token servers key offline tokens by account.
        if (cred?.username) url.searchParams.set("account", cred.username);
      }
      init = { method: "GET", headers };
    }
    const deadline = new Deadline(this.opts.timeoutMs);
    this.fetches++;
    // Messages name the realm's host only: its query may carry the account name.
    const where = `token server ${url.host}`;
    try {
      const { res } = await checkedExchange(this.opts.policy, url, registry, { ...init, deadline });
      if (res.status < 200 || res.status > 299) {
        const detail = parseErrorBody(await res.readTruncated(65536));
        const who = mayUse ? "the configured credentials" : "an anonymous token";
        if (res.status === 401 || res.status === 403) {
          throw new RegistryError("unauthorized", `${where} refused ${who} for registry ${registry}${detail.message ? `: ${detail.message.slice(0, 200)}` : ""}`, { status: res.status, registryCode: detail.code });
        }
        if (res.status === 429) throw new RegistryError("rate-limited", `${where} is rate limiting requests for registry ${registry}`, { status: 429 });
        if (res.status >= 500 || res.status === 408) {
          throw new RegistryError("registry-unavailable", `${where} failed (HTTP ${res.status}) for registry ${registry}`, { status: res.status });
        }
        throw new RegistryError("invalid-response", `${where} answered HTTP ${res.status} for registry ${registry}`, { status: res.status });
      }
      const parsed = parseTokenResponse((await res.readCapped(TOKEN_BODY_CAP)).toString("utf8"));
      if (!parsed) throw new RegistryError("invalid-response", `${where} answered without a token for registry ${registry}`);
      this.cache.set(key, parsed.token, parsed.expiresIn);
      return parsed.token;
    } catch (e) {
      if (e instanceof RegistryError) throw e;
      if (e instanceof BodyTooLarge) throw new RegistryError("too-large", `${where} sent an answer over ${TOKEN_BODY_CAP} bytes`);
      if (deadline.expired) throw new RegistryError("timeout", `${where} did not answer within ${this.opts.timeoutMs} ms`, { cause: e });
      const code = (e as { cause?: { code?: unknown } }).cause?.code;
      const note = code === REFUSED_BY_POLICY ? ` (${REFUSED_BY_POLICY})` : "";
      throw new RegistryError("registry-unavailable", `could not reach ${where} for registry ${registry}${note}`, { cause: e });
    } finally {
      deadline.clear();
    }
  }
}

function apiHostname(registry: string): string {
  return splitHostPort(apiHost(registry.toLowerCase())).hostname;
}
