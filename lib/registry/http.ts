// The HTTP exchange under the transport: node:http(s) with keep-alive agents, answering a
// WHATWG Response so the transport's reading code is the same as with fetch.
// Why not the global fetch: Node 20's undici resets the socket after every HEAD, so each HEAD
// (the whole of a rescan) opened a new TCP — and against a real registry a new TLS — connection:
// 0.98 new connections per tag and 1.8 ms of CPU per HEAD against 0.57 ms here (bench/FINDINGS.md).
// Inside Next it also runs through Next's patched fetch, which this code never needs.
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256, scheduling: "lifo" }),
};

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | Buffer;
  signal?: AbortSignal;
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
    const req = mod.request(url, { method, headers, agent: agents[url.protocol as "http:" | "https:"], signal: init.signal }, (res) => {
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
    req.on("error", (err) => reject(new TypeError("fetch failed", { cause: err })));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
