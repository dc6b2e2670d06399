// Arch-prefixed sibling images (arm64v8/nginx …): the prefix table, and the lookup against the
// real Distribution registry behind the fault proxy (which fails every ppc64le request).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { ARCH_PREFIXES, findSiblings, officialName } from "./siblings";
import { parseReference } from "./reference";
import { normalizePlatform, platformKey } from "./platform";
import { client, faultyRegistry, pushSingle, type Faulty } from "../../test/support/harness";

describe("ARCH_PREFIXES", () => {
  it("covers bashbrew's prefixes with normalized platforms", () => {
    expect(Object.keys(ARCH_PREFIXES).sort()).toEqual(["amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "mips64le", "ppc64le", "riscv64", "s390x", "windows-amd64"]);
    for (const p of Object.values(ARCH_PREFIXES)) expect(normalizePlatform(p)).toEqual(p);
    expect(platformKey(ARCH_PREFIXES.arm64v8)).toBe("linux/arm64");
    expect(platformKey(ARCH_PREFIXES.i386)).toBe("linux/386");
  });

  it.each([
    ["ubuntu", "docker.io", "ubuntu"],
    ["library/ubuntu", "docker.io", "ubuntu"],
    ["myorg/app", "docker.io", null],
    ["127.0.0.1:5000/nginx", "127.0.0.1:5000", "nginx"],
    ["127.0.0.1:5000/team/nginx", "127.0.0.1:5000", null],
    ["ghcr.io/nginx", "docker.io", null],
  ])("officialName(%s, %s)", (input, sib, want) => expect(officialName(parseReference(input), sib)).toBe(want));
});

describe("findSiblings", () => {
  let f: Faulty;
  let c: RegistryClient;
  beforeAll(async () => {
    f = await faultyRegistry({}, [{ path: /^\/v2\/ppc64le\//, status: 500 }]);
    await pushSingle(f.target, "nginx", "1.27", { os: "linux", architecture: "amd64" });
    await pushSingle(f.target, "arm64v8/nginx", "1.27", { os: "linux", architecture: "arm64" });
    await pushSingle(f.target, "arm32v6/nginx", "1.27", { os: "linux", architecture: "arm", variant: "v6" });
    await pushSingle(f.target, "s390x/nginx", "1.26", { os: "linux", architecture: "s390x" });
    c = client([f.proxy.host], { maxRetries: 0 });
  }, 60_000);
  afterAll(async () => f?.stop());

  it("HEADs the prefixes of the missing platforms and returns those that exist", async () => {
    const host = f.proxy.host;
    const repo = parseReference(`${host}/nginx`);
    f.proxy.reset();
    const found = await findSiblings(c, repo, "1.27", ["linux/arm64", "linux/arm", "linux/s390x", "linux/ppc64le"], host);
    expect(found.map((x) => x.prefix).sort()).toEqual(["arm32v6", "arm64v8"]);
    const arm64 = found.find((x) => x.prefix === "arm64v8")!;
    expect(arm64.reference).toBe(`${host}/arm64v8/nginx:1.27`);
    expect(arm64.platform).toEqual({ os: "linux", architecture: "arm64" });
    expect(arm64.digest).toMatch(/^sha256:/);
    const hits = f.proxy.requests();
    // linux/arm covers arm32v5/6/7; one HEAD each, no GET fallback for a missing sibling.
    expect(hits.every((h) => h.method === "HEAD")).toBe(true);
    expect(hits).toHaveLength(6);
  });

  it("nothing for a non-official repository", async () => {
    f.proxy.reset();
    expect(await findSiblings(c, parseReference(`${f.proxy.host}/team/nginx`), "1.27", ["linux/arm64"], f.proxy.host)).toEqual([]);
    expect(f.proxy.requests()).toEqual([]);
  });
});
