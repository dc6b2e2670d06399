import { describe, expect, it } from "vitest";
import { shownColumns } from "./columns";

describe("shownColumns", () => {
  it("shows the five defaults when nothing more is required or asked for", () => {
    expect(shownColumns(["amd64", "arm", "arm64", "ppc64le", "s390x"])).toEqual(["amd64", "arm", "arm64", "ppc64le", "s390x"]);
  });
  it("adds a required extra column by itself, in the canonical order", () => {
    expect(shownColumns(["amd64", "windows/amd64", "386"])).toEqual(["amd64", "arm", "arm64", "ppc64le", "s390x", "386", "windows/amd64"]);
  });
  it("keeps a default column shown even when it is not required (it is informational then)", () => {
    expect(shownColumns(["amd64"])).toContain("s390x");
  });
  it("adds extras asked for once each, and drops unknown keys", () => {
    expect(shownColumns(["riscv64"], ["riscv64", "mips64le", "sparc"])).toEqual(["amd64", "arm", "arm64", "ppc64le", "s390x", "riscv64", "mips64le"]);
  });
});
