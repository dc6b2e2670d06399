// Required platforms: parsing and matching as the grid's columns do.
import { describe, expect, it } from "vitest";
import { normalizePlatform } from "../registry";
import { DEFAULT_REQUIREMENTS, missingRequirements, nodeName, parseRequirements, InvalidPlatformError } from "./platforms";

const keys = (list: string[]) => parseRequirements(list).map((r) => r.key);
const P = (os: string, architecture: string, variant?: string) => normalizePlatform({ os, architecture, variant });

describe("parseRequirements", () => {
  it.each([
    [["linux/amd64,linux/arm64"], ["linux/amd64", "linux/arm64"]],
    [["arm64", " s390x "], ["linux/arm64", "linux/s390x"]],
    [["linux/aarch64,linux/x86_64"], ["linux/arm64", "linux/amd64"]],
    [["linux/arm"], ["linux/arm"]],
    [["linux/arm/7,armhf"], ["linux/arm/v7"]],
    [["linux/arm64/v8"], ["linux/arm64"]],
    [["WINDOWS/AMD64"], ["windows/amd64"]],
    [["linux/amd64", "linux/amd64"], ["linux/amd64"]],
  ])("%j -> %j", (input, out) => {
    expect(keys(input)).toEqual(out);
  });

  it.each([["linux//arm64"], ["linux/arm64/v8/x"], [""], ["linux/arm 64"], ["/amd64"]])("%j is refused in plain words", (bad) => {
    expect(() => parseRequirements([bad])).toThrow(InvalidPlatformError);
  });

  it("the default is the grid's five linux columns", () => {
    expect(DEFAULT_REQUIREMENTS.map((r) => r.key)).toEqual(["linux/amd64", "linux/arm", "linux/arm64", "linux/ppc64le", "linux/s390x"]);
  });
});

describe("missingRequirements", () => {
  it("linux/arm is met by any arm variant; linux/arm/v7 only by v7", () => {
    const v6 = [P("linux", "arm", "v6")];
    expect(missingRequirements(parseRequirements(["linux/arm"]), v6)).toEqual([]);
    expect(missingRequirements(parseRequirements(["linux/arm/v7"]), v6).map((r) => r.key)).toEqual(["linux/arm/v7"]);
  });

  it("a windows entry never meets a linux requirement, nor the reverse", () => {
    const reqs = parseRequirements(["linux/amd64,windows/amd64"]);
    expect(missingRequirements(reqs, [P("windows", "amd64")]).map((r) => r.key)).toEqual(["linux/amd64"]);
    expect(missingRequirements(reqs, [P("linux", "amd64")]).map((r) => r.key)).toEqual(["windows/amd64"]);
  });

  it("amd64 without a variant is met by amd64/v3", () => {
    expect(missingRequirements(parseRequirements(["linux/amd64"]), [P("linux", "amd64", "v3")])).toEqual([]);
  });

  it("node names in messages", () => {
    expect(parseRequirements(["linux/arm64,linux/arm/v7,windows/amd64"]).map(nodeName)).toEqual(["arm64", "arm/v7", "windows/amd64"]);
  });
});
