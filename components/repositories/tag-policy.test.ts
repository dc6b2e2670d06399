import { describe, expect, it } from "vitest";
import { DEFAULT_TAG_POLICY, policyFromState, stateFromPolicy, tagPolicyErrors, tagPolicyInput, type TagPolicyState } from "./tag-policy";
import type { TagPolicy } from "@/lib/api-types";

const policy = (patch: Partial<TagPolicyState>): TagPolicyState => ({ ...DEFAULT_TAG_POLICY, ...patch });

describe("tagPolicyInput", () => {
  it.each([
    [policy({}), { tags: ["latest"] }],
    [policy({ tags: " 1.2,, 1.3 " }), { tags: ["1.2", "1.3"] }],
    [policy({ tags: "" }), { tags: ["latest"] }],
    [policy({ kind: "newest", count: "3", include: "v*", exclude: "*-rc*, *-debug" }), { tagPolicy: { kind: "newest", count: 3, include: ["v*"], exclude: ["*-rc*", "*-debug"] } }],
    [policy({ kind: "pattern", include: "1.*" }), { tagPolicy: { kind: "pattern", include: ["1.*"], exclude: [] } }],
  ])("%o -> %o", (state, expected) => {
    expect(tagPolicyInput(state)).toEqual(expected);
  });
});

describe("tagPolicyErrors", () => {
  it("checks tag names only when tracking by name", () => {
    expect(tagPolicyErrors(policy({ tags: "ok, -no" })).tags).toMatch(/Tag "-no" must be/);
    expect(tagPolicyErrors(policy({ kind: "pattern", tags: "-no" }))).toEqual({});
  });

  it.each(["0", "101", "2.5", "", "x"])("refuses %j newest tags", (count) => {
    expect(tagPolicyErrors(policy({ kind: "newest", count })).count).toBe("Enter a whole number from 1 to 100");
  });

  it("accepts 1 to 100 newest tags", () => {
    expect(tagPolicyErrors(policy({ kind: "newest", count: "1" }))).toEqual({});
    expect(tagPolicyErrors(policy({ kind: "newest", count: "100" }))).toEqual({});
  });
});

describe("the editor opens on the stored policy and saves what it shows", () => {
  it.each<TagPolicy>([
    { kind: "tags", tags: ["latest", "1.27"] },
    { kind: "newest", count: 3, include: ["v*"], exclude: ["*-rc*", "*-debug"] },
    { kind: "pattern", include: ["1.*"], exclude: [] },
    { kind: "pattern", include: ["1.*"], exclude: ["*-rc*"], max: 20 },
  ])("%o round-trips", (stored) => {
    expect(policyFromState(stateFromPolicy(stored))).toEqual(stored.kind === "tags" ? stored : { include: [], exclude: [], ...stored });
  });

  it("a pinned digest has no fields: the editor starts from latest", () => {
    expect(stateFromPolicy({ kind: "digest", digest: "sha256:" + "a".repeat(64) })).toEqual(DEFAULT_TAG_POLICY);
  });

  it("an at-most bound for patterns is optional and bounded", () => {
    expect(tagPolicyErrors(policy({ kind: "pattern", max: "" }))).toEqual({});
    expect(tagPolicyErrors(policy({ kind: "pattern", max: "0" })).max).toMatch(/1 to 10000/);
  });
});
