import { describe, expect, it } from "vitest";
import { DEFAULT_REQUIRED, type GapRules } from "../coverage/waivers";
import { columnOfPlatform, findingUnder } from "./findings";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const rules = (over: Partial<GapRules> = {}): GapRules => ({ required: DEFAULT_REQUIRED, waivers: [], now: NOW, ...over });
const waiver = (column: string, expiresAt: string | null = null) => ({ id: column, column, reason: "accepted", expiresAt });
const changed = (removed: string[], added: string[] = []) => ({ kind: "changed", removed, added, regression: removed.length > 0 });
const newTag = (removed: string[]) => ({ kind: "new-tag", removed, added: [], regression: false });

describe("columnOfPlatform", () => {
  it.each([
    ["linux/arm64", "arm64"],
    ["linux/arm/v6", "arm"],
    ["linux/amd64/v3", "amd64"],
    ["windows/amd64", "windows/amd64"],
    ["linux/riscv64", "riscv64"],
    ["linux/sparc", null],
    ["nonsense", null],
  ])("%s -> %s", (key, col) => expect(columnOfPlatform(key)).toBe(col));
});

describe("findingUnder", () => {
  it("a lost required platform is a regression; a new tag lacking one opens a gap", () => {
    expect(findingUnder(changed(["linux/arm64"]), rules())).toBe("regression");
    expect(findingUnder(newTag(["linux/s390x"]), rules())).toBe("gap-opened");
  });
  it("a lost platform on a waived column is not a finding, nor a new tag lacking it", () => {
    const r = rules({ waivers: [waiver("arm64")] });
    expect(findingUnder(changed(["linux/arm64"]), r)).toBeNull();
    expect(findingUnder(newTag(["linux/arm64"]), r)).toBeNull();
  });
  it("an expired waiver no longer hides the loss", () => {
    expect(findingUnder(changed(["linux/arm64"]), rules({ waivers: [waiver("arm64", "2026-11-30T00:00:00.000Z")] }))).toBe("regression");
  });
  it("an informational column (outside the required set) is never a regression or a new gap", () => {
    expect(findingUnder(changed(["linux/riscv64", "windows/amd64"]), rules())).toBeNull();
    expect(findingUnder(newTag(["linux/mips64le"]), rules())).toBeNull();
    // Made required, the same loss counts.
    expect(findingUnder(changed(["windows/amd64"]), rules({ required: [...DEFAULT_REQUIRED, "windows/amd64"] }))).toBe("regression");
  });
  it("a closed gap stays a finding on a waived column, but not on an informational one", () => {
    expect(findingUnder(changed([], ["linux/arm64"]), rules({ waivers: [waiver("arm64")] }))).toBe("gap-closed");
    expect(findingUnder(changed([], ["linux/riscv64"]), rules())).toBeNull();
  });
  it("a change that lost only an informational platform and gained a required one closes a gap", () => {
    expect(findingUnder(changed(["linux/riscv64"], ["linux/arm64"]), rules())).toBe("gap-closed");
  });
  it("a loss on a required column among waived ones is still a regression", () => {
    expect(findingUnder(changed(["linux/arm64", "linux/s390x"]), rules({ waivers: [waiver("arm64")] }))).toBe("regression");
  });
});

describe("finding bodies", () => {
  it("a new tag that drops a platform the tags before it had says so", async () => {
    const { findingBody } = await import("./payload");
    const e = { id: "e1", repositoryId: "r1", reference: "ghcr.io/acme/app", tag: "1.28.0", kind: "new-tag", added: [], removed: ["linux/s390x"], fromDigest: null, toDigest: "sha256:x", regression: false, at: new Date(NOW) };
    expect(JSON.parse(findingBody("gap-opened", e, "json")).summary).toBe("new tag ghcr.io/acme/app:1.28.0 dropped linux/s390x, which the newest tag before it had");
    expect(JSON.parse(findingBody("gap-opened", e, "slack")).text).toContain("1.28.0 dropped linux/s390x");
  });
});
