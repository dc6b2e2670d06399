// The HTTP exchange under the transport: node:http(s) with keep-alive agents.
// Why not the global fetch: Node 20's undici resets the socket after every HEAD, so each HEAD
// (the whole of a rescan) opened a new TCP — and against a real registry a new TLS — connection:
// 0.98 new connections per tag and 1.8 ms of CPU per HEAD against 0.57 ms here (bench/FINDINGS.md).
// The undici npm package (7.x) still closes the socket after every HEAD, by design (its issue 258).
// Inside Next it also runs through Next's patched fetch, which this code never needs.
// Two shapes: `exchange` (the registry path: transport, token fetches) answers a RawResponse read
// straight off node's IncomingMessage, with no WHATWG Response, Headers or web stream and no
// AbortSignal per request, which cost more CPU than the HTTP itself (bench/FINDINGS.md);
// `checkedRequest` answers a WHATWG Response for callers outside the scan path (webhooks).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { type AddressPolicy, type PinnedAddress, REFUSED_BY_POLICY } from "./address";
import { BodyTooLarge } from "./body";

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256, scheduling: "lifo" }),
};

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | Buffer;
  signal?: AbortSignal;
  /** Connect to exactly this address (the one the policy judged), whatever DNS answers now. */
  pin?: PinnedAddress;
}

const lookups = new WeakMap<PinnedAddress, LookupFunction>();

/** A socket lookup that answers the pinned address (both the single and the `all` forms Node uses); one per pin. */
function pinnedLookup(pin: PinnedAddress): LookupFunction {
  let fn = lookups.get(pin);
  if (!fn) {
    fn = (_hostname, options, callback) => {
      if (options.all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, pin.addresses);
      else callback(null, pin.address, pin.family);
    };
    lookups.set(pin, fn);
  }
  return fn;
}

const NO_BODY = new Set([204, 205, 304]);

/** One request, redirects not followed (the transport decides about each hop). Network failures reject like fetch: a TypeError with the cause. */
export function httpRequest(input: URL | string, init: HttpInit = {}): Promise<Response> {
  const url = typeof input === "string" ? new URL(input) : input;
  const method = (init.method ?? "GET").toUpperCase();
  const mod = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
  if (!mod) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
  const body = init.body === undefined ? undefined : init.body instanceof URLSearchParams ? init.body.toString() : init.body;
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.body instanceof URLSearchParams && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8";
  }
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  return new Promise<Response>((resolve, reject) => {
    const pin = init.pin;
    const options = { method, headers, agent: agents[url.protocol as "http:" | "https:"], signal: init.signal, ...(pin ? { lookup: pinnedLookup(pin) } : {}) };
    const req = mod.request(url, options, (res) => {
      const h = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        try {
          h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        } catch {
          // A header value that WHATWG Headers refuses is left out rather than failing the exchange.
        }
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 599) {
        res.resume();
        reject(new TypeError("fetch failed", { cause: { code: `HTTP_${status}` } }));
        return;
      }
      const hasBody = method !== "HEAD" && !NO_BODY.has(status);
      if (!hasBody) res.resume();
      const stream = hasBody ? (Readable.toWeb(res) as ReadableStream<Uint8Array>) : null;
      resolve(new Response(stream, { status, statusText: res.statusMessage, headers: h }));
    });
    req.on("error", (err) => {
      // What failed on a loopback/private address (refused, reset, unreachable) is a port
      // scanner's answer: the caller learns only that it was not allowed through.
      if (pin && !pin.public && !init.signal?.aborted) reject(new TypeError("fetch failed", { cause: { code: REFUSED_BY_POLICY } }));
      else reject(new TypeError("fetch failed", { cause: err }));
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * The one way out for anything that contacts a host chosen by users or registries (registry API,
 * redirects, token realms, pagination, namespace APIs, and later webhooks): resolve once, judge the
 * address for `owner` (the registry the request belongs to; for a webhook, its own host), and
 * connect to exactly that address.
 */
export async function checkedRequest(policy: AddressPolicy, url: URL, owner: string, init: Omit<HttpInit, "pin"> = {}): Promise<{ res: Response; pin: PinnedAddress }> {
  const pin = await policy.check(url, owner);
  const res = await httpRequest(url, { ...init, pin });
  return { res, pin };
}

/** Response headers: case-insensitive; repeated fields joined with ", ", as WHATWG `Headers.get` does. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** Looks names up in node's raw header list: no object or Headers built per response. */
class RawHeaders implements HeaderLookup {
  constructor(private readonly raw: string[]) {}
  get(name: string): string | null {
    const key = name.toLowerCase();
    const raw = this.raw;
    let out: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = raw[i];
      if (k.length === key.length && k.toLowerCase() === key) out = out === null ? raw[i + 1] : `${out}, ${raw[i + 1]}`;
    }
    return out;
  }
}

const TIMED_OUT = "deadline passed";

/**
 * One timer for a whole attempt (its redirect hops, the 401 retry and the body): when it fires, the
 * request in flight is destroyed, and so is any request started later. One timer instead of an
 * AbortController and an abort listener per request.
 */
export class Deadline {
  expired = false;
  private req: http.ClientRequest | null = null;
  private readonly timer: NodeJS.Timeout;
  constructor(ms: number) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.req?.destroy(new Error(TIMED_OUT));
    }, ms);
  }
  track(req: http.ClientRequest): void {
    this.req = req;
    if (this.expired) req.destroy(new Error(TIMED_OUT));
  }
  clear(): void {
    clearTimeout(this.timer);
    this.req = null;
  }
}

const EMPTY = Buffer.alloc(0);

/** A network failure while reading, shaped like fetch's: a TypeError with the cause. */
function failed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

/** An answer read straight off node's IncomingMessage: bounded reads, one copy of the body at most. */
export class RawResponse {
  readonly headers: HeaderLookup;
  private failure: Error | null = null;

  constructor(
    readonly status: number,
    private readonly res: http.IncomingMessage,
    private readonly hasBody: boolean,
  ) {
    this.headers = new RawHeaders(res.rawHeaders);
    // Listening from the start: an error before anyone reads is remembered, never unhandled.
    res.on("error", (e) => {
      this.failure ??= e;
    });
  }

  /** The whole body, at most `max` bytes; BodyTooLarge when Content-Length or the stream says more (the connection is dropped). */
  readCapped(max: number): Promise<Buffer> {
    const declared = Number(this.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > max) {
      this.res.destroy();
      return Promise.reject(new BodyTooLarge(max, declared));
    }
    if (!this.hasBody) return Promise.resolve(EMPTY);
    return this.collect(max, "error");
  }

  /** At most `max` bytes as text, the rest dropped; a broken body gives what arrived (error bodies are only diagnostics). */
  async readTruncated(max: number): Promise<string> {
    if (!this.hasBody) return "";
    return (await this.collect(max, "truncate").catch(() => EMPTY)).toString("utf8");
  }

  /** Drops a body we do not need: a complete one is drained so the connection is reused, anything else is cut. */
  discard(): void {
    if (!this.hasBody) return;
    if (this.res.complete && !this.res.destroyed) this.res.resume();
    else this.res.destroy();
  }

  private collect(max: number, over: "error" | "truncate"): Promise<Buffer> {
    const res = this.res;
    return new Promise<Buffer>((resolve, reject) => {
      if (this.failure || res.destroyed) {
        reject(failed(this.failure ?? new Error("aborted")));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      let settled = false;
      const done = () => {
        settled = true;
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
      };
      res.on("data", (c: Buffer) => {
        if (settled) return;
        if (total + c.length > max) {
          if (over === "truncate") {
            chunks.push(c.subarray(0, max - total));
            total = max;
            res.destroy();
            done();
            return;
          }
          settled = true;
          res.destroy();
          reject(new BodyTooLarge(max));
          return;
        }
        chunks.push(c);
        total += c.length;
      });
      res.on("end", () => {
        if (!settled) done();
      });
      res.on("close", () => {
        if (settled) return;
        settled = true;
        reject(failed(this.failure ?? new Error("aborted")));
      });
    });
  }
}

export interface RawInit {
  method: "GET" | "HEAD" | "POST";
  /** Request headers as name, value pairs (Host is added here). */
  headers: string[];
  body?: string;
  deadline?: Deadline;
}

/**
 * One request to the pinned address, redirects not followed. Rejects like fetch on network
 * failures (a TypeError with the cause); connect errors to a non-public address say only
 * "refused by policy".
 */
export function rawRequest(url: URL, pin: PinnedAddress, init: RawInit): Promise<RawResponse> {
  const mod = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
  if (!mod) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
  const headers = ["Host", url.host, ...init.headers];
  if (init.body !== undefined) headers.push("Content-Length", String(Buffer.byteLength(init.body)));
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const { method, deadline } = init;
  return new Promise<RawResponse>((resolve, reject) => {
    const options: http.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: url.pathname + url.search,
      headers,
      agent: agents[url.protocol as "http:" | "https:"],
      lookup: pinnedLookup(pin),
    };
    const req = mod.request(options, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 599) {
        res.resume();
        reject(new TypeError("fetch failed", { cause: { code: `HTTP_${status}` } }));
        return;
      }
      const hasBody = method !== "HEAD" && !NO_BODY.has(status);
      if (!hasBody) res.resume();
      resolve(new RawResponse(status, res, hasBody));
    });
    req.on("error", (err) => {
      // What failed on a loopback/private address (refused, reset, unreachable) is a port
      // scanner's answer: the caller learns only that it was not allowed through.
      if (!pin.public && !deadline?.expired) reject(new TypeError("fetch failed", { cause: { code: REFUSED_BY_POLICY } }));
      else reject(new TypeError("fetch failed", { cause: err }));
    });
    deadline?.track(req);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** `rawRequest` behind the address policy: resolve once (cached per host and owner), judge for `owner`, connect to exactly that address. */
export async function checkedExchange(policy: AddressPolicy, url: URL, owner: string, init: RawInit): Promise<{ res: RawResponse; pin: PinnedAddress }> {
  const pin = policy.cached(url, owner) ?? (await policy.check(url, owner));
  return { res: await rawRequest(url, pin, init), pin };
}
