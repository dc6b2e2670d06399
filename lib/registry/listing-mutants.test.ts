// listing.ts's pure helpers, without a registry: Link parsing, the same-origin rule, page sizes
// and their fallback, and the listing field check. collectPages itself is driven by the real
// registry in listing.test.ts and client-listing.integration.test.ts.
import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { pageSizes, parseNextLink, sameOrigin, stringsAt, withPageSizeFallback } from "./listing";

const base = new URL("https://r.example/v2/a/tags/list?n=2");
const next = (h: string | null) => parseNextLink(h, base)?.toString() ?? null;

describe("parseNextLink", () => {
  it("finds rel=next among several links and rel values, any case, any spacing", () => {
    expect(next('</p>; rel="prev" ; title="x", </n>;rel = "first next"')).toBe("https://r.example/n");
    expect(next('</n>; REL="next"')).toBe("https://r.example/n");
    expect(next('</n>; title="a"; rel=next')).toBe("https://r.example/n");
    expect(next("")).toBe(null);
    expect(next('</n>; rel="nextpage"')).toBe(null);
    expect(next("</n>")).toBe(null);
    // No space after the comma: the first link's parameters end at the comma.
    expect(next('</p>;rel="prev",</n>;rel="next"')).toBe("https://r.example/n");
  });
  it("answers null for a target that is not a URL", () => {
    expect(next('<http://[bad>; rel="next"')).toBe(null);
    // The first rel=next decides: a broken one is not replaced by a later one.
    expect(next('<http://[bad>; rel="next", </n>; rel="next"')).toBe(null);
  });
});

describe("sameOrigin", () => {
  it("needs the same scheme, host and port; path and query do not matter", () => {
    const a = new URL("https://r.example:5000/v2/x");
    expect(sameOrigin(a, new URL("https://r.example:5000/other?q=1"))).toBe(true);
    expect(sameOrigin(a, new URL("http://r.example:5000/v2/x"))).toBe(false);
    expect(sameOrigin(a, new URL("https://r.example:5001/v2/x"))).toBe(false);
    expect(sameOrigin(a, new URL("https://s.example:5000/v2/x"))).toBe(false);
  });
});

describe("stringsAt", () => {
  it("keeps the strings of a list, treats null or missing as empty, refuses anything else", () => {
    expect(stringsAt({ tags: ["a", 1, null, "b"] }, "tags")).toEqual(["a", "b"]);
    expect(stringsAt({ tags: null }, "tags")).toEqual([]);
    expect(stringsAt({}, "tags")).toEqual([]);
    const e = (() => {
      try {
        stringsAt({ tags: "a" }, "tags");
      } catch (x) {
        return x as RegistryError;
      }
    })();
    expect([e?.code, e?.message]).toEqual(["invalid-response", 'listing answer field "tags" is not a list']);
  });
});

describe("pageSizes", () => {
  it("asks for up to 1000 (100 on Quay), then 100, then no n; never below 1", () => {
    expect(pageSizes(5000, "r.example")).toEqual([1000, 100, undefined]);
    expect(pageSizes(101, "r.example")).toEqual([101, 100, undefined]);
    expect(pageSizes(100, "r.example")).toEqual([100, undefined]);
    expect(pageSizes(5000, "quay.io")).toEqual([100, undefined]);
    expect(pageSizes(0, "r.example")).toEqual([1, undefined]);
  });
});

describe("withPageSizeFallback", () => {
  const rejected = (code: "invalid-response" | "invalid-reference" | "forbidden", status = 400) => new RegistryError(code, "n too large", { status });

  it("tries the next size only when the registry rejected the size with a 400", async () => {
    const tried: Array<number | undefined> = [];
    const out = await withPageSizeFallback([1000, 100, undefined], async (n) => {
      tried.push(n);
      if (n === 1000) throw rejected("invalid-response");
      if (n === 100) throw rejected("invalid-reference");
      return ["a"];
    });
    expect([out, tried]).toEqual([["a"], [1000, 100, undefined]]);
  });

  it("passes any other failure through at once", async () => {
    for (const e of [rejected("forbidden"), rejected("invalid-response", 404), new Error("boom")]) {
      const tried: Array<number | undefined> = [];
      const got = await withPageSizeFallback([1000, 100], async (n) => {
        tried.push(n);
        throw e;
      }).catch((x: unknown) => x);
      expect([got, tried]).toEqual([e, [1000]]);
    }
  });

  it("throws the last rejection when every size was rejected", async () => {
    const last = rejected("invalid-reference");
    const got = await withPageSizeFallback([10, undefined], async (n) => {
      throw n === undefined ? last : rejected("invalid-response");
    }).catch((x: unknown) => x);
    expect(got).toBe(last);
  });
});
