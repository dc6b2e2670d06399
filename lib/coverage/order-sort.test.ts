// sortRows in every mode and direction with rows given in the wrong order, so a comparator that
// answers 0 (or ignores the direction, the group or the tie-break) shows up.
import { describe, expect, it } from "vitest";
import type { ApiCell, ApiRepositoryRow } from "../api-types";
import { defaultDir, groupOf, sortRows, type SortDir, type SortKey, type GroupKey } from "./order";

const cell = (state: ApiCell["state"]): ApiCell => ({ state, variants: [], osVersions: [], notes: [] });
function row(reference: string, states: ApiCell["state"][], lastScannedAt: string | null, status: ApiRepositoryRow["status"] = "ok"): ApiRepositoryRow {
  const [registry, ...rest] = reference.split("/");
  return {
    id: reference,
    reference,
    registry,
    namespace: rest.length > 1 ? rest.slice(0, -1).join("/") : "",
    status,
    lastScannedAt,
    missing: [],
    tags: [],
    cells: { amd64: cell(states[0]), arm64: cell(states[1]) },
  };
}
const columns = ["amd64", "arm64"];
// coverage: b 2, d 1.5, a 1, c 1, e failed; scanned: e newest … a oldest, c never.
const rows = [
  row("r.io/t/service-10", ["present", "missing"], "2026-01-02T00:00:00Z"),
  row("r.io/t/service-2", ["present", "missing"], "2026-01-01T00:00:00Z"),
  row("q.io/x/b", ["present", "present"], "2026-01-03T00:00:00Z"),
  row("q.io/d", ["present", "partial"], "2026-01-04T00:00:00Z"),
  row("q.io/x/e", ["present", "present"], "2026-01-05T00:00:00Z", "error"),
  row("r.io/c", ["missing", "present"], null),
];
/** The order sortRows gives, the same from the rows as listed and reversed (a comparator answering 0 keeps its input order). */
function order(sort: SortKey, dir: SortDir, group: GroupKey = "none"): string[] {
  const [a, b] = [rows, [...rows].reverse()].map((input) => sortRows(input, { sort, dir, group, columns }).map((r) => r.reference));
  expect(b).toEqual(a);
  return a;
}

describe("sortRows", () => {
  it("name: natural order (service-2 before service-10), reversed by desc", () => {
    const asc = ["q.io/d", "q.io/x/b", "q.io/x/e", "r.io/c", "r.io/t/service-2", "r.io/t/service-10"];
    expect(order("name", "asc")).toEqual(asc);
    expect(order("name", "desc")).toEqual([...asc].reverse());
  });

  it("coverage: by score, failed rows lowest; ties by name ascending in both directions", () => {
    expect(order("coverage", "asc")).toEqual(["q.io/x/e", "r.io/c", "r.io/t/service-2", "r.io/t/service-10", "q.io/d", "q.io/x/b"]);
    expect(order("coverage", "desc")).toEqual(["q.io/x/b", "q.io/d", "r.io/c", "r.io/t/service-2", "r.io/t/service-10", "q.io/x/e"]);
  });

  it("scanned: by time, never-scanned as oldest", () => {
    expect(order("scanned", "desc")).toEqual(["q.io/x/e", "q.io/d", "q.io/x/b", "r.io/t/service-10", "r.io/t/service-2", "r.io/c"]);
    expect(order("scanned", "asc")).toEqual(["r.io/c", "r.io/t/service-2", "r.io/t/service-10", "q.io/x/b", "q.io/d", "q.io/x/e"]);
  });

  it("groups come first, in ascending order whatever the direction", () => {
    expect(order("name", "desc", "registry")).toEqual(["q.io/x/e", "q.io/x/b", "q.io/d", "r.io/t/service-10", "r.io/t/service-2", "r.io/c"]);
    expect(order("coverage", "desc", "namespace")).toEqual(["q.io/d", "q.io/x/b", "q.io/x/e", "r.io/c", "r.io/t/service-2", "r.io/t/service-10"]);
  });
});

describe("defaultDir and groupOf", () => {
  it("newest scan first; names and coverage ascending", () => {
    expect(defaultDir("scanned")).toBe("desc");
    expect(defaultDir("name")).toBe("asc");
    expect(defaultDir("coverage")).toBe("asc");
  });

  it("no group is the empty string", () => {
    expect(groupOf(rows[0], "none")).toBe("");
    expect(groupOf(rows[3], "namespace")).toBe("q.io (top level)");
    expect(groupOf(rows[0], "namespace")).toBe("r.io/t");
  });
});
