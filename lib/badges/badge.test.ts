// What a badge says and its colour, for each kind of coverage row.
import { describe, expect, it } from "vitest";
import { DEFAULT_COLUMNS } from "../coverage/columns";
import { badgeSpec, renderBadge, type BadgeRow } from "./badge";

const scanned = (missing: string[]): BadgeRow => ({ status: "ok", missing, tags: [{ digest: "sha256:a" }] });
const five = [...DEFAULT_COLUMNS];

describe("badgeSpec", () => {
  it.each([
    ["all five: the list is too long, so a count", scanned([]), five, "5/5 arch", "brightgreen"],
    ["four of five", scanned(["s390x"]), five, "4/5 arch", "yellowgreen"],
    ["three of five, short enough to name", scanned(["ppc64le", "s390x"]), five, "amd64 | arm | arm64", "yellow"],
    ["a short list is named", scanned(["arm", "ppc64le", "s390x"]), five, "amd64 | arm64", "orange"],
    ["one of five", scanned(["arm", "arm64", "ppc64le", "s390x"]), five, "amd64", "orange"],
    ["none of the columns", scanned(five), five, "0/5 arch", "red"],
    ["chosen columns, all there", scanned([]), ["amd64", "arm64"], "amd64 | arm64", "brightgreen"],
    ["windows/amd64 column named as such", scanned(["arm64"]), ["amd64", "arm64", "windows/amd64"], "amd64 | windows/amd64", "yellow"],
    ["not watched", undefined, five, "not watched", "lightgrey"],
    ["watched, never scanned", { status: "pending", missing: [], tags: [{ digest: null }] } as BadgeRow, five, "not scanned yet", "lightgrey"],
    ["every tag failed", { status: "error", missing: [], tags: [{ digest: null, error: { code: "x" } }] } as BadgeRow, five, "scan failed", "lightgrey"],
    ["one tag failed, another scanned: the scanned one counts", { status: "error", missing: ["s390x"], tags: [{ digest: null, error: {} }, { digest: "sha256:b" }] } as BadgeRow, five, "4/5 arch", "yellowgreen"],
  ])("%s", (_name, row, columns, message, color) => {
    expect(badgeSpec(row, columns)).toEqual({ label: "arch", message, color });
  });

  it("a waived column is not a gap: it leaves the count and the colour", () => {
    const row: BadgeRow = { ...scanned(["arm"]), cells: { s390x: { state: "waived" }, ppc64le: { state: "waived" } } };
    // amd64 | arm64 present; arm missing; ppc64le and s390x waived: 2 of the 3 that count.
    expect(badgeSpec({ ...row, missing: ["arm"] }, five)).toEqual({ label: "arch", message: "amd64 | arm64", color: "yellow" });
    const gpu: BadgeRow = { ...scanned([]), cells: Object.fromEntries(["arm", "arm64", "ppc64le", "s390x"].map((c) => [c, { state: "waived" }])) };
    expect(badgeSpec(gpu, five)).toEqual({ label: "arch", message: "amd64", color: "brightgreen" });
  });

  it("an informational column absent is neither named nor counted", () => {
    const row: BadgeRow = { ...scanned(["s390x"]), cells: { "windows/amd64": { state: "missing", informational: true } } };
    expect(badgeSpec(row, [...five, "windows/amd64"])).toEqual({ label: "arch", message: "4/5 arch", color: "yellowgreen" });
  });

  it("takes a label", () => {
    expect(badgeSpec(scanned([]), ["amd64"], "platforms").label).toBe("platforms");
  });
});

describe("renderBadge", () => {
  it("is an accessible SVG whose text is escaped", () => {
    const svg = renderBadge({ label: "<script>", message: "a & b", color: "red" });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain("<title>&lt;script&gt;: a &amp; b</title>");
    expect(svg).not.toContain("<script>");
  });
});
