import { describe, expect, it, vi } from "vitest";
import { AddressPolicy, blockedReason, parseV6, splitHostPort } from "./address";
import { RegistryError } from "./errors";

describe("blockedReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade"],
    ["100.127.255.255", "carrier-grade"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:7f00:1", "loopback"],
    ["64:ff9b::10.0.0.1", "private"],
    ["[::1]", "loopback"],
    // Ranges issue 10 found missing, and the rest of the IANA special-purpose registries.
    ["::7f00:1", "reserved"], // ::/96 IPv4-compatible
    ["::a9fe:a9fe", "reserved"],
    ["fec0::1", "site-local"],
    ["2002:7f00:1::1", "6to4"],
    ["2002:a9fe:a9fe::1", "6to4"],
    ["192.0.0.8", "IETF"],
    ["192.0.0.170", "IETF"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["192.88.99.1", "6to4 relay"],
    ["192.31.196.1", "AS112"],
    ["192.175.48.1", "AS112"],
    ["192.52.193.1", "AMT"],
    ["255.255.255.255", "reserved"],
    ["2001:db8::1", "documentation"],
    ["2001::1", "IETF"], // Teredo
    ["2001:2::1", "IETF"], // benchmarking
    ["2001:20::1", "IETF"], // ORCHIDv2
    ["2620:4f:8000::1", "AS112"],
    ["3fff::1", "documentation"],
    ["5f00::1", "reserved"], // SRv6 SIDs, outside 2000::/3,
    ["100::1", "reserved"], // discard-only
    ["64:ff9b:1::a00:1", "reserved"], // local-use translation
    ["::ffff:198.18.0.1", "benchmarking"],
    ["64:ff9b::192.0.0.1", "IETF"],
  ])("%s is blocked (%s)", (ip, what) => expect(blockedReason(ip)).toContain(what));

  it.each(["8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::1", "198.20.0.1", "192.0.1.1", "198.17.255.255", "2001:200::1", "64:ff9b::8.8.8.8"])(
    "%s is public",
    (ip) => expect(blockedReason(ip)).toBeNull(),
  );
});

describe("parseV6 / splitHostPort", () => {
  it.each([
    ["::1", [...Array(15).fill(0), 1]],
    ["fe80::1:2", [0xfe, 0x80, ...Array(10).fill(0), 0, 1, 0, 2]],
    ["::ffff:1.2.3.4", [...Array(10).fill(0), 0xff, 0xff, 1, 2, 3, 4]],
  ])("%s", (ip, bytes) => expect(parseV6(ip)).toEqual(bytes));

  it.each([
    ["localhost:5000", { hostname: "localhost", port: "5000" }],
    ["ghcr.io", { hostname: "ghcr.io" }],
    ["[::1]:5000", { hostname: "::1", port: "5000" }],
    ["[::1]", { hostname: "::1", port: undefined }],
  ])("%s", (hp, want) => expect(splitHostPort(hp)).toEqual(want));
});

async function code(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return e instanceof RegistryError ? e.code : String(e);
  }
}

describe("AddressPolicy", () => {
  const noDns = async (): Promise<string[]> => {
    throw new Error("DNS must not be used for IP literals");
  };
  const policy = new AddressPolicy(["127.0.0.1:5000", "127.0.0.1:5002", "10.0.0.5:443", "10.9.9.9:5000"], noDns);

  it.each([
    ["http://127.0.0.1:5000/v2/", "127.0.0.1:5000", null],
    ["https://127.0.0.1:5000/v2/", "127.0.0.1:5000", null],
    ["http://127.0.0.1:5001/token", "127.0.0.1:5000", "blocked-address"], // same machine, but this port is not listed
    ["http://127.0.0.1:5001/v2/", "127.0.0.1:5001", "blocked-address"],
    ["https://127.0.0.1:5001/v2/", "127.0.0.1:5001", "blocked-address"],
    ["https://169.254.169.254/latest/meta-data", "ghcr.io", "blocked-address"],
    ["http://8.8.8.8/v2/", "8.8.8.8", "blocked-address"], // plain http to a non-insecure host
    ["https://8.8.8.8/v2/", "8.8.8.8", null],
    ["https://[::1]/v2/", "[::1]", "blocked-address"],
    ["https://[fd00::1]:5000/v2/", "ghcr.io", "blocked-address"],
    ["https://10.0.0.5/v2/", "10.0.0.5:443", null], // URL host drops :443: same hostname as the insecure registry
    ["https://10.0.0.6/v2/", "10.0.0.5:443", "blocked-address"],
    ["ftp://8.8.8.8/", "8.8.8.8", "blocked-address"],
    ["http://127.0.0.1:5002/token", "127.0.0.1:5000", null], // listed, beside the insecure registry
    ["http://10.9.9.9:5000/token", "127.0.0.1:5000", null], // listed, asked for by a listed registry
    ["http://10.9.9.9:5001/token", "127.0.0.1:5000", "blocked-address"], // not listed
    ["http://127.0.0.1:5000/token", "ghcr.io", "blocked-address"], // a public registry never reaches a listed host
    ["https://127.0.0.1:5000/token", "8.8.8.8", "blocked-address"],
  ])("%s for %s", async (url, registry, want) => {
    expect(await code(policy.check(new URL(url), registry))).toBe(want);
  });

  it("resolves names and refuses when any address is private", async () => {
    const p = new AddressPolicy([], async (h) => (h === "evil.example" ? ["8.8.8.8", "10.0.0.1"] : ["8.8.4.4"]));
    expect(await code(p.check(new URL("https://evil.example/v2/"), "evil.example"))).toBe("blocked-address");
    expect(await code(p.check(new URL("https://good.example/v2/"), "good.example"))).toBeNull();
  });

  it("a judgment lasts as long as the DNS answer it rests on: a name that later resolves to a private address is refused", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let answer = ["8.8.8.8"];
      let lookups = 0;
      const p = new AddressPolicy([], async () => {
        lookups++;
        return answer;
      });
      const url = new URL("https://rebind.example/v2/x/manifests/1");
      expect((await p.check(url, "rebind.example")).address).toBe("8.8.8.8");
      answer = ["10.0.0.1"];
      // Within the minute: the same judged pin, no lookup (one judgment per host, not per request).
      expect((await p.check(new URL("https://rebind.example/v2/y/manifests/2"), "rebind.example")).address).toBe("8.8.8.8");
      expect(lookups).toBe(1);
      vi.advanceTimersByTime(61_000);
      expect(await code(p.check(url, "rebind.example"))).toBe("blocked-address");
      expect(lookups).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("scheme follows the insecure list", () => {
    expect(policy.scheme("127.0.0.1:5000")).toBe("http");
    expect(policy.scheme("ghcr.io")).toBe("https");
  });
});
