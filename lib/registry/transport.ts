// The one place that talks HTTP to registries: address policy, timeout, bounded reads, manual
// redirects, auth and retries are composed here once (go-containerregistry transport/), so no
// call site handles a 401 or sleeps in a loop.
import type { AddressPolicy } from "./address";
import { type AuthScheme, TokenSource, basicHeader, pickChallenge, scopeProblem } from "./auth";
import { BodyTooLarge } from "./body";
import type { CredentialSource } from "./credentials";
import { type ErrorTarget, RegistryError, errorForStatus, parseErrorBody, redactSecrets } from "./errors";
import { RETRY_AFTER_CAP_SECONDS, Semaphore, backoffDelay, isRetryableStatus, parseRateLimit, parseRetryAfter, sleep } from "./retry";
import type { RateLimitInfo } from "./types";
import { Deadline, type HeaderLookup, type RawResponse, checkedExchange } from "./http";

export const ERROR_BODY_CAP = 64 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NO_BODY = Buffer.alloc(0);

export interface RequestEvent {
  method: string;
  url: string;
  status: number;
  host: string;
}

export interface TransportOptions {
  policy: AddressPolicy;
  credentials: CredentialSource;
  timeoutMs: number;
  maxRetries: number;
  concurrencyPerRegistry: number;
  backoffBaseMs?: number;
  onRateLimit?: (info: RateLimitInfo) => void;
  onRequest?: (e: RequestEvent) => void;
  /**
   * Awaited before every attempt to a registry (retries included), outside the per-process
   * concurrency slot: a limit shared with other processes (lib/jobs/registry-budget.ts) waits here.
   */
  beforeRequest?: (registry: string) => Promise<void>;
}

/** Counts the registry requests of one logical operation (e.g. one resolve). */
export interface RequestCounter {
  requests: number;
}

export interface Exchange {
  method: "GET" | "HEAD";
  url: URL;
  /** For messages and for auth/insecure decisions: target.registry is the registry as in the Reference. */
  target: ErrorTarget;
  /** Token scope, e.g. "repository:library/ubuntu:pull". */
  scope?: string;
  accept?: string;
  /** Cap on a 2xx body. */
  maxBytes: number;
  /** Answer 401 challenges with tokens/credentials (default true; false for public web APIs). */
  auth?: boolean;
  counter?: RequestCounter;
}

export interface ExchangeResult {
  status: number;
  headers: HeaderLookup;
  body: Buffer;
  /** Final URL after redirects. */
  url: URL;
}

type KnownScheme = { scheme: "bearer"; realm: string; service?: string } | { scheme: "basic" };

export class Transport {
  readonly tokens: TokenSource;
  /** Registry requests made (token fetches excluded). */
  requestCount = 0;
  private readonly challenges = new Map<string, KnownScheme>();
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly notBefore = new Map<string, number>();
  /**
   * "METHOD registry" pairs that asked us to stay away longer than we are willing to wait. Per
   * method, because Docker Hub counts GETs (pulls) but not HEADs.
   */
  private readonly limitedUntil = new Map<string, number>();

  constructor(private readonly opts: TransportOptions) {
    this.tokens = new TokenSource({ policy: opts.policy, credentials: opts.credentials, timeoutMs: opts.timeoutMs });
  }

  /** One logical request, retried (GET/HEAD on 408/429/5xx, network errors, timeouts) with jittered backoff that honours Retry-After. */
  async request(ex: Exchange): Promise<ExchangeResult> {
    const registry = ex.target.registry;
    let sem = this.semaphores.get(registry);
    if (!sem) {
      sem = new Semaphore(Math.max(1, this.opts.concurrencyPerRegistry));
      this.semaphores.set(registry, sem);
    }
    for (let attempt = 0; ; attempt++) {
      this.throwIfRateLimited(ex);
      const wait = (this.notBefore.get(registry) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      if (this.opts.beforeRequest) await this.opts.beforeRequest(registry);
      const release = sem.tryAcquire() ?? (await sem.acquire());
      let failure: RegistryError;
      try {
        return await this.attempt(ex);
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        failure = e;
      } finally {
        release();
      }
      const askedWait = failure.retryAfterSeconds;
      if (askedWait !== undefined && askedWait > RETRY_AFTER_CAP_SECONDS) {
        // Docker Hub answers Retry-After in hours (a 503 for maintenance may too): waiting cannot
        // help. After a 429 every further request would only be refused, so fail them fast until then.
        if (failure.code === "rate-limited") this.limitedUntil.set(`${ex.method} ${registry}`, Date.now() + askedWait * 1000);
        throw failure;
      }
      if (!failure.temporary || attempt >= this.opts.maxRetries) throw failure;
      const delay = askedWait !== undefined ? Math.min(askedWait, RETRY_AFTER_CAP_SECONDS) * 1000 : backoffDelay(attempt, this.opts.backoffBaseMs);
      // A 429 slows every request to that registry, not only this one (regclient reghttp).
      if (failure.code === "rate-limited") this.notBefore.set(registry, Math.max(this.notBefore.get(registry) ?? 0, Date.now() + delay));
      await sleep(delay);
    }
  }

  private throwIfRateLimited(ex: Exchange): void {
    if (this.limitedUntil.size === 0) return;
    const key = `${ex.method} ${ex.target.registry}`;
    const until = this.limitedUntil.get(key);
    if (until === undefined) return;
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      this.limitedUntil.delete(key);
      return;
    }
    throw new RegistryError("rate-limited", `registry ${ex.target.registry} is rate limiting requests; not asking for "${ex.target.subject}" for another ${left} s`, {
      status: 429,
      retryAfterSeconds: left,
    });
  }

  private async attempt(ex: Exchange): Promise<ExchangeResult> {
    const deadline = new Deadline(this.opts.timeoutMs);
    const { target } = ex;
    let auth: string | undefined;
    try {
      const useAuth = ex.auth !== false;
      auth = useAuth ? await this.authorization(ex, undefined) : undefined;
      let sent = await this.send(ex, auth, deadline);
      if (sent.res.status === 401 && useAuth && !sent.crossHost) {
        const ch = pickChallenge(sent.res.headers.get("www-authenticate"));
        sent.res.discard();
        if (!ch) throw errorForStatus(401, target, {});
        if (ch.scheme === "bearer") {
          const problem = scopeProblem(ch.scope, ex.scope);
          if (problem) throw new RegistryError("invalid-response", `registry ${target.registry} refused for "${target.subject}": ${problem}`, { status: 401 });
          // A token we sent was refused: never reuse it. A 401 to a request sent without one (it
          // raced the first token fetch) says nothing about the cached token, which stays.
          if (auth?.startsWith("Bearer ")) {
            const sentToken = auth.slice("Bearer ".length);
            for (const scope of new Set([ch.scope ?? ex.scope, ex.scope])) await this.tokens.forget(target.registry, ch, scope, sentToken);
          }
        }
        auth = await this.authorization(ex, ch);
        if (!auth) throw errorForStatus(401, target, {});
        // Remembered only once it produced credentials: a challenge whose realm is refused or
        // fails must not make every later request of this registry fail up front.
        this.challenges.set(target.registry, ch.scheme === "bearer" ? { scheme: "bearer", realm: ch.realm, service: ch.service } : ch);
        sent = await this.send(ex, auth, deadline);
      }
      return await this.finish(ex, sent.res, sent.url);
    } catch (e) {
      if (e instanceof RegistryError) throw await this.redacted(e, target.registry, auth);
      if (deadline.expired) {
        throw new RegistryError("timeout", `registry ${target.registry} did not answer within ${this.opts.timeoutMs} ms for "${target.subject}"`, { cause: e });
      }
      const cause = (e as { cause?: { code?: string } }).cause;
      // http.ts replaces connect errors to non-public addresses by REFUSED_BY_POLICY.
      const code = cause?.code ?? (e instanceof Error ? e.message : "network error");
      throw new RegistryError("registry-unavailable", `could not reach registry ${target.registry} for "${target.subject}" (${code})`, { cause: e, temporary: true });
    } finally {
      deadline.clear();
    }
  }

  /** `e` without the credential of `registry` or the Authorization we sent, whatever the registry echoed. */
  private async redacted(e: RegistryError, registry: string, auth: string | undefined): Promise<RegistryError> {
    const cred = await this.opts.credentials.get(registry).catch(() => undefined);
    const sent = auth?.replace(/^\S+\s+/, "");
    const decoded = auth?.startsWith("Basic ") && sent ? Buffer.from(sent, "base64").toString("utf8") : undefined;
    const basic = cred?.username !== undefined && cred.password !== undefined ? Buffer.from(`${cred.username}:${cred.password}`).toString("base64") : undefined;
    return redactSecrets(e, [sent, decoded, cred?.password, cred?.identityToken, basic, basic?.replace(/=+$/, "")]);
  }

  /** Authorization for this exchange: from a fresh challenge, or from what the registry asked for before (saves a 401 round trip per repository). */
  private async authorization(ex: Exchange, fresh: AuthScheme | undefined): Promise<string | undefined> {
    const registry = ex.target.registry;
    const ch = fresh ?? this.challenges.get(registry);
    if (!ch) return undefined;
    if (ch.scheme === "basic") {
      const cred = await this.opts.credentials.get(registry);
      return cred ? basicHeader(cred) : undefined;
    }
    const scope = fresh && fresh.scheme === "bearer" && fresh.scope ? fresh.scope : ex.scope;
    if (fresh) return `Bearer ${await this.tokens.token(registry, ch, scope)}`;
    try {
      return `Bearer ${await this.tokens.token(registry, ch, scope)}`;
    } catch (e) {
      // The remembered realm stopped working: ask the registry again rather than fail up front.
      if (!(e instanceof RegistryError) || e.temporary) throw e;
      this.challenges.delete(registry);
      return undefined;
    }
  }

  private async send(ex: Exchange, auth: string | undefined, deadline: Deadline): Promise<{ res: RawResponse; url: URL; crossHost: boolean }> {
    let url = ex.url;
    let authorization = auth;
    for (let hop = 0; ; hop++) {
      const headers = ["User-Agent", "archgrid"];
      if (ex.accept) headers.push("Accept", ex.accept);
      if (authorization) headers.push("Authorization", authorization);
      // Resolved once, judged for this registry, connected to exactly the judged address.
      const { res } = await checkedExchange(this.opts.policy, url, ex.target.registry, { method: ex.method, headers, deadline });
      this.requestCount++;
      if (ex.counter) ex.counter.requests++;
      this.opts.onRequest?.({ method: ex.method, url: url.href, status: res.status, host: url.host });
      if (url.host === ex.url.host && this.opts.onRateLimit) {
        const rl = parseRateLimit(ex.target.registry, res.headers);
        if (rl) this.opts.onRateLimit(rl);
      }
      if (!REDIRECTS.has(res.status)) return { res, url, crossHost: url.host !== ex.url.host };
      const location = res.headers.get("location");
      res.discard();
      if (!location) throw new RegistryError("invalid-response", `registry ${ex.target.registry} redirected "${ex.target.subject}" without a Location`, { status: res.status });
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryError("invalid-response", `registry ${ex.target.registry} redirected "${ex.target.subject}" more than ${MAX_REDIRECTS} times`, { status: res.status });
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError("invalid-response", `registry ${ex.target.registry} redirected "${ex.target.subject}" to an invalid URL`);
      }
      // Storage on another host gets no credentials of ours (and is judged by the policy as a
      // host this registry sends us to: public https, or listed beside an insecure registry).
      if (next.host !== url.host || next.protocol !== url.protocol) authorization = undefined;
      url = next;
    }
  }

  private async finish(ex: Exchange, res: RawResponse, url: URL): Promise<ExchangeResult> {
    const { target } = ex;
    if (res.status >= 200 && res.status <= 299) {
      if (ex.method === "HEAD") {
        res.discard();
        return { status: res.status, headers: res.headers, body: NO_BODY, url };
      }
      try {
        const body = await res.readCapped(ex.maxBytes);
        return { status: res.status, headers: res.headers, body, url };
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          const size = e.declared !== undefined ? ` (${e.declared} bytes)` : "";
          throw new RegistryError("too-large", `registry ${target.registry} sent more than ${ex.maxBytes} bytes for "${target.subject}"${size}`, { status: res.status });
        }
        throw e;
      }
    }
    const retryAfter = isRetryableStatus(res.status) ? parseRetryAfter(res.headers.get("retry-after"), Date.now(), Number.POSITIVE_INFINITY) : undefined;
    const detail = ex.method === "HEAD" ? {} : parseErrorBody(await res.readTruncated(ERROR_BODY_CAP));
    if (ex.method === "HEAD") res.discard();
    throw errorForStatus(res.status, target, detail, retryAfter);
  }
}
