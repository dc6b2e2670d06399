// The Markdown gap report prints registry-written text (error messages, tags, references): it must
// stay text in any Markdown renderer. Issue 10 found raw HTML, images, javascript: links and CR
// bytes from registry messages passing into the .md file.
import { describe, expect, it } from "vitest";
import type { ApiRepositoryRow } from "../api-types";
import { mdCell, renderGapReport } from "./gaps";

const HOSTILE = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "[click me](javascript:alert(1))",
  "![pixel](http://canary.invalid/p.png)",
  "<javascript:alert(1)>",
  "`code` *bold* _em_ ~~strike~~ # heading",
  "cell | break",
  "line\r\nbreak\rCR only\nLF",
  "bell\u0007 esc\u001b[31m del\u007f c1\u0085 nul\u0000",
  "bidi\u202eevil\u202c zero\u200bwidth",
  "back\\slash \\[ escaped",
].join(" ~ ");

function row(message: string): ApiRepositoryRow {
  return {
    id: "r1",
    reference: "registry.example/team/app",
    registry: "registry.example",
    namespace: "team",
    status: "error",
    missing: [],
    error: { code: "invalid-response", message },
    tags: [{ tag: "latest", digest: null, mediaType: null, checkedAt: null, platforms: [], missing: [], error: { code: "invalid-response", message } }],
    cells: {},
  } as unknown as ApiRepositoryRow;
}

describe("Markdown report escaping", () => {
  const md = renderGapReport("md", { columns: ["amd64", "arm64"], generatedAt: "2026-12-01T00:00:00.000Z", rows: [row(HOSTILE)] });
  const tableRows = md.split("\n").filter((l) => l.startsWith("|"));

  it("no control character other than the line feeds between lines (no CR byte at all)", () => {
    for (const ch of md) {
      const c = ch.codePointAt(0)!;
      if (ch === "\n") continue;
      expect(c < 0x20 || (c >= 0x7f && c <= 0x9f), `U+${c.toString(16)}`).toBe(false);
    }
    expect(md).not.toContain("\r");
    expect(md).not.toMatch(/[\u200b-\u200f\u202a-\u202e]/);
  });

  it("one table line per tag: a message cannot break out of its cell or row", () => {
    expect(tableRows).toHaveLength(3); // header, separator, the one tag
    // Cell separators: the 4 + columns that the table itself writes, none from the message.
    expect(tableRows[2].match(/(?<!\\)\|/g)).toHaveLength(6);
  });

  it("no raw HTML, autolink, link or image syntax survives", () => {
    expect(md).not.toMatch(/<[a-z/!]/i);
    expect(md).not.toContain("<javascript:");
    expect(md).not.toMatch(/(?<!\\)\]\(/); // [text](url) needs an unescaped "]("
    expect(md).not.toMatch(/(?<!\\)!\[/);
    expect(md).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
  });

  it("the text is kept, only escaped", () => {
    expect(mdCell("a<b>&[c](d)")).toBe("a&lt;b&gt;&amp;\\[c\\]\\(d\\)");
    expect(mdCell("x\r\ny")).toBe("x  y");
    expect(mdCell("1.25-alpine")).toBe("1.25-alpine");
  });
});
