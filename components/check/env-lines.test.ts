import { describe, expect, it } from "vitest";
import { parseEnvLines } from "./env-lines";

describe("parseEnvLines", () => {
  it("reads KEY=value lines, skipping comments and blank lines, dropping quotes", () => {
    expect(parseEnvLines("# tags\nTAG=1.27\n\nexport APP = 'web'\nEMPTY=\nQ=\"a b\"\n")).toEqual({ env: { TAG: "1.27", APP: "web", EMPTY: "", Q: "a b" } });
  });
  it("names the first line that is not KEY=value", () => {
    expect(parseEnvLines("A=1\n1BAD=2").problem).toBe("line 2 is not KEY=value: 1BAD=2");
  });
});
