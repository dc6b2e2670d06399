import { describe, expect, it } from "vitest";
import type { ApiCell, ApiRepositoryRow } from "../api-types";
import { coverageScore, groupOf, sortRows } from "./order";

const cell = (state: ApiCell["state"]): ApiCell => ({ state, variants: [], osVersions: [], notes: [] });

function row(reference: string, states: Record<string, ApiCell["state"]>, extra: Partial<ApiRepositoryRow> = {}): ApiRepositoryRow {
  const [registry, ...rest] = reference.split("/");
  const name = rest.join("/");
  return {
    id: reference,
    reference,
    registry,
    namespace: name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "",
    status: "ok",
    lastScannedAt: null,
    missing: [],
    tags: [],
    cells: Object.fromEntries(Object.entries(states).map(([k, v]) => [k, cell(v)])),
    ...extra,
  };
}

const cols = ["amd64", "arm64"];

describe("coverageScore", () => {
  it("counts present as 1, partial and separate images as half, and ranks failed rows below all", () => {
    expect(coverageScore(row("r/a", { amd64: "present", arm64: "present" }), cols)).toBe(2);
    expect(coverageScore(row("r/a", { amd64: "present", arm64: "separate-image" }), cols)).toBe(1.5);
    expect(coverageScore(row("r/a", { amd64: "partial", arm64: "missing" }), cols)).toBe(0.5);
    expect(coverageScore(row("r/a", { amd64: "missing" }), cols)).toBe(0);
    expect(coverageScore(row("r/a", { amd64: "present" }, { status: "error" }), cols)).toBe(-1);
  });
});

describe("sortRows", () => {
  const rows = [
    row("quay.io/b/app", { amd64: "present", arm64: "missing" }, { lastScannedAt: "2026-11-01T00:00:00Z" }),
    row("docker.io/library/z", { amd64: "present", arm64: "present" }, { lastScannedAt: "2026-11-03T00:00:00Z" }),
    row("docker.io/library/a", { amd64: "missing", arm64: "missing" }, { lastScannedAt: null }),
    row("docker.io/x", { amd64: "present" }, { status: "pending" }),
  ];
  const refs = (rs: ApiRepositoryRow[]) => rs.map((r) => r.reference);

  it("orders by name both ways", () => {
    expect(refs(sortRows(rows, { sort: "name", dir: "asc", group: "none", columns: cols }))).toEqual([
      "docker.io/library/a",
      "docker.io/library/z",
      "docker.io/x",
      "quay.io/b/app",
    ]);
    expect(refs(sortRows(rows, { sort: "name", dir: "desc", group: "none", columns: cols }))[0]).toBe("quay.io/b/app");
  });

  it("orders by coverage with the name as tie-break in ascending order either way", () => {
    expect(refs(sortRows(rows, { sort: "coverage", dir: "asc", group: "none", columns: cols }))).toEqual([
      "docker.io/x",
      "docker.io/library/a",
      "quay.io/b/app",
      "docker.io/library/z",
    ]);
    expect(refs(sortRows(rows, { sort: "coverage", dir: "desc", group: "none", columns: cols }))[0]).toBe("docker.io/library/z");
  });

  it("orders by last scan, never-scanned rows last when newest first", () => {
    expect(refs(sortRows(rows, { sort: "scanned", dir: "desc", group: "none", columns: cols })).slice(0, 2)).toEqual([
      "docker.io/library/z",
      "quay.io/b/app",
    ]);
  });

  it("keeps groups together before any sort key", () => {
    const out = sortRows(rows, { sort: "coverage", dir: "desc", group: "registry", columns: cols });
    expect(out.map((r) => groupOf(r, "registry"))).toEqual(["docker.io", "docker.io", "docker.io", "quay.io"]);
    expect(groupOf(rows[3], "namespace")).toBe("docker.io (top level)");
    expect(groupOf(rows[1], "namespace")).toBe("docker.io/library");
  });

  it("puts numbers in natural order", () => {
    const svc = ["r/svc-10", "r/svc-2", "r/svc-1"].map((r) => row(r, {}));
    expect(refs(sortRows(svc, { sort: "name", dir: "asc", group: "none", columns: cols }))).toEqual(["r/svc-1", "r/svc-2", "r/svc-10"]);
  });

  it("does not reorder its input", () => {
    const before = refs(rows);
    sortRows(rows, { sort: "coverage", dir: "asc", group: "namespace", columns: cols });
    expect(refs(rows)).toEqual(before);
  });
});
