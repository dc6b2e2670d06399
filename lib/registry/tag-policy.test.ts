import { describe, expect, it } from "vitest";
import { policyNeedsListing, selectTags, sortNewestFirst, tagPolicyProblem } from "./tag-policy";
import type { TagPolicy } from "./types";

const listed = ["latest", "1.2", "1.10", "1.9.1", "1.10.0-alpine", "v2.0.0", "alpine", "edge", "3.19-bookworm", "nightly-2024"];

describe("selectTags", () => {
  it.each<[string, TagPolicy, string[] | null, number, string[]]>([
    ["explicit tags need no listing", { kind: "tags", tags: ["latest", "1.2"] }, null, 10, ["latest", "1.2"]],
    ["explicit tags are deduplicated and capped", { kind: "tags", tags: ["a", "b", "a", "c"] }, null, 2, ["a", "b"]],
    ["explicit tags drop invalid ones", { kind: "tags", tags: ["ok", "-bad", "no/slash"] }, null, 10, ["ok"]],
    ["explicit tags are kept when not listed", { kind: "tags", tags: ["gone"] }, ["latest"], 10, ["gone"]],
    ["glob include", { kind: "pattern", include: ["1.*"] }, listed, 10, ["1.10.0-alpine", "1.10", "1.9.1", "1.2"]],
    ["glob exclude", { kind: "pattern", include: ["1.*"], exclude: ["*-alpine"] }, listed, 10, ["1.10", "1.9.1", "1.2"]],
    ["regex include", { kind: "pattern", include: ["/^v?\\d+\\.\\d+\\.\\d+$/"] }, listed, 10, ["v2.0.0", "1.9.1"]],
    ["regex with flags", { kind: "pattern", include: ["/^ALP/i"] }, listed, 10, ["alpine"]],
    ["pattern max", { kind: "pattern", include: ["*"], max: 2 }, listed, 10, ["3.19-bookworm", "v2.0.0"]],
    ["pattern capped", { kind: "pattern" }, listed, 3, ["3.19-bookworm", "v2.0.0", "1.10.0-alpine"]],
    ["newest", { kind: "newest", count: 3 }, listed, 10, ["3.19-bookworm", "v2.0.0", "1.10.0-alpine"]],
    ["newest with exclude", { kind: "newest", count: 3, exclude: ["v*", "3.*"] }, listed, 10, ["1.10.0-alpine", "1.10", "1.9.1"]],
    ["newest non-versions last, name desc", { kind: "newest", count: 20, include: ["[a-z]*"] }, listed, 20, ["v2.0.0", "nightly-2024", "latest", "edge", "alpine"]],
    ["newest count above cap", { kind: "newest", count: 50 }, listed, 2, ["3.19-bookworm", "v2.0.0"]],
    ["no listing for patterns yields nothing", { kind: "newest", count: 3 }, null, 10, []],
  ])("%s", (_name, policy, available, cap, want) => {
    expect(selectTags(policy, available, cap)).toEqual(want);
  });

  it("ties on the coerced version are broken by name, descending", () => {
    expect(sortNewestFirst(["1.2", "1.2.0", "1.2-alpine"])).toEqual(["1.2.0", "1.2-alpine", "1.2"]);
  });
});

describe("policy helpers", () => {
  it.each<[TagPolicy, boolean]>([
    [{ kind: "tags", tags: ["x"] }, false],
    [{ kind: "pattern" }, true],
    [{ kind: "newest", count: 1 }, true],
  ])("policyNeedsListing(%j) = %s", (policy, needs) => expect(policyNeedsListing(policy)).toBe(needs));

  it.each<[TagPolicy, RegExp | null]>([
    [{ kind: "tags", tags: ["x"] }, null],
    [{ kind: "tags", tags: [] }, /at least one/],
    [{ kind: "tags", tags: ["a/b"] }, /not a valid tag/],
    [{ kind: "pattern", include: ["/(/"] }, /not valid/],
    [{ kind: "newest", count: 0 }, /at least 1/],
  ])("tagPolicyProblem(%j)", (policy, want) => {
    const got = tagPolicyProblem(policy);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe("a pinned digest policy", () => {
  const digest = `sha256:${"d".repeat(64)}`;
  it("selects the digest itself, without listing", () => {
    expect(selectTags({ kind: "digest", digest }, null, 100)).toEqual([digest]);
    expect(policyNeedsListing({ kind: "digest", digest })).toBe(false);
  });
  it("refuses a malformed digest in words", () => {
    expect(tagPolicyProblem({ kind: "digest", digest: "sha256:abc" })).toMatch(/pinned digest "sha256:abc" is not valid/);
    expect(selectTags({ kind: "digest", digest: "sha256:abc" }, null, 100)).toEqual([]);
  });
});
