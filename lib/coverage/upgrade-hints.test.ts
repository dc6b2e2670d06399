import { describe, expect, it } from "vitest";
import { upgradeHints } from "./upgrade-hints";
import { blockedColumns, blockedMessage } from "./base-lineage";

const linux = (...archs: string[]) => archs.map((architecture) => (architecture.includes("/") ? { os: "linux", architecture: architecture.split("/")[0], variant: architecture.split("/")[1] } : { os: "linux", architecture }));
const tag = (name: string, ...archs: string[]) => ({ tag: name, platforms: linux(...archs), scanned: true });
const COLS = ["amd64", "arm64", "s390x"];

describe("upgradeHints", () => {
  it("names the oldest newer tag that has the missing architecture", () => {
    const hints = upgradeHints([tag("1.28.0", "amd64", "arm64"), tag("1.27.0", "amd64", "arm64"), tag("1.26.1", "amd64"), tag("1.26.0", "amd64")], ["amd64", "arm64"]);
    expect(hints).toEqual([
      { kind: "available-from", column: "arm64", tag: "1.27.0", lacking: ["1.26.0", "1.26.1"], message: "arm64 from 1.27.0 (1.26.0 and 1.26.1 lack it)" },
    ]);
  });

  it("says which newer tag dropped a platform, naming the series when all of it had it", () => {
    const hints = upgradeHints([tag("1.28.0", "amd64", "arm64"), tag("1.27.1", "amd64", "arm64", "s390x"), tag("1.27.0", "amd64", "arm64", "s390x")], COLS);
    expect(hints).toEqual([{ kind: "dropped", column: "s390x", tag: "1.28.0", previous: "1.27.x", message: "1.28.0 dropped s390x (1.27.x had it)" }]);
  });

  it("names the single tag before a drop, and reports a drop that came back as both hints", () => {
    const hints = upgradeHints([tag("3.0", "amd64", "s390x"), tag("2.0", "amd64"), tag("1.0", "amd64", "s390x")], COLS);
    expect(hints.map((h) => h.message)).toEqual(["s390x from 3.0 (2.0 lacks it)", "2.0 dropped s390x (1.0 had it)"]);
  });

  it("orders nothing but versions, compares only one flavour, and ignores unscanned tags", () => {
    expect(upgradeHints([tag("latest", "amd64", "arm64"), tag("1.0", "amd64")], COLS)).toEqual([]);
    expect(upgradeHints([tag("2.0", "amd64", "arm64"), tag("1.0-alpine", "amd64")], COLS)).toEqual([]);
    expect(upgradeHints([tag("2.0-alpine", "amd64", "arm64"), tag("1.0-alpine", "amd64")], COLS).map((h) => h.message)).toEqual(["arm64 from 2.0-alpine (1.0-alpine lacks it)"]);
    expect(upgradeHints([{ ...tag("2.0"), scanned: false }, tag("1.0", "amd64")], COLS)).toEqual([]);
  });

  it("gives nothing when every tag has every column, or when no newer tag has it", () => {
    expect(upgradeHints([tag("2.0", ...COLS), tag("1.0", ...COLS)], COLS)).toEqual([]);
    expect(upgradeHints([tag("2.0", "amd64"), tag("1.0", "amd64")], COLS)).toEqual([]);
  });

  it("treats an arm variant as the arm column, as the grid does", () => {
    expect(upgradeHints([tag("2.0", "amd64", "arm/v7"), tag("1.0", "amd64")], ["arm"]).map((h) => h.message)).toEqual(["arm from 2.0 (1.0 lacks it)"]);
  });
});

describe("blockedColumns", () => {
  it("blocks the gaps the base lacks too, and nothing when the base is unknown", () => {
    expect(blockedColumns(["arm64", "s390x"], { name: "alpine:3.18", platforms: ["linux/amd64", "linux/s390x"] })).toEqual(["arm64"]);
    expect(blockedColumns(["arm"], { name: "b", platforms: ["linux/arm/v6"] })).toEqual([]);
    expect(blockedColumns(["arm64"], { name: "b", platforms: null })).toEqual([]);
    expect(blockedColumns(["arm64"], null)).toEqual([]);
    expect(blockedMessage("alpine:3.18", "arm64")).toBe("blocked by base: alpine:3.18 has no arm64");
  });
});
