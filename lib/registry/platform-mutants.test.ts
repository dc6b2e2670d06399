// platform.ts and media-types.ts edges the first suites left open: absent fields, no undefined
// keys in results, key parsing with spaces, samePlatform / isUnknownPlatform, media-type
// parameters and document kinds.
import { describe, expect, it } from "vitest";
import { MediaTypes, baseMediaType, documentKind } from "./media-types";
import { isUnknownPlatform, normalizePlatform, parsePlatformKey, samePlatform } from "./platform";
import type { Platform } from "./types";

describe("platform", () => {
  it("normalizePlatform: absent os or architecture read as empty; no undefined keys", () => {
    expect(normalizePlatform({} as Platform)).toStrictEqual({ os: "", architecture: "" });
    expect(normalizePlatform({ os: "Linux", architecture: "amd64", osFeatures: [] })).toStrictEqual({ os: "linux", architecture: "amd64" });
    expect(normalizePlatform({ os: "windows", architecture: "amd64", osVersion: "10.0", osFeatures: ["b", "a", "b"] })).toStrictEqual({
      os: "windows",
      architecture: "amd64",
      osVersion: "10.0",
      osFeatures: ["a", "b"],
    });
  });
  it("parsePlatformKey trims, lowercases, and adds a variant only when there is one", () => {
    expect(parsePlatformKey(" Linux/ARM64 ")).toStrictEqual({ os: "linux", architecture: "arm64" });
    expect(parsePlatformKey("linux/arm/v7")).toStrictEqual({ os: "linux", architecture: "arm", variant: "v7" });
  });
  it("samePlatform compares after normalization; unknown/unknown is an attestation placeholder", () => {
    expect(samePlatform({ os: "linux", architecture: "aarch64" }, { os: "Linux", architecture: "arm64" })).toBe(true);
    expect(samePlatform({ os: "linux", architecture: "arm", variant: "v6" }, { os: "linux", architecture: "arm" })).toBe(false);
    expect([
      isUnknownPlatform({ os: "unknown", architecture: "unknown" }),
      isUnknownPlatform({ os: "unknown", architecture: "amd64" }),
      isUnknownPlatform({ os: "linux", architecture: "unknown" }),
    ]).toEqual([true, false, false]);
  });
});

describe("media types", () => {
  it("baseMediaType drops parameters and spaces, lowercases", () => {
    expect(baseMediaType(" Application/JSON ; charset=utf-8")).toBe("application/json");
    expect(baseMediaType(null)).toBe("");
  });
  it("documentKind names each manifest kind, null for anything else", () => {
    expect([MediaTypes.ociIndex, MediaTypes.dockerList, MediaTypes.ociManifest, MediaTypes.dockerManifest, MediaTypes.dockerSchema1, MediaTypes.dockerSchema1Signed, "application/json"].map(documentKind)).toEqual([
      "index",
      "index",
      "image",
      "image",
      "schema1",
      "schema1",
      null,
    ]);
  });
});
