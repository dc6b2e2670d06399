// The gap rules: required set, informational columns, waivers and their expiry, as every surface
// reads them (cells, tag gaps, the verdict, column figures).
import { describe, expect, it } from "vitest";
import { repositoryCell, missingColumns, type TagLike } from "./gaps";
import { CELL_STATE_WORDS, repositoryVerdict } from "./vocabulary";
import { columnFigures } from "./figures";
import { checkRequired, gapsOf, waivedOf, waiverActive, waiverNote, type GapRules, type WaiverLike } from "./waivers";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const FIVE = ["amd64", "arm", "arm64", "ppc64le", "s390x"];
const linux = (architecture: string) => ({ os: "linux", architecture });
const tag = (name: string, platforms: TagLike["platforms"]): TagLike => ({ tag: name, platforms, scanned: true });
const gpu: WaiverLike = { id: "w1", column: "arm64", reason: "GPU image, amd64 only", expiresAt: null };
const rules = (waivers: WaiverLike[] = [], required = FIVE): GapRules => ({ required, waivers, now: NOW });

describe("gapsOf / waivedOf", () => {
  const lacking = ["arm64", "s390x", "windows/amd64"];
  it("an informational column is never a gap", () => {
    expect(gapsOf(lacking, rules())).toEqual(["arm64", "s390x"]);
  });
  it("a column made required is a gap again", () => {
    expect(gapsOf(lacking, rules([], [...FIVE, "windows/amd64"]))).toEqual(["arm64", "s390x", "windows/amd64"]);
  });
  it("an active waiver takes its column out of the gaps", () => {
    expect(gapsOf(lacking, rules([gpu]))).toEqual(["s390x"]);
    expect(waivedOf(lacking, rules([gpu]))).toEqual(["arm64"]);
  });
  it("an expired waiver stops applying at its expiry instant, not a millisecond later", () => {
    const at = { ...gpu, expiresAt: new Date(NOW).toISOString() };
    expect(waiverActive(at, NOW - 1)).toBe(true);
    expect(waiverActive(at, NOW)).toBe(false);
    expect(gapsOf(lacking, rules([at]))).toEqual(["arm64", "s390x"]);
    expect(waivedOf(lacking, rules([at]))).toEqual([]);
  });
  it("a waiver on another column changes nothing", () => {
    expect(gapsOf(["s390x"], rules([gpu]))).toEqual(["s390x"]);
  });
});

describe("repositoryCell with rules", () => {
  const amd64Only = [tag("latest", [linux("amd64")]), tag("1.0", [linux("amd64")])];

  it("a missing column with an active waiver reads Waived, with the reason first in its notes", () => {
    const cell = repositoryCell(amd64Only, "arm64", [], rules([gpu]));
    expect(cell.state).toBe("waived");
    expect(cell.waiver).toEqual({ id: "w1", reason: "GPU image, amd64 only", expiresAt: null, expired: false });
    expect(cell.notes[0]).toBe("waived: GPU image, amd64 only");
    expect(cell.informational).toBeUndefined();
  });

  it("a partial column is waived too, keeping the tags it is missing in", () => {
    const cell = repositoryCell([tag("latest", [linux("arm64")]), tag("1.0", [linux("amd64")])], "arm64", [], rules([gpu]));
    expect(cell.state).toBe("waived");
    expect(cell.notes[1]).toContain("missing in 1 of 2 tags: 1.0");
  });

  it("an expired waiver leaves the gap and says it expired", () => {
    const old = { ...gpu, expiresAt: "2026-11-30T00:00:00.000Z" };
    const cell = repositoryCell(amd64Only, "arm64", [], rules([old]));
    expect(cell.state).toBe("missing");
    expect(cell.waiver?.expired).toBe(true);
    expect(cell.notes[0]).toBe("waiver expired on 2026-11-30: GPU image, amd64 only");
  });

  it("a waiver on a present column changes nothing", () => {
    const cell = repositoryCell(amd64Only, "amd64", [], rules([{ ...gpu, column: "amd64" }]));
    expect(cell.state).toBe("present");
    expect(cell.waiver).toBeUndefined();
  });

  it("an unscanned column stays unknown: a waiver cannot vouch for what was never read", () => {
    const cell = repositoryCell([{ tag: "latest", platforms: [], scanned: false }], "arm64", [], rules([gpu]));
    expect(cell.state).toBe("unknown");
  });

  it("a column outside the required set is marked informational, keeping its real state", () => {
    const cell = repositoryCell(amd64Only, "windows/amd64", [], rules());
    expect(cell).toMatchObject({ state: "missing", informational: true });
    expect(repositoryCell(amd64Only, "windows/amd64", [], rules([], [...FIVE, "windows/amd64"])).informational).toBeUndefined();
  });

  it("without rules a cell reads as before (no waiver, no informational mark)", () => {
    expect(repositoryCell(amd64Only, "arm64")).toEqual({ state: "missing", variants: [], osVersions: [], notes: [] });
  });
});

describe("the verdict and the figures", () => {
  const cells = (states: Record<string, { state: "present" | "missing" | "waived"; informational?: boolean }>) => ({ status: "ok" as const, cells: states });

  it("waived columns never make a repository's verdict a gap, and are named after the news", () => {
    expect(repositoryVerdict(cells({ amd64: { state: "present" }, arm64: { state: "waived" } }))).toEqual({
      state: "present",
      label: "Present: every required, unwaived architecture · Waived arm64",
    });
    expect(repositoryVerdict(cells({ amd64: { state: "missing" }, arm64: { state: "waived" } }))).toEqual({ state: "missing", label: "Missing amd64 · Waived arm64" });
  });

  it("an informational column is left out of the verdict", () => {
    expect(repositoryVerdict(cells({ amd64: { state: "present" }, "windows/amd64": { state: "missing", informational: true } }))).toEqual({
      state: "present",
      label: "Present: every architecture",
    });
  });

  it("the one vocabulary words the state", () => {
    expect(CELL_STATE_WORDS.waived.label).toBe("Waived");
  });

  it("figures: waived repositories are scanned, not missing, and counted apart", () => {
    const f = columnFigures({ complete: 6, partial: 0, missing: 1, unknown: 0, waived: 3 });
    expect(f.completePercent).toBe(60);
    expect(f.sentence).toBe("60% in every tag, 1 missing, 3 waived · all 10 scanned");
    expect(f.bar.waived).toBe(30);
  });

  it("figures: an informational column's absences are not called missing", () => {
    expect(columnFigures({ complete: 1, partial: 0, missing: 9, unknown: 0, required: false }).sentence).toBe("10% in every tag, 9 without it (informational) · all 10 scanned");
  });
});

describe("checkRequired", () => {
  it("keeps the grid's column order and drops repeats", () => {
    expect(checkRequired(["s390x", "amd64", "amd64", "windows/amd64"])).toEqual({ ok: true, required: ["amd64", "s390x", "windows/amd64"] });
  });
  it.each([
    [[], "at least one architecture must be required"],
    [["amd64", "z80"], 'unknown architecture column "z80"'],
  ])("refuses %j in words", (cols, words) => {
    const r = checkRequired(cols);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.problem).toContain(words);
  });
});

describe("waiverNote", () => {
  it("names the expiry date while active", () => {
    expect(waiverNote({ ...gpu, expiresAt: "2027-01-01T00:00:00.000Z" }, NOW)).toBe("waived: GPU image, amd64 only (expires 2027-01-01)");
  });
  it("missingColumns still reports the raw lack (the input of gapsOf)", () => {
    expect(missingColumns([linux("amd64")], ["amd64", "windows/amd64"])).toEqual(["windows/amd64"]);
  });
});
