// Address policy: registries are user-supplied hosts, so refuse loopback, private, link-local
// (cloud metadata), CGNAT and unique-local addresses unless the host:port is an insecure registry.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { RegistryError } from "./errors";

type Range = { bytes: number[]; bits: number; what: string };

const V4_BLOCKED: Range[] = [
  { bytes: [0, 0, 0, 0], bits: 8, what: "an unspecified address" },
  { bytes: [10, 0, 0, 0], bits: 8, what: "a private address" },
  { bytes: [100, 64, 0, 0], bits: 10, what: "a carrier-grade NAT address" },
  { bytes: [127, 0, 0, 0], bits: 8, what: "a loopback address" },
  { bytes: [169, 254, 0, 0], bits: 16, what: "a link-local (cloud metadata) address" },
  { bytes: [172, 16, 0, 0], bits: 12, what: "a private address" },
  { bytes: [192, 168, 0, 0], bits: 16, what: "a private address" },
  { bytes: [224, 0, 0, 0], bits: 4, what: "a multicast address" },
  { bytes: [240, 0, 0, 0], bits: 4, what: "a reserved address" },
];

function inRange(addr: number[], r: { bytes: number[]; bits: number }): boolean {
  let bits = r.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i] & mask) !== (r.bytes[i] & mask)) return false;
  }
  return true;
}

function parseV4(ip: string): number[] {
  return ip.split(".").map((x) => Number(x));
}

/** 16 bytes of an IPv6 literal (with "::" and an embedded dotted quad), zone id dropped. */
export function parseV6(input: string): number[] {
  let ip = input.replace(/^\[|\]$/g, "");
  const pct = ip.indexOf("%");
  if (pct >= 0) ip = ip.slice(0, pct);
  const lastColon = ip.lastIndexOf(":");
  const last = ip.slice(lastColon + 1);
  if (last.includes(".")) {
    const q = parseV4(last);
    ip = `${ip.slice(0, lastColon + 1)}${((q[0] << 8) | q[1]).toString(16)}:${((q[2] << 8) | q[3]).toString(16)}`;
  }
  const groupsOf = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const dbl = ip.indexOf("::");
  let groups: number[];
  if (dbl >= 0) {
    const head = groupsOf(ip.slice(0, dbl));
    const rest = groupsOf(ip.slice(dbl + 2));
    groups = [...head, ...new Array<number>(Math.max(0, 8 - head.length - rest.length)).fill(0), ...rest];
  } else {
    groups = groupsOf(ip);
  }
  const bytes: number[] = [];
  for (const g of groups.slice(0, 8)) bytes.push((g >> 8) & 0xff, g & 0xff);
  while (bytes.length < 16) bytes.push(0);
  return bytes;
}

/** Why this IP literal must not be contacted (loopback, private, …), or null when it is public. */
export function blockedReason(ip: string): string | null {
  const family = isIP(ip.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
  if (family === 4) {
    const a = parseV4(ip);
    for (const r of V4_BLOCKED) if (inRange(a, r)) return r.what;
    return null;
  }
  if (family === 6) {
    const b = parseV6(ip);
    if (b.every((x) => x === 0)) return "an unspecified address";
    if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return "a loopback address";
    // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::/96 carry an IPv4 address: judge that one.
    const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    const nat64 = b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0);
    if (mapped || nat64) return blockedReason(b.slice(12).join("."));
    if ((b[0] & 0xfe) === 0xfc) return "a unique-local address";
    if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return "a link-local address";
    if (b[0] === 0xff) return "a multicast address";
    return null;
  }
  return "not an IP address";
}

/** Splits "host:port" / "[v6]:port" / "host" into hostname (brackets removed) and port. */
export function splitHostPort(hostPort: string): { hostname: string; port?: string } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  if (m) return { hostname: m[1], port: m[2] };
  const i = hostPort.lastIndexOf(":");
  if (i >= 0 && hostPort.indexOf(":") === i) return { hostname: hostPort.slice(0, i), port: hostPort.slice(i + 1) };
  return { hostname: hostPort };
}

export type Lookup = (hostname: string) => Promise<string[]>;

const systemLookup: Lookup = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Decides whether a host may be contacted and over which scheme. A host:port in the insecure
 * list may use http and private addresses (as Docker's insecure-registries); so may another port
 * of the same hostname when the request belongs to an insecure registry (its token server or
 * storage on the same machine).
 */
export class AddressPolicy {
  private readonly insecure: Set<string>;
  private readonly lookupFn: Lookup;
  private readonly cache = new Map<string, { reason: string | null; until: number }>();

  constructor(insecureRegistries: string[] = [], lookupFn: Lookup = systemLookup) {
    this.insecure = new Set(insecureRegistries.map((h) => h.trim().toLowerCase()).filter(Boolean));
    this.lookupFn = lookupFn;
  }

  /** The registry itself (as in a Reference, "host[:port]") is on the insecure list. */
  isInsecure(registry: string): boolean {
    return this.insecure.has(registry.toLowerCase());
  }

  /** `hostPort` (a URL's host) may use http and private addresses for a request belonging to `registry`. */
  isTrusted(hostPort: string, registry: string): boolean {
    const h = hostPort.toLowerCase();
    if (this.insecure.has(h)) return true;
    if (!this.isInsecure(registry)) return false;
    return splitHostPort(h).hostname === splitHostPort(registry.toLowerCase()).hostname;
  }

  scheme(registry: string): "http" | "https" {
    return this.isInsecure(registry) ? "http" : "https";
  }

  /** Throws blocked-address when `url` may not be contacted for `registry`. */
  async check(url: URL, registry: string): Promise<void> {
    const trusted = this.isTrusted(url.host, registry);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && trusted)) {
      throw new RegistryError(
        "blocked-address",
        `refusing ${url.protocol.replace(":", "")}://${url.host} for registry ${registry}: only https is allowed unless "${url.host}" is listed in ARCHGRID_INSECURE_REGISTRIES`,
      );
    }
    if (trusted) return;
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const reason = await this.reasonFor(hostname);
    if (reason) {
      throw new RegistryError(
        "blocked-address",
        `refusing to contact ${url.host} for registry ${registry}: it resolves to ${reason}; list "${url.host}" in ARCHGRID_INSECURE_REGISTRIES to allow it`,
      );
    }
  }

  private async reasonFor(hostname: string): Promise<string | null> {
    if (isIP(hostname)) return blockedReason(hostname);
    const now = Date.now();
    const hit = this.cache.get(hostname);
    if (hit && hit.until > now) return hit.reason;
    let reason: string | null = null;
    try {
      const addrs = await this.lookupFn(hostname);
      if (addrs.length === 0) reason = "no address";
      for (const a of addrs) {
        const r = blockedReason(a);
        if (r) {
          reason = r;
          break;
        }
      }
    } catch (e) {
      const code = (e as { code?: string }).code ?? "lookup failed";
      throw new RegistryError("registry-unavailable", `cannot resolve registry host ${hostname} (${code})`, { cause: e });
    }
    this.cache.set(hostname, { reason, until: now + 60_000 });
    return reason;
  }
}
