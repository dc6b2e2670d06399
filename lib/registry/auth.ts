// Registry auth: WWW-Authenticate parsing, a per realm+service+scope token cache with an expiry
// margin (regclient internal/auth), and the token fetch (distribution docs/spec/auth/token.md).
import type { AddressPolicy } from "./address";
import { BodyTooLarge, readCapped, readTruncated } from "./body";
import type { Credential, CredentialSource } from "./credentials";
import { RegistryError, parseErrorBody } from "./errors";
import { httpRequest, type HttpInit } from "./http";

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

/** Tokens per realm+service+scope, valid until `marginMs` before they expire. */
export class TokenCache {
  private readonly entries = new Map<string, { token: string; expiresAt: number }>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly marginMs = 10_000,
  ) {}

  private key(realm: string, service: string | undefined, scope: string | undefined): string {
    return JSON.stringify([realm, service ?? "", scope ?? ""]);
  }

  get(realm: string, service: string | undefined, scope: string | undefined): string | undefined {
    const k = this.key(realm, service, scope);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (this.now() >= e.expiresAt - this.marginMs) {
      this.entries.delete(k);
      return undefined;
    }
    return e.token;
  }

  set(realm: string, service: string | undefined, scope: string | undefined, token: string, expiresInSeconds: number): void {
    this.entries.set(this.key(realm, service, scope), { token, expiresAt: this.now() + expiresInSeconds * 1000 });
  }

  delete(realm: string, service: string | undefined, scope: string | undefined): void {
    this.entries.delete(this.key(realm, service, scope));
  }

  /** Forgets the entry only while it still holds `token` (a concurrent request may have cached a fresher one). */
  deleteIfSame(realm: string, service: string | undefined, scope: string | undefined, token: string): void {
    const k = this.key(realm, service, scope);
    if (this.entries.get(k)?.token === token) this.entries.delete(k);
  }
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

/** Fetches and caches bearer tokens; concurrent requests for the same scope share one fetch. */
export class TokenSource {
  readonly cache: TokenCache;
  private readonly inflight = new Map<string, Promise<string>>();
  /** Token fetches made (not registry requests). */
  fetches = 0;

  constructor(private readonly opts: TokenSourceOptions) {
    this.cache = opts.cache ?? new TokenCache();
  }

  async token(registry: string, ch: { realm: string; service?: string }, scope: string | undefined): Promise<string> {
    const cached = this.cache.get(ch.realm, ch.service, scope);
    if (cached) return cached;
    const key = JSON.stringify([ch.realm, ch.service ?? "", scope ?? ""]);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.fetchToken(registry, ch, scope).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async fetchToken(registry: string, ch: { realm: string; service?: string }, scope: string | undefined): Promise<string> {
    let url: URL;
    try {
      url = new URL(ch.realm);
    } catch {
      throw new RegistryError("invalid-response", `registry ${registry} names a token realm that is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new RegistryError("invalid-response", `registry ${registry} names a token realm that is not http(s)`);
    }
    await this.opts.policy.check(url, registry);
    const cred = await this.opts.credentials.get(registry);
    // Credentials travel only over https, or to an insecure registry the user named.
    const mayUse = cred && (url.protocol === "https:" || this.opts.policy.isInsecure(registry));
    const headers: Record<string, string> = { "User-Agent": "archgrid", Accept: "application/json" };
    let init: HttpInit;
    if (mayUse && cred.identityToken) {
      const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: cred.identityToken, client_id: "archgrid" });
      if (ch.service) form.set("service", ch.service);
      if (scope) form.set("scope", scope);
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      init = { method: "POST", headers, body: form.toString() };
    } else {
      if (ch.service) url.searchParams.set("service", ch.service);
      if (scope) url.searchParams.append("scope", scope);
      const basic = mayUse ? basicHeader(cred) : undefined;
      if (basic) {
        headers.Authorization = basic;
        // As docker does: some token servers key offline tokens by account.
        if (cred?.username) url.searchParams.set("account", cred.username);
      }
      init = { method: "GET", headers };
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.opts.timeoutMs);
    this.fetches++;
    try {
      const res = await httpRequest(url, { ...init, signal: ctl.signal });
      if (res.status < 200 || res.status > 299) {
        const detail = parseErrorBody(await readTruncated(res, 65536));
        const who = mayUse ? "the configured credentials" : "an anonymous token";
        if (res.status === 401 || res.status === 403) {
          throw new RegistryError("unauthorized", `token server ${url.host} refused ${who} for registry ${registry}${detail.message ? `: ${detail.message.slice(0, 200)}` : ""}`, { status: res.status, registryCode: detail.code });
        }
        if (res.status === 429) throw new RegistryError("rate-limited", `token server ${url.host} is rate limiting requests for registry ${registry}`, { status: 429 });
        if (res.status >= 500 || res.status === 408) {
          throw new RegistryError("registry-unavailable", `token server ${url.host} failed (HTTP ${res.status}) for registry ${registry}`, { status: res.status });
        }
        throw new RegistryError("invalid-response", `token server ${url.host} answered HTTP ${res.status} for registry ${registry}`, { status: res.status });
      }
      const parsed = parseTokenResponse((await readCapped(res, TOKEN_BODY_CAP)).toString("utf8"));
      if (!parsed) throw new RegistryError("invalid-response", `token server ${url.host} answered without a token for registry ${registry}`);
      this.cache.set(ch.realm, ch.service, scope, parsed.token, parsed.expiresIn);
      return parsed.token;
    } catch (e) {
      if (e instanceof RegistryError) throw e;
      if (e instanceof BodyTooLarge) throw new RegistryError("too-large", `token server ${url.host} sent an answer over ${TOKEN_BODY_CAP} bytes`);
      if (ctl.signal.aborted) throw new RegistryError("timeout", `token server ${url.host} did not answer within ${this.opts.timeoutMs} ms`, { cause: e });
      throw new RegistryError("registry-unavailable", `could not reach token server ${url.host} for registry ${registry}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }
}
