import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { ARCH_PREFIXES, findSiblings, officialName } from "./siblings";
import { parseReference } from "./reference";
import { FakeRegistry } from "../../test/support/fake-registry";
import { normalizePlatform, platformKey } from "./platform";

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
  let reg: FakeRegistry;
  let client: RegistryClient;
  beforeAll(async () => {
    reg = await new FakeRegistry().start();
    reg.putImage("nginx", "1.27", { os: "linux", architecture: "amd64" });
    reg.putImage("arm64v8/nginx", "1.27", { os: "linux", architecture: "arm64" });
    reg.putImage("arm32v6/nginx", "1.27", { os: "linux", architecture: "arm", variant: "v6" });
    reg.putImage("s390x/nginx", "1.26", { os: "linux", architecture: "s390x" });
    reg.hook = (_req, res, url) => {
      if (!url.pathname.startsWith("/v2/ppc64le/")) return false;
      res.writeHead(500);
      res.end();
      return true;
    };
    client = new RegistryClient({ insecureRegistries: [reg.host], credentials: { get: async () => undefined }, maxRetries: 0 });
  });
  afterAll(async () => reg.server.close());

  it("HEADs the prefixes of the missing platforms and returns those that exist", async () => {
    const repo = parseReference(`${reg.host}/nginx`);
    const before = reg.server.hits.length;
    const found = await findSiblings(client, repo, "1.27", ["linux/arm64", "linux/arm", "linux/s390x", "linux/ppc64le"], reg.host);
    expect(found.map((f) => f.prefix).sort()).toEqual(["arm32v6", "arm64v8"]);
    const arm64 = found.find((f) => f.prefix === "arm64v8")!;
    expect(arm64.reference).toBe(`${reg.host}/arm64v8/nginx:1.27`);
    expect(arm64.platform).toEqual({ os: "linux", architecture: "arm64" });
    expect(arm64.digest).toMatch(/^sha256:/);
    const hits = reg.server.hits.slice(before);
    // linux/arm covers arm32v5/6/7; one HEAD each, no GET fallback for a missing sibling.
    expect(hits.every((h) => h.method === "HEAD")).toBe(true);
    expect(hits).toHaveLength(6);
  });

  it("nothing for a non-official repository", async () => {
    expect(await findSiblings(client, parseReference(`${reg.host}/team/nginx`), "1.27", ["linux/arm64"], reg.host)).toEqual([]);
  });
});
