import { describe, expect, it } from "vitest";
import { missingColumns, repositoryCell, repositoryMissing, windowsRelease, type TagLike } from "./gaps";
import { DEFAULT_COLUMNS, parseColumn, satisfies } from "./columns";

const linux = (architecture: string, variant?: string) => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });

describe("missingColumns", () => {
  it.each([
    { name: "amd64+arm64 image", platforms: [linux("amd64"), linux("arm64")], missing: ["arm", "ppc64le", "s390x"] },
    { name: "any arm variant satisfies arm", platforms: [linux("arm", "v5"), linux("amd64"), linux("arm64"), linux("ppc64le"), linux("s390x")], missing: [] },
    { name: "windows never satisfies a linux column", platforms: [{ os: "windows", architecture: "amd64", osVersion: "10.0.20348.1" }], missing: [...DEFAULT_COLUMNS] },
    { name: "nothing", platforms: [], missing: [...DEFAULT_COLUMNS] },
  ])("$name", ({ platforms, missing }) => {
    expect(missingColumns(platforms, DEFAULT_COLUMNS)).toEqual(missing);
  });

  it("windows/amd64 column is satisfied only by windows", () => {
    const col = parseColumn("windows/amd64");
    expect(satisfies(col, { os: "windows", architecture: "amd64" })).toBe(true);
    expect(satisfies(col, linux("amd64"))).toBe(false);
  });
});

describe("repositoryCell", () => {
  const tag = (name: string, platforms: TagLike["platforms"]): TagLike => ({ tag: name, platforms, scanned: true });

  it("present in every tag, with variants listed", () => {
    const cell = repositoryCell([tag("latest", [linux("arm", "v6"), linux("arm", "v7")]), tag("1.0", [linux("arm", "v7")])], "arm");
    expect(cell.state).toBe("present");
    expect(cell.variants).toEqual(["v6", "v7"]);
  });

  it("partial when some tags lack it, naming them", () => {
    const cell = repositoryCell([tag("latest", [linux("arm64")]), tag("1.0", [linux("amd64")])], "arm64");
    expect(cell.state).toBe("partial");
    expect(cell.notes[0]).toContain("1.0");
  });

  it("separate-image when only a sibling has it", () => {
    const cell = repositoryCell([tag("latest", [linux("amd64")])], "arm64", [
      { prefix: "arm64v8", reference: "docker.io/arm64v8/x:latest", digest: "sha256:abc", column: "arm64" },
    ]);
    expect(cell.state).toBe("separate-image");
    expect(cell.siblings).toEqual([{ reference: "docker.io/arm64v8/x:latest", digest: "sha256:abc" }]);
  });

  it("unknown with the scan error when nothing was scanned", () => {
    const cell = repositoryCell([{ tag: "latest", platforms: [], scanned: false, error: { code: "unauthorized", message: "registry says no" } }], "amd64");
    expect(cell.state).toBe("unknown");
    expect(cell.notes).toEqual(["registry says no"]);
  });

  it("index says X, config says Y is its own state, and counts as missing", () => {
    const platforms = [{ ...linux("s390x"), configMismatch: linux("amd64") }, linux("amd64")];
    const cell = repositoryCell([tag("latest", platforms)], "s390x");
    expect(cell.state).toBe("mismatch");
    expect(cell.notes).toEqual(["latest: index says linux/s390x, the image inside is linux/amd64, so it cannot run there"]);
    expect(cell.variants).toEqual([]);
    expect(missingColumns(platforms, DEFAULT_COLUMNS)).toEqual(["arm", "arm64", "ppc64le", "s390x"]);
    // The image inside (amd64) does not make the amd64 column: a pull on amd64 never picks that entry.
    expect(repositoryCell([tag("latest", [platforms[0]])], "amd64").state).toBe("missing");
  });

  it("a mismatch in one tag beside a real entry in another is partial, with the reason", () => {
    const cell = repositoryCell([tag("latest", [linux("arm64")]), tag("1.0", [{ ...linux("arm64"), configMismatch: linux("amd64") }])], "arm64");
    expect(cell.state).toBe("partial");
    expect(cell.notes).toEqual(["missing in 1 of 2 tags: 1.0", "1.0: index says linux/arm64, the image inside is linux/amd64, so it cannot run there"]);
  });

  it("missing otherwise", () => {
    expect(repositoryCell([tag("latest", [linux("amd64")])], "s390x").state).toBe("missing");
  });
});

describe("repositoryMissing and windowsRelease", () => {
  it("unions tag gaps in column order", () => {
    expect(repositoryMissing([["s390x"], ["arm", "s390x"]], DEFAULT_COLUMNS)).toEqual(["arm", "s390x"]);
  });
  it.each([
    ["10.0.17763.6414", "Server 2019 (10.0.17763.6414)"],
    ["10.0.20348.2762", "Server 2022 (10.0.20348.2762)"],
    ["10.0.26100.1", "Server 2025 (10.0.26100.1)"],
    ["10.0.99999.1", "10.0.99999.1"],
  ])("%s -> %s", (v, name) => expect(windowsRelease(v)).toBe(name));
});
