// Tag patterns are user input matched against every listed tag: they must run in linear time.
// A backtracking engine froze the whole process for 7–60+ s on these patterns (issue 10).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TagPolicySchema } from "../validations/repository";
import { compileTagPattern, globToRe2, selectTags, tagPolicyProblem } from "./tag-policy";

// 10,000 valid tags (128 characters at most) built to make backtracking engines explode: long runs
// of "a" that almost match.
const tags = Array.from({ length: 10_000 }, (_, i) => `${"a".repeat(100 + (i % 27))}-${i}`);
const WORST = ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "/(a+)+$/", "/^(a|aa)+c$/", "/(a*)*b/", "*a*a*a*a*a*a*a*a*a*a*a*a*"];

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end("pong"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("linear-time tag matching", () => {
  it("the worst patterns against 10,000 tags finish well under a second while another request is served", async () => {
    const t0 = performance.now();
    // A request in flight on the same event loop: its answer waits for the matching to end.
    const other = fetch(`${base}/ping`).then(async (r) => ({ body: await r.text(), at: performance.now() }));
    await new Promise((r) => setImmediate(r)); // the request is on the wire
    const m0 = performance.now();
    const picked = selectTags({ kind: "pattern", include: WORST.slice(0, 3), exclude: WORST.slice(3) }, tags, 10_000);
    const matching = performance.now() - m0;
    const answered = await other;
    expect(picked).toEqual([]); // nothing ends in b or c; the last exclude matches everything
    expect(answered.body).toBe("pong");
    expect(matching).toBeLessThan(1_000);
    expect(answered.at - t0).toBeLessThan(1_500);
  });

  it.each(WORST)("%s alone over 10,000 tags: under 500 ms", (p) => {
    const m = compileTagPattern(p);
    const t0 = performance.now();
    let n = 0;
    for (const t of tags) if (m(t)) n++;
    expect(performance.now() - t0).toBeLessThan(500);
    expect(n).toBe(p === "*a*a*a*a*a*a*a*a*a*a*a*a*" ? 10_000 : 0);
  });

  it("globs keep their meaning", () => {
    const cases: Array<[string, string, boolean]> = [
      ["1.*", "1.25", true],
      ["1.*", "11.2", false],
      ["*-alpine", "3.19-alpine", true],
      ["v?.0", "v2.0", true],
      ["v?.0", "v10.0", false],
      ["[0-9]*", "9-x", true],
      ["[!0-9]*", "9-x", false],
      ["{1,2}.x", "2.x", true],
      ["{1,2}.x", "3.x", false],
      ["a.b", "aXb", false], // "." is literal in a glob
      ["\\*", "*", true],
      ["**", "anything", true],
    ];
    for (const [glob, tag, want] of cases) expect([glob, tag, compileTagPattern(glob)(tag)]).toEqual([glob, tag, want]);
    expect(globToRe2("a.{b,c}*")).toBe("^a\\.(?:b|c).*$");
  });
});

describe("a pattern RE2 cannot express is refused in plain words", () => {
  it.each([
    ["/(a)\\1/", /not valid.*RE2/],
    ["/(?=a)b/", /not valid.*RE2/],
    ["/(?<=a)b/", /not valid.*RE2/],
    ["/x/q", /unknown flag "q"/],
    ["+(a|b)", /extended-glob/],
    ["[abc", /without its "\]"/],
    ["{a,b", /without its "}"/],
  ])("%s", (p, want) => {
    expect(tagPolicyProblem({ kind: "pattern", include: [p] })).toMatch(want);
    const parsed = TagPolicySchema.safeParse({ kind: "newest", count: 5, exclude: [p] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(want);
  });
});
