// repositoryCell and the column table, held to exact values: every note, variant and sibling a
// cell shows. Written against the mutants Stryker found surviving the older tests (README,
// "Mutation testing").
import { describe, expect, it } from "vitest";
import { repositoryCell, windowsRelease, type TagLike } from "./gaps";
import { ALL_COLUMNS, DEFAULT_COLUMNS, EXTRA_COLUMNS, isKnownColumn } from "./columns";

const linux = (architecture: string, variant?: string) => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });
const tag = (name: string, platforms: TagLike["platforms"], extra: Partial<TagLike> = {}): TagLike => ({ tag: name, platforms, scanned: true, ...extra });
const failed = { code: "unauthorized", message: "registry said no" };

describe("repositoryCell, exactly", () => {
  it("present: variants and Windows versions sorted, nothing undefined, no siblings key", () => {
    expect(repositoryCell([tag("a", [linux("arm", "v7"), linux("arm", "v5")]), tag("b", [linux("arm"), linux("amd64")])], "arm")).toEqual({
      state: "present",
      variants: ["v5", "v7"],
      osVersions: [],
      notes: [],
    });
    const win = (v: string) => ({ os: "windows", architecture: "amd64", osVersion: v });
    const cell = repositoryCell([tag("a", [win("10.0.20348.2762"), win("10.0.17763.6414")])], "windows/amd64");
    expect(cell).toEqual({ state: "present", variants: [], osVersions: ["10.0.17763.6414", "10.0.20348.2762"], notes: [] });
    expect(Object.keys(cell)).not.toContain("siblings");
  });

  it("unknown: the first failed tag's message, else 'not scanned yet'", () => {
    expect(repositoryCell([tag("a", [], { scanned: false }), tag("b", [], { scanned: false, error: failed })], "amd64")).toEqual({
      state: "unknown",
      variants: [],
      osVersions: [],
      notes: ["registry said no"],
    });
    expect(repositoryCell([tag("a", [], { scanned: false })], "amd64").notes).toEqual(["not scanned yet"]);
    expect(repositoryCell([], "amd64").notes).toEqual(["not scanned yet"]);
  });

  it("a tag whose last scan failed does not count, even if an older scan had platforms", () => {
    expect(repositoryCell([tag("a", [linux("amd64")], { error: failed })], "amd64")).toMatchObject({ state: "unknown", notes: ["registry said no"] });
  });

  it("partial: names at most five tags lacking the column, then an ellipsis", () => {
    const lacking = (n: number) => Array.from({ length: n }, (_, i) => tag(`t${i + 1}`, [linux("amd64")]));
    expect(repositoryCell([tag("ok", [linux("arm64")]), ...lacking(5)], "arm64").notes).toEqual(["missing in 5 of 6 tags: t1, t2, t3, t4, t5"]);
    expect(repositoryCell([tag("ok", [linux("arm64")]), ...lacking(6)], "arm64").notes).toEqual(["missing in 6 of 7 tags: t1, t2, t3, t4, t5, …"]);
    expect(repositoryCell([tag("ok", [linux("arm64")]), ...lacking(4)], "arm64").notes).toEqual(["missing in 4 of 5 tags: t1, t2, t3, t4"]);
  });

  it("separate-image: only this column's siblings, listed by reference", () => {
    const siblings = [
      { prefix: "arm64v8", reference: "docker.io/arm64v8/nginx:1", digest: "sha256:1", column: "arm64" },
      { prefix: "s390x", reference: "docker.io/s390x/nginx:1", digest: "sha256:2", column: "s390x" },
      { prefix: "arm64v8", reference: "mirror.example/arm64v8/nginx:1", digest: "sha256:3", column: "arm64" },
    ];
    expect(repositoryCell([tag("1", [linux("amd64")])], "arm64", siblings)).toEqual({
      state: "separate-image",
      variants: [],
      osVersions: [],
      notes: ["available as a separate image: docker.io/arm64v8/nginx:1, mirror.example/arm64v8/nginx:1"],
      siblings: [
        { reference: "docker.io/arm64v8/nginx:1", digest: "sha256:1" },
        { reference: "mirror.example/arm64v8/nginx:1", digest: "sha256:3" },
      ],
    });
    expect(repositoryCell([tag("1", [linux("amd64")])], "ppc64le", siblings)).toEqual({ state: "missing", variants: [], osVersions: [], notes: [] });
  });

  it("names every Windows Server release it knows", () => {
    expect(["10.0.14393.7", "10.0.17763.1", "10.0.20348.2", "10.0.26100.3", "10.0.99999.4"].map(windowsRelease)).toEqual([
      "Server 2016 (10.0.14393.7)",
      "Server 2019 (10.0.17763.1)",
      "Server 2022 (10.0.20348.2)",
      "Server 2025 (10.0.26100.3)",
      "10.0.99999.4",
    ]);
  });
});

describe("columns", () => {
  it("ALL_COLUMNS is the defaults then the extras, and only those are known", () => {
    expect(ALL_COLUMNS).toEqual([...DEFAULT_COLUMNS, ...EXTRA_COLUMNS]);
    expect(ALL_COLUMNS).toEqual(["amd64", "arm", "arm64", "ppc64le", "s390x", "386", "riscv64", "mips64le", "windows/amd64"]);
    for (const c of ALL_COLUMNS) expect(isKnownColumn(c)).toBe(true);
    for (const c of ["sparc", "linux/amd64", "", "arm/v7"]) expect(isKnownColumn(c)).toBe(false);
  });
});
