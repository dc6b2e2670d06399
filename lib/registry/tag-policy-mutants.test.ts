// tag-policy.ts edges the first suite left open: the exact RE2 source each glob becomes, every
// glob error's words, regex patterns' edge cases, policy problems at their boundaries, and
// selection details (trimming, invalid listed tags, any-of includes, name order).
import { describe, expect, it } from "vitest";
import { compileTagPattern, globToRe2, selectTags, sortNewestFirst, tagPolicyProblem } from "./tag-policy";

const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("globToRe2", () => {
  it("translates each construct exactly", () => {
    expect(globToRe2("a\\*b")).toBe("^a\\*b$");
    expect(globToRe2("a\\")).toBe("^a$");
    expect(globToRe2("a**b")).toBe("^a.*b$");
    expect(globToRe2("a?.")).toBe("^a.\\.$");
    expect(globToRe2("[ab]")).toBe("^[ab]$");
    expect(globToRe2("[]a]")).toBe("^[\\]a]$");
    expect(globToRe2("[!ab]")).toBe("^[^ab]$");
    expect(globToRe2("[^ab]")).toBe("^[^ab]$");
    expect(globToRe2("[a^]")).toBe("^[a\\^]$");
    expect(globToRe2("[a[]")).toBe("^[a\\[]$");
    expect(globToRe2("{a,b}")).toBe("^(?:a|b)$");
    expect(globToRe2("a}b,c")).toBe("^a\\}b,c$");
  });
  it("says what is wrong with a glob", () => {
    expect(err(() => globToRe2("[a"))).toBe('pattern "[a" has a "[" without its "]"');
    expect(err(() => globToRe2("{a"))).toBe('pattern "{a" has a "{" without its "}"');
    for (const c of ["(", ")", "|"]) {
      expect(err(() => globToRe2(`a${c}`))).toBe(`pattern "a${c}" uses extended-glob syntax ("${c}"), which is not supported: use {a,b} alternatives or a /regex/`);
    }
  });
});

describe("compileTagPattern", () => {
  it("// is an empty regex (matches anything); flags g, y, u are ignored", () => {
    expect(compileTagPattern("//")("x")).toBe(true);
    expect(compileTagPattern("/^a$/g")("a")).toBe(true);
    expect(compileTagPattern("/^a$/iu")("A")).toBe(true);
  });
  it("an RE2 error is worded without RE2's prefix", () => {
    const m = err(() => compileTagPattern("/a(/"));
    expect(m).toMatch(/^pattern "\/a\(\/" is not valid: missing closing \)/);
    expect(m).not.toMatch(/error parsing regexp/);
    expect(m).toMatch(/\(patterns use RE2 syntax: no backreferences or lookaround, so that matching stays fast\)$/);
  });
});

describe("tagPolicyProblem", () => {
  it("returns a glob's own message", () => {
    expect(tagPolicyProblem({ kind: "pattern", include: ["a("] })).toBe('pattern "a(" uses extended-glob syntax ("("), which is not supported: use {a,b} alternatives or a /regex/');
    expect(tagPolicyProblem({ kind: "pattern", include: ["ok"], exclude: ["[x"] })).toBe('pattern "[x" has a "[" without its "]"');
  });
  it("newest count and pattern max: whole numbers of at least 1, max optional", () => {
    expect(tagPolicyProblem({ kind: "newest", count: 1 })).toBe(null);
    expect(tagPolicyProblem({ kind: "newest", count: 1.5 })).toBe("newest needs a count of at least 1");
    expect(tagPolicyProblem({ kind: "newest", count: 0 })).toBe("newest needs a count of at least 1");
    expect(tagPolicyProblem({ kind: "pattern", include: ["*"] })).toBe(null);
    expect(tagPolicyProblem({ kind: "pattern", include: ["*"], max: 1 })).toBe(null);
    expect(tagPolicyProblem({ kind: "pattern", include: ["*"], max: 0 })).toBe("max must be at least 1");
    expect(tagPolicyProblem({ kind: "pattern", include: ["*"], max: 2.5 })).toBe("max must be at least 1");
  });
});

describe("selection", () => {
  it("names descend when there is no version; equal versions by name", () => {
    expect(sortNewestFirst(["a", "c", "b"])).toEqual(["c", "b", "a"]);
    expect(sortNewestFirst(["1.0", "alpine", "v1.0", "latest"])).toEqual(["v1.0", "1.0", "latest", "alpine"]);
  });
  it("explicit tags are trimmed; listed tags that are not valid tags are dropped", () => {
    expect(selectTags({ kind: "tags", tags: [" v1 ", "v1", "bad tag"] }, null, 10)).toEqual(["v1"]);
    expect(selectTags({ kind: "pattern", include: ["*"] }, ["ok", "bad tag", "-x"], 10)).toEqual(["ok"]);
  });
  it("a tag passes when any include matches", () => {
    expect(selectTags({ kind: "pattern", include: ["1.*", "*-alpine"] }, ["1.0", "2-alpine", "3"], 10)).toEqual(["2-alpine", "1.0"]);
  });
});

describe("gaps found by the last run", () => {
  it("an explicit tag with spaces around it is kept, trimmed", () => {
    expect(selectTags({ kind: "tags", tags: [" v2 "] }, null, 10)).toEqual(["v2"]);
  });
  it("an unknown regex flag is refused; a glob holding slashes is not a regex", () => {
    expect(err(() => compileTagPattern("/a/x"))).toBe('pattern "/a/x" has an unknown flag "x" (use i, s or m)');
    expect(compileTagPattern("x/a/")("a")).toBe(false);
    expect(compileTagPattern("/a/x/")("a")).toBe(false);
  });
});
