import { describe, expect, it } from "vitest";
import { normalizePlatform, parsePlatformKey, platformKey } from "./platform";
import type { Platform } from "./types";

const p = (os: string, architecture: string, variant?: string): Platform => ({ os, architecture, ...(variant ? { variant } : {}) });

describe("normalizePlatform (containerd rules)", () => {
  it.each<[Platform, string]>([
    [p("linux", "amd64"), "linux/amd64"],
    [p("linux", "x86_64"), "linux/amd64"],
    [p("linux", "x86-64"), "linux/amd64"],
    [p("linux", "amd64", "v1"), "linux/amd64"],
    [p("linux", "amd64", "v2"), "linux/amd64/v2"],
    [p("linux", "amd64", "v3"), "linux/amd64/v3"],
    [p("linux", "aarch64"), "linux/arm64"],
    [p("linux", "arm64", "v8"), "linux/arm64"],
    [p("linux", "arm64", "8"), "linux/arm64"],
    [p("linux", "arm64", "v8.0"), "linux/arm64"],
    [p("linux", "arm64", "v8.2"), "linux/arm64/v8.2"],
    [p("linux", "arm64", "9"), "linux/arm64/v9"],
    [p("linux", "i386"), "linux/386"],
    [p("linux", "386"), "linux/386"],
    [p("linux", "armhf"), "linux/arm/v7"],
    [p("linux", "armel"), "linux/arm/v6"],
    [p("linux", "arm"), "linux/arm/v7"],
    [p("linux", "arm", "7"), "linux/arm/v7"],
    [p("linux", "arm", "6"), "linux/arm/v6"],
    [p("linux", "arm", "5"), "linux/arm/v5"],
    [p("linux", "arm", "v5"), "linux/arm/v5"],
    [p("linux", "ARM", "V6"), "linux/arm/v6"],
    [p("Linux", "AMD64"), "linux/amd64"],
    [p("macos", "arm64"), "darwin/arm64"],
    [p("windows", "amd64"), "windows/amd64"],
    [p("linux", "ppc64le"), "linux/ppc64le"],
    [p("linux", "s390x"), "linux/s390x"],
    [p("linux", "riscv64"), "linux/riscv64"],
    [p("linux", "mips64le"), "linux/mips64le"],
  ])("%j -> %s", (input, key) => {
    expect(platformKey(normalizePlatform(input))).toBe(key);
  });

  it("keeps os.version and os.features, not in the key", () => {
    const n = normalizePlatform({ os: "windows", architecture: "AMD64", osVersion: "10.0.20348.2655", osFeatures: ["win32k"] });
    expect(n).toEqual({ os: "windows", architecture: "amd64", osVersion: "10.0.20348.2655", osFeatures: ["win32k"] });
    expect(platformKey(n)).toBe("windows/amd64");
  });

  it("does not change its input", () => {
    const input = p("linux", "aarch64", "v8");
    normalizePlatform(input);
    expect(input).toEqual(p("linux", "aarch64", "v8"));
  });
});

describe("parsePlatformKey", () => {
  it.each<[string, Platform]>([
    ["linux/amd64", p("linux", "amd64")],
    ["linux/arm/v7", p("linux", "arm", "v7")],
    ["linux/arm", p("linux", "arm")],
    ["windows/amd64", p("windows", "amd64")],
  ])("%s", (key, platform) => {
    expect(parsePlatformKey(key)).toEqual(platform);
    expect(platformKey(parsePlatformKey(key))).toBe(key);
  });
  it.each(["amd64", "", "linux/", "a/b/c/d"])("rejects %j", (key) => expect(() => parsePlatformKey(key)).toThrow(/not a platform/));
});
