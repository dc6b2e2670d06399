// Host allow-list and cross-site detection, table-driven over the spellings browsers and attackers send.
import { describe, expect, it } from "vitest";
import { crossSiteReason, hostAllowed, hostName, mediaType } from "./request-checks";

describe("hostAllowed without ARCHGRID_PUBLIC_URL", () => {
  const machine = "buildbox.corp.example";
  it.each([
    ["127.0.0.1:3000", true],
    ["10.1.2.3", true],
    ["[::1]:3000", true],
    ["[fe80::1]", true],
    ["localhost:3000", true],
    ["LOCALHOST", true],
    ["app.localhost:3000", true],
    ["buildbox.corp.example:3000", true],
    ["buildbox", true],
    ["evil.example:3000", false],
    ["127.0.0.1.nip.io:3000", false],
    ["localhost.evil.example", false],
    ["buildbox.evil.example", false],
    ["", false],
    ["[::1", false],
    ["127.0.0.1:3000:1", false],
    ["a b", false],
  ])("%s -> %s", (host, ok) => {
    expect(hostAllowed(host, undefined, machine)).toBe(ok);
  });
  it("lets a request without any Host through (no browser sends one)", () => {
    expect(hostAllowed(null, undefined, machine)).toBe(true);
  });
});

describe("hostAllowed with ARCHGRID_PUBLIC_URL", () => {
  const url = "https://archgrid.example.org";
  it.each([
    ["archgrid.example.org", true],
    ["ARCHGRID.example.org", true],
    ["archgrid.example.org:443", false],
    ["127.0.0.1:3000", false],
    ["localhost", false],
    ["evil.example", false],
  ])("%s -> %s", (host, ok) => {
    expect(hostAllowed(host, url, "buildbox")).toBe(ok);
  });
  it("keeps a non-default port", () => {
    expect(hostAllowed("archgrid.example.org:8443", "https://archgrid.example.org:8443/", "x")).toBe(true);
    expect(hostAllowed("archgrid.example.org", "https://archgrid.example.org:8443/", "x")).toBe(false);
  });
});

describe("crossSiteReason", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it("lets same-origin browser requests and header-less scripts through", () => {
    expect(crossSiteReason(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }), undefined)).toBeNull();
    expect(crossSiteReason(h({ host: "127.0.0.1:3000" }), undefined)).toBeNull();
    expect(crossSiteReason(h({ host: "x", origin: "https://archgrid.example.org" }), "https://archgrid.example.org/")).toBeNull();
  });
  it.each([
    [{ host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" }, undefined],
    [{ host: "127.0.0.1:3000", origin: "http://evil.example" }, undefined],
    [{ host: "127.0.0.1:3000", origin: "null" }, undefined],
    [{ host: "127.0.0.1:3000", origin: "not a url" }, undefined],
    [{ host: "127.0.0.1:3000", "sec-fetch-site": "cross-site" }, undefined],
    [{ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" }, undefined],
    [{ host: "archgrid.example.org", origin: "http://archgrid.example.org" }, "https://archgrid.example.org"],
    [{ host: "archgrid.example.org", origin: "https://other.example.org" }, "https://archgrid.example.org"],
  ])("refuses %j (public URL %s)", (headers, publicUrl) => {
    expect(crossSiteReason(h(headers), publicUrl)).toMatch(/came from|malformed/);
  });
});

describe("small parsers", () => {
  it("hostName strips ports and brackets", () => {
    expect(hostName("[::1]:80")).toBe("::1");
    expect(hostName("Example.ORG:80")).toBe("example.org");
  });
  it("mediaType drops parameters", () => {
    expect(mediaType("Application/JSON; charset=utf-8")).toBe("application/json");
    expect(mediaType(null)).toBe("");
  });
});
