// The HTTP exchange under the transport: node:http(s) with keep-alive agents, answering a
// WHATWG Response so the transport's reading code is the same as with fetch.
// Why not the global fetch: Node 20's undici resets the socket after every HEAD, so each HEAD
// (the whole of a rescan) opened a new TCP — and against a real registry a new TLS — connection:
// 0.98 new connections per tag and 1.8 ms of CPU per HEAD against 0.57 ms here (bench/FINDINGS.md).
// Inside Next it also runs through Next's patched fetch, which this code never needs.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { type AddressPolicy, type PinnedAddress, REFUSED_BY_POLICY } from "./address";

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

/** A socket lookup that answers the pinned address (both the single and the `all` forms Node uses). */
function pinnedLookup(pin: PinnedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, pin.addresses);
    else callback(null, pin.address, pin.family);
  };
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
