// Escaping for the consumers of the CLI's output: GitHub's workflow-command parser and XML.
import { describe, expect, it } from "vitest";
import { githubCommand, joinWords, junit, table, xmlEscape } from "./output";

describe("githubCommand", () => {
  it("escapes %, CR and LF in the message, and also : and , in properties (actions/toolkit)", () => {
    expect(githubCommand("error", "100% broken\r\nnext line", { file: "deploy/a,b.yaml", line: 12, title: "archgrid: missing" })).toBe(
      "::error file=deploy/a%2Cb.yaml,line=12,title=archgrid%3A missing::100%25 broken%0D%0Anext line",
    );
  });
  it("leaves out empty properties", () => {
    expect(githubCommand("warning", "m", { file: undefined, line: undefined })).toBe("::warning::m");
  });
});

describe("xmlEscape", () => {
  it("the five entities", () => {
    expect(xmlEscape(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
  });
  it("characters XML 1.0 forbids are replaced; tab, newline and astral characters stay", () => {
    expect(xmlEscape("a\u0000b\u001bc\td\ne\uFFFE🐳")).toBe("a\uFFFDb\uFFFDc\td\ne\uFFFD🐳");
    expect(xmlEscape("lone \uD83D half")).toBe("lone \uFFFD half");
  });
});

describe("junit", () => {
  it("counts failures and errors per suite and in total", () => {
    const xml = junit([
      { name: "images", cases: [{ name: "a", classname: "c" }, { name: "b", classname: "c", failure: { message: "m", text: "t" } }] },
      { name: "f.yaml", cases: [{ name: "x", classname: "c", error: { message: "e<", text: "t&" } }] },
    ]);
    expect(xml).toContain('<testsuites name="archgrid check" tests="3" failures="1" errors="1">');
    expect(xml).toContain('<testsuite name="images" tests="2" failures="1" errors="0">');
    expect(xml).toContain('<error message="e&lt;">t&amp;</error>');
  });
});

describe("table and words", () => {
  it("pads every column but the last", () => {
    expect(table(["A", "LONG HEADER"], [["xyz", "1"]])).toBe("A    LONG HEADER\nxyz  1");
  });
  it("joins words", () => {
    expect([[], ["a"], ["a", "b"], ["a", "b", "c"]].map((w) => joinWords(w, "or"))).toEqual(["", "a", "a or b", "a, b or c"]);
  });
});
