import { describe, expect, it } from "vitest";
import { editSummary } from "./bulk-summary";

describe("editSummary", () => {
  it("words a watch-list import's edits, and stays out of other bulk adds", () => {
    const base = { created: [], existing: ["a", "b", "c"], invalid: [] };
    expect(editSummary({ ...base, updated: ["a"], unchanged: ["b", "c"], removed: [] } as never)).toBe(", 1 updated, 2 unchanged");
    expect(editSummary({ ...base, updated: [], unchanged: ["a", "b", "c"], removed: ["d"] } as never)).toBe(", 0 updated, 3 unchanged, 1 removed");
    expect(editSummary(base)).toBeNull();
  });
});
