// containerd/platforms' own normalization cases, replayed against normalizePlatform.
// Sources (containerd/platforms@09756f59, 2026-03-31):
// - platforms_test.go TestParseSelector: each case's `expected` platform must match every entry of
//   its `matches` list; containerd's matcher compares Normalize(expected) with Normalize(match).
//   Single-word cases (arm, armel, Aarch64, x86_64, i386, s390x, macOS) go through normalizeArch /
//   normalizeOS in the same way.
// - database.go normalizeArch / normalizeOS and platforms.go Normalize: every branch.
import { describe, expect, it } from "vitest";
import { normalizePlatform, platformKey } from "../platform";
import type { Platform } from "../types";

const P = (os: string, architecture: string, variant?: string): Platform => ({ os, architecture, ...(variant !== undefined ? { variant } : {}) });
const norm = (p: Platform) => platformKey(normalizePlatform(p));

const SRC = "containerd/platforms platforms_test.go TestParseSelector";

// [case input, expected (as the test writes it), matches]
const SELECTOR_MATCHES: Array<[string, Platform, Platform[]]> = [
  ["linux/arm64", P("linux", "arm64"), [P("linux", "aarch64"), P("linux", "aarch64", "v8"), P("linux", "arm64", "v8")]],
  ["linux/arm64/v8", P("linux", "arm64", "v8"), [P("linux", "aarch64"), P("linux", "aarch64", "v8"), P("linux", "arm64")]],
  ["linux/arm", P("linux", "arm"), [P("linux", "arm", "v7"), P("linux", "armhf"), P("linux", "arm", "7")]],
  ["linux/arm/v6", P("linux", "arm", "v6"), [P("linux", "armel")]],
  ["linux/arm/v7", P("linux", "arm", "v7"), [P("linux", "arm"), P("linux", "armhf")]],
];

// Single words: [input, the architecture/variant (or os) containerd's test expects]. The test
// writes arm and armhf without a variant because Parse hides the default v7; Normalize adds it.
const SELECTOR_WORDS: Array<[string, Platform, string]> = [
  ["arm", P("linux", "arm"), "linux/arm/v7"],
  ["armel", P("linux", "armel"), "linux/arm/v6"],
  ["armhf", P("linux", "armhf"), "linux/arm/v7"],
  ["Aarch64", P("linux", "Aarch64"), "linux/arm64"],
  ["x86_64", P("linux", "x86_64"), "linux/amd64"],
  ["Linux/x86_64", P("Linux", "x86_64"), "linux/amd64"],
  ["i386", P("linux", "i386"), "linux/386"],
  ["s390x", P("linux", "s390x"), "linux/s390x"],
  ["linux/s390x", P("linux", "s390x"), "linux/s390x"],
  ["macOS", P("macOS", "arm64"), "darwin/arm64"],
];

describe(`${SRC}: expected matches every listed platform`, () => {
  it.each(SELECTOR_MATCHES)("%s", (_input, expected, matches) => {
    for (const m of matches) expect(norm(m), JSON.stringify(m)).toBe(norm(expected));
  });
  it.each(SELECTOR_WORDS)("%s", (_input, given, want) => expect(norm(given)).toBe(want));
});

describe("containerd/platforms database.go normalizeArch: every branch", () => {
  it.each<[Platform, string]>([
    [P("linux", "i386", "v5"), "linux/386"], // i386: variant cleared
    [P("linux", "x86_64"), "linux/amd64"],
    [P("linux", "x86-64"), "linux/amd64"],
    [P("linux", "amd64", "v1"), "linux/amd64"],
    [P("linux", "amd64", "v2"), "linux/amd64/v2"],
    [P("linux", "amd64", "v3"), "linux/amd64/v3"],
    [P("linux", "amd64", "v4"), "linux/amd64/v4"],
    [P("linux", "aarch64", "8"), "linux/arm64"],
    [P("linux", "arm64", "v8"), "linux/arm64"],
    [P("linux", "arm64", "v8.0"), "linux/arm64"],
    [P("linux", "arm64", "9"), "linux/arm64/v9"],
    [P("linux", "arm64", "9.0"), "linux/arm64/v9"],
    [P("linux", "arm64", "v9.0"), "linux/arm64/v9"],
    [P("linux", "arm64", "v9"), "linux/arm64/v9"],
    // Not in containerd's table: kept exactly as written (lowercased).
    [P("linux", "arm64", "8.0"), "linux/arm64/8.0"],
    [P("linux", "arm64", "v8.2"), "linux/arm64/v8.2"],
    [P("linux", "arm64", "8.2"), "linux/arm64/8.2"],
    [P("linux", "arm64", "v9.1"), "linux/arm64/v9.1"],
    [P("linux", "arm64", "V8"), "linux/arm64"],
    [P("linux", "armhf", "v5"), "linux/arm/v7"],
    [P("linux", "armel", "v7"), "linux/arm/v6"],
    [P("linux", "arm"), "linux/arm/v7"],
    [P("linux", "arm", "7"), "linux/arm/v7"],
    [P("linux", "arm", "5"), "linux/arm/v5"],
    [P("linux", "arm", "6"), "linux/arm/v6"],
    [P("linux", "arm", "8"), "linux/arm/v8"],
    [P("linux", "arm", "v5"), "linux/arm/v5"],
    [P("linux", "ppc64le"), "linux/ppc64le"],
    [P("linux", "riscv64"), "linux/riscv64"],
    [P("macos", "amd64"), "darwin/amd64"],
    [P("Windows", "AMD64"), "windows/amd64"],
  ])("%j -> %s", (input, want) => expect(norm(input)).toBe(want));

  it.each<[Platform, string]>([
    [P("linux", "amd64 "), "linux/amd64 "],
    [P("linux", " arm64"), "linux/ arm64"],
    [P("linux ", "amd64"), "linux /amd64"],
    [P("linux", "arm64", " v8"), "linux/arm64/ v8"],
  ])("lowercases but never trims: %j stays %j (containerd sees another architecture)", (input, want) => expect(norm(input)).toBe(want));
});

describe("containerd/platforms platforms.go Normalize", () => {
  it("sorts and deduplicates os.features (TestParseSelector 'linux(+unsorted+erofs)' formats them sorted), keeps os.version", () => {
    expect(normalizePlatform({ os: "linux", architecture: "amd64", osFeatures: ["unsorted", "erofs", "unsorted"] }).osFeatures).toEqual(["erofs", "unsorted"]);
    expect(normalizePlatform({ os: "windows", architecture: "amd64", osVersion: "10.0.17763.6414" }).osVersion).toBe("10.0.17763.6414");
  });
});
