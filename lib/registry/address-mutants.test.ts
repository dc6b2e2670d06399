// address.ts edges the first suite left open: IPv6 forms that only look like mapped or NAT64
// addresses, zone ids, host:port splitting, default ports, case, the exact PinnedAddress answered,
// the lookup cache's lifetime and the wording of every refusal.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AddressPolicy, blockedReason, isHostName, parseV6, splitHostPort, type Lookup } from "./address";
import { RegistryError } from "./errors";

const RESERVED = "a reserved address (outside global unicast 2000::/3)";

describe("blockedReason", () => {
  it("IPv6 forms that are neither IPv4-mapped nor NAT64 are judged as IPv6", () => {
    for (const ip of ["::808:808", "::ff00:808:808", "::ff:808:808", "1::ffff:808:808", "64:ff9a::808:808", "65:ff9b::808:808", "64:fe9b::808:808", "0:9b::808:808", "64:ff9b:1::808:808", "64:ff9b::1:0:808:808", "::2", "fe00::1"]) {
      expect([ip, blockedReason(ip)]).toEqual([ip, RESERVED]);
    }
  });
  it("mapped and NAT64 addresses are judged by their IPv4 address", () => {
    expect(blockedReason("::ffff:10.0.0.1")).toBe("a private address");
    expect(blockedReason("::ffff:8.8.8.8")).toBe(null);
    expect(blockedReason("64:ff9b::a00:1")).toBe("a private address");
    expect(blockedReason("64:ff9b::8.8.8.8")).toBe(null);
    // Global unicast that merely ends like a private IPv4 address is public.
    expect(blockedReason("2064:ff9b::a00:1")).toBe(null);
  });
  it("link-local, site-local, multicast, loopback; brackets and zone ids", () => {
    expect(blockedReason("fe80::1")).toBe("a link-local address");
    expect(blockedReason("fe80::1%eth0")).toBe("a link-local address");
    expect(blockedReason("[fe80::1%eth0]")).toBe("a link-local address");
    expect(blockedReason("fec0::1")).toBe("a site-local address");
    expect(blockedReason("ff02::1")).toBe("a multicast address");
    expect(blockedReason("[::1]")).toBe("a loopback address");
    expect(blockedReason("example.com")).toBe("not an IP address");
  });
});

describe("parseV6", () => {
  const bytes = (...tail: number[]) => [...new Array<number>(16 - tail.length).fill(0), ...tail];
  it("brackets, zone ids, full and short forms, always 16 bytes", () => {
    expect(parseV6("[::1]")).toEqual(bytes(1));
    expect(parseV6("fe80::1%eth0")).toEqual([0xfe, 0x80, ...bytes(1).slice(2)]);
    expect(parseV6("2001:db8:0:0:0:0:0:1")).toEqual([0x20, 0x01, 0x0d, 0xb8, ...bytes(1).slice(4)]);
    expect(parseV6("1:2")).toEqual([0, 1, 0, 2, ...new Array<number>(12).fill(0)]);
    expect(parseV6("1:2:3:4:5:6:7:8:9")).toHaveLength(16);
  });
});

describe("splitHostPort and isHostName", () => {
  it("splits only a whole [v6]:port, and a single colon", () => {
    expect(splitHostPort("[::1]:5000")).toEqual({ hostname: "::1", port: "5000" });
    expect(splitHostPort("x[::1]:5000")).toEqual({ hostname: "x[::1]:5000" });
    expect(splitHostPort("[::1]:5000x")).toEqual({ hostname: "[::1]:5000x" });
    expect(splitHostPort(":5000")).toEqual({ hostname: "", port: "5000" });
    expect(splitHostPort("a:b:c")).toEqual({ hostname: "a:b:c" });
    expect(splitHostPort("r.example")).toEqual({ hostname: "r.example" });
  });
  it("isHostName: host[:port] or [v6]:port, nothing else", () => {
    const yes = ["r.example", "r.example:5000", "a", "[::1]:5000", "[::1]", `${"a".repeat(253)}`, "R-1.example"];
    const no = ["https://r.example", "r.example/x", "u@r.example", "-r.example", "r.example-", "r.example:123456", `${"a".repeat(254)}`, "[zz]", "[::1", "r example", ""];
    expect(yes.map(isHostName)).toEqual(yes.map(() => true));
    expect(no.map(isHostName)).toEqual(no.map(() => false));
  });
});

describe("AddressPolicy", () => {
  const dns: Record<string, string[]> = { "pub.example": ["8.8.8.8", "2001:4860::8888"], "mixed.example": ["8.8.8.8", "10.0.0.1"], "priv.example": ["10.0.0.2", "::1"], "none.example": [] };
  const lookup: Lookup = async (h) => dns[h] ?? [];
  afterEach(() => vi.useRealTimers());

  it("the insecure list is trimmed and case-blind, on both sides", () => {
    const p = new AddressPolicy([" R.Example:5000 ", "", "Tok.Example:9000"], lookup);
    expect([p.isInsecure("r.example:5000"), p.isInsecure("R.EXAMPLE:5000"), p.isInsecure("")]).toEqual([true, true, false]);
    expect(p.isTrusted(new URL("http://tok.example:9000/t"), "r.example:5000")).toBe(true);
    expect(new AddressPolicy().isInsecure("stryker was here")).toBe(false);
  });

  it("the registry's own host: default ports by scheme, brackets", () => {
    const p = new AddressPolicy(["r.example:80", "[::1]:5000"], lookup);
    expect(p.isRegistryHost(new URL("https://pub.example/v2/"), "pub.example:443")).toBe(true);
    expect(p.isRegistryHost(new URL("https://pub.example:443/v2/"), "pub.example")).toBe(true);
    expect(p.isRegistryHost(new URL("http://r.example/v2/"), "r.example:80")).toBe(true);
    expect(p.isRegistryHost(new URL("http://r.example/v2/"), "r.example:443")).toBe(false);
    expect(p.isRegistryHost(new URL("http://[::1]:5000/v2/"), "[::1]:5000")).toBe(true);
  });

  it("answers exactly the addresses judged, and whether all are public", async () => {
    const p = new AddressPolicy(["priv.example:5000", "pub.example:5000", "mixed.example:5000"], lookup);
    expect(await p.check(new URL("https://pub.example/v2/"), "pub.example")).toStrictEqual({
      address: "8.8.8.8",
      family: 4,
      addresses: [{ address: "8.8.8.8", family: 4 }, { address: "2001:4860::8888", family: 6 }],
      public: true,
    });
    expect(await p.check(new URL("http://priv.example:5000/v2/"), "priv.example:5000")).toStrictEqual({
      address: "10.0.0.2",
      family: 4,
      addresses: [{ address: "10.0.0.2", family: 4 }, { address: "::1", family: 6 }],
      public: false,
    });
    expect((await p.check(new URL("http://pub.example:5000/v2/"), "pub.example:5000")).public).toBe(true);
    expect((await p.check(new URL("http://mixed.example:5000/v2/"), "mixed.example:5000")).public).toBe(false);
    expect(await p.check(new URL("https://[2001:4860::8888]/v2/"), "[2001:4860::8888]")).toStrictEqual({
      address: "2001:4860::8888",
      family: 6,
      addresses: [{ address: "2001:4860::8888", family: 6 }],
      public: true,
    });
  });

  it("every refusal names the URL, the registry and why", async () => {
    const p = new AddressPolicy(["priv.example:5000"], lookup);
    const refused = async (url: string, registry: string) => {
      const e = await p.check(new URL(url), registry).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(RegistryError);
      expect((e as RegistryError).code).toBe("blocked-address");
      return (e as RegistryError).message;
    };
    const own = 'list "mixed.example" in ARCHGRID_INSECURE_REGISTRIES for a private or plain-http registry';
    const other = "another host a registry sends us to (redirect, token realm, next page) must be public https, or listed in ARCHGRID_INSECURE_REGISTRIES when the registry is listed too";
    expect(await refused("https://mixed.example/v2/", "mixed.example")).toBe(`https://mixed.example for registry mixed.example: refused by policy (only https to public addresses; ${own})`);
    expect(await refused("http://pub.example/v2/", "mixed.example")).toBe(`http://pub.example for registry mixed.example: refused by policy (only https to public addresses; ${other})`);
    expect(await refused("https://none.example/t", "pub.example")).toBe("https://none.example for registry pub.example: refused by policy (the host has no address)");
    expect(await refused("ftp://priv.example:5000/v2/", "priv.example:5000")).toMatch(/^ftp:\/\/priv\.example:5000 for registry priv\.example:5000: refused by policy \(only https/);
  });

  it("lookups are cached for 60 s, and a failed lookup says why", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    let calls = 0;
    const p = new AddressPolicy([], async (h) => {
      calls++;
      if (h === "gone.example") throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
      if (h === "odd.example") throw new Error("odd");
      return ["8.8.8.8"];
    });
    const u = new URL("https://Pub.example/v2/");
    await p.check(u, "pub.example");
    vi.setSystemTime(59_999);
    await p.check(u, "pub.example");
    expect(calls).toBe(1);
    vi.setSystemTime(60_000);
    await p.check(u, "pub.example");
    expect(calls).toBe(2);
    for (const [h, code] of [["gone.example", "ENOTFOUND"], ["odd.example", "lookup failed"]]) {
      const e = (await p.check(new URL(`https://${h}/`), h).catch((x: unknown) => x)) as RegistryError;
      expect([e.code, e.message, (e.cause as Error).message]).toEqual(["registry-unavailable", `cannot resolve registry host ${h} (${code})`, code === "ENOTFOUND" ? "nx" : "odd"]);
    }
  });

  it("the system lookup answers every address of a name (localhost, from the hosts file)", async () => {
    const pin = await new AddressPolicy(["localhost:5000"]).check(new URL("http://localhost:5000/v2/"), "localhost:5000");
    expect(Array.isArray(pin.addresses)).toBe(true);
    expect(pin.addresses.map((a) => a.address)).toContain("127.0.0.1");
    expect(pin.public).toBe(false);
  });
});

describe("gaps found by the last run", () => {
  it("a global address whose second byte looks link-local is public", () => {
    expect(blockedReason("2080::1")).toBe(null);
  });
  it("a listed registry without a port is its own host over http on port 80", () => {
    const p = new AddressPolicy(["r.example"], async () => ["10.0.0.1"]);
    expect(p.isRegistryHost(new URL("http://r.example/v2/"), "r.example")).toBe(true);
    expect(p.isRegistryHost(new URL("http://r.example:443/v2/"), "r.example")).toBe(false);
  });
});
