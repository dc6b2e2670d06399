// Address policy: registries are user-supplied hosts, so every outbound request is resolved once,
// judged, and then connected to exactly the address that was judged (see http.ts): a DNS answer
// that changes between the check and the connect (rebinding) cannot move the socket elsewhere.
// Refused: every range of the IANA IPv4 and IPv6 special-purpose address registries (loopback,
// private, link-local/cloud metadata, CGNAT, documentation, benchmarking, 6to4, Teredo, …) and
// all IPv6 outside global unicast 2000::/3, unless the host:port is an insecure registry.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { RegistryError } from "./errors";
import { apiHost } from "./reference";

type Range = { bytes: number[]; bits: number; what: string };

const r = (bytes: number[], bits: number, what: string): Range => ({ bytes, bits, what });

// IANA IPv4 Special-Purpose Address Registry, every entry (globally reachable or not: none of
// them is a registry), plus multicast and the reserved 240/4.
const V4_BLOCKED: Range[] = [
  r([0, 0, 0, 0], 8, "an unspecified address"),
  r([10, 0, 0, 0], 8, "a private address"),
  r([100, 64, 0, 0], 10, "a carrier-grade NAT address"),
  r([127, 0, 0, 0], 8, "a loopback address"),
  r([169, 254, 0, 0], 16, "a link-local (cloud metadata) address"),
  r([172, 16, 0, 0], 12, "a private address"),
  r([192, 0, 0, 0], 24, "an IETF protocol assignment"),
  r([192, 0, 2, 0], 24, "a documentation address"),
  r([192, 31, 196, 0], 24, "an AS112 address"),
  r([192, 52, 193, 0], 24, "an AMT address"),
  r([192, 88, 99, 0], 24, "a 6to4 relay address"),
  r([192, 168, 0, 0], 16, "a private address"),
  r([192, 175, 48, 0], 24, "an AS112 address"),
  r([198, 18, 0, 0], 15, "a benchmarking address"),
  r([198, 51, 100, 0], 24, "a documentation address"),
  r([203, 0, 113, 0], 24, "a documentation address"),
  r([224, 0, 0, 0], 4, "a multicast address"),
  r([240, 0, 0, 0], 4, "a reserved address"),
];

// IANA IPv6 Special-Purpose Address Registry entries inside 2000::/3 (everything outside 2000::/3
// is refused wholesale: ::/8 incl. ::/96 and ::1, 100::/64, 64:ff9b:1::/48, fc00::/7, fe80::/10,
// fec0::/10, 5f00::/16, ff00::/8). IPv4-mapped and NAT64 64:ff9b::/96 are judged by their IPv4 address.
const V6_BLOCKED: Range[] = [
  r([0x20, 0x01, 0x00, 0x00], 23, "an IETF protocol assignment (Teredo, ORCHID, benchmarking)"),
  r([0x20, 0x01, 0x0d, 0xb8], 32, "a documentation address"),
  r([0x20, 0x02], 16, "a 6to4 address"),
  r([0x26, 0x20, 0x00, 0x4f, 0x80, 0x00], 48, "an AS112 address"),
  r([0x3f, 0xff], 20, "a documentation address"),
];

function inRange(addr: number[], range: { bytes: number[]; bits: number }): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i] & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
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
    for (const range of V4_BLOCKED) if (inRange(a, range)) return range.what;
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
    if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return "a site-local address";
    if (b[0] === 0xff) return "a multicast address";
    if ((b[0] & 0xe0) !== 0x20) return "a reserved address (outside global unicast 2000::/3)";
    for (const range of V6_BLOCKED) if (inRange(b, range)) return range.what;
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

/** A host[:port] or [v6]:port and nothing else (no scheme, user info, path or query). */
export function isHostName(s: string): boolean {
  return /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(s);
}

export type Lookup = (hostname: string) => Promise<string[]>;

const systemLookup: Lookup = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** The address a checked request must connect to (http.ts passes it as the socket's lookup answer). */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
  /** Every address judged (all allowed): Node's happy-eyeballs connect may try each of them, and nothing else. */
  addresses: Array<{ address: string; family: 4 | 6 }>;
  /** False for a loopback/private address allowed by the insecure list: its connect errors are not reported. */
  public: boolean;
}

/** How long a DNS answer (and the judgment made on it) is reused. */
const DNS_TTL_MS = 60_000;

/** What every refusal says: no resolved address class and no connect error (no scanner oracle). */
export const REFUSED_BY_POLICY = "refused by policy";

function hostPortKey(hostname: string, port: string | undefined, protocol: string): string {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return `${h}|${port || (protocol === "http:" ? "80" : "443")}`;
}

/**
 * Decides whether a URL may be contacted on behalf of a registry, over which scheme, and at which
 * address. The registry's own host:port (as in a Reference, "host[:port]") may use http and
 * private addresses when it is in the insecure list (as Docker's insecure-registries). Any other
 * host a registry sends us to (redirect, token realm, Link) must be public https, unless the
 * registry is itself insecure AND that exact host:port is listed too (a token server or blob store
 * beside a local registry). A public registry can never send us to a listed host, and another
 * port of a listed registry's machine is not trusted unless it is listed.
 */
export class AddressPolicy {
  private readonly insecure: Set<string>;
  private readonly lookupFn: Lookup;
  private readonly cache = new Map<string, { addrs: string[]; until: number }>();
  /** Judged answers by scheme, host:port and owner, for as long as the DNS answer they rest on (no re-judging per request). */
  private readonly judged = new Map<string, { pin: PinnedAddress; until: number }>();

  constructor(insecureRegistries: string[] = [], lookupFn: Lookup = systemLookup) {
    this.insecure = new Set(insecureRegistries.map((h) => h.trim().toLowerCase()).filter(Boolean));
    this.lookupFn = lookupFn;
  }

  /** The registry itself (as in a Reference, "host[:port]") is on the insecure list. */
  isInsecure(registry: string): boolean {
    return this.insecure.has(registry.toLowerCase());
  }

  /** `url` is the registry's own API endpoint (same host and port). */
  isRegistryHost(url: URL, registry: string): boolean {
    const own = splitHostPort(apiHost(registry.toLowerCase()));
    const ownProtocol = `${this.scheme(registry)}:`;
    return hostPortKey(url.hostname, url.port, url.protocol) === hostPortKey(own.hostname, own.port, own.port ? url.protocol : ownProtocol);
  }

  /** `url` may use http and non-public addresses for a request belonging to `registry`. */
  isTrusted(url: URL, registry: string): boolean {
    if (!this.isInsecure(registry)) return false;
    if (this.isRegistryHost(url, registry)) return true;
    return this.insecure.has(url.host.toLowerCase());
  }

  scheme(registry: string): "http" | "https" {
    return this.isInsecure(registry) ? "http" : "https";
  }

  /** The judgment `check` would answer from its cache, synchronously (no promise on the hot path); undefined when it must judge. */
  cached(url: URL, registry: string): PinnedAddress | undefined {
    const hit = this.judged.get(`${url.protocol}//${url.host} ${registry}`);
    return hit && hit.until > Date.now() ? hit.pin : undefined;
  }

  /**
   * Resolves `url`'s host once, judges it for `registry`, and answers the address to connect to.
   * Throws blocked-address ("refused by policy") when it may not be contacted.
   */
  async check(url: URL, registry: string): Promise<PinnedAddress> {
    const hit = this.cached(url, registry);
    if (hit) return hit;
    const key = `${url.protocol}//${url.host} ${registry}`;
    const pin = await this.judge(url, registry);
    // As long as the DNS answer it was judged on: the pin holds only addresses judged allowed.
    this.judged.set(key, { pin, until: this.cache.get(url.hostname.replace(/^\[|\]$/g, "").toLowerCase())?.until ?? Date.now() + DNS_TTL_MS });
    return pin;
  }

  private async judge(url: URL, registry: string): Promise<PinnedAddress> {
    const trusted = this.isTrusted(url, registry);
    const refuse = (why: string) =>
      new RegistryError("blocked-address", `${url.protocol.replace(":", "")}://${url.host} for registry ${registry}: ${REFUSED_BY_POLICY} (${why})`);
    const own = this.isRegistryHost(url, registry);
    const listHint = own
      ? `list "${url.host}" in ARCHGRID_INSECURE_REGISTRIES for a private or plain-http registry`
      : "another host a registry sends us to (redirect, token realm, next page) must be public https, or listed in ARCHGRID_INSECURE_REGISTRIES when the registry is listed too";
    if (url.protocol !== "https:" && !(url.protocol === "http:" && trusted)) throw refuse(`only https to public addresses; ${listHint}`);
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const addrs = isIP(hostname) ? [hostname] : await this.resolve(hostname);
    if (addrs.length === 0) throw refuse("the host has no address");
    const addresses = addrs.map((a) => ({ address: a, family: (isIP(a) === 6 ? 6 : 4) as 4 | 6 }));
    if (trusted) return { ...addresses[0], addresses, public: addrs.every((a) => blockedReason(a) === null) };
    // Every address must be public: the connect may use any of them.
    if (addrs.some((a) => blockedReason(a) !== null)) {
      throw refuse(`only https to public addresses; ${listHint}`);
    }
    return { ...addresses[0], addresses, public: true };
  }

  private async resolve(hostname: string): Promise<string[]> {
    const key = hostname.toLowerCase();
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.addrs;
    let addrs: string[];
    try {
      addrs = await this.lookupFn(key);
    } catch (e) {
      const code = (e as { code?: string }).code ?? "lookup failed";
      throw new RegistryError("registry-unavailable", `cannot resolve registry host ${hostname} (${code})`, { cause: e });
    }
    this.cache.set(key, { addrs, until: now + DNS_TTL_MS });
    return addrs;
  }
}
