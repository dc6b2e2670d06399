import { describe, expect, it } from "vitest";
import { isListChip } from "./list-chips";

const scanned = { tags: [{ digest: "sha256:" + "a".repeat(64) }] } as Parameters<typeof isListChip>[0];
const nothingRead = { tags: [{ digest: null }] } as Parameters<typeof isListChip>[0];

describe("isListChip: the phone list shows gaps only", () => {
  it.each([
    ["missing", scanned, true],
    ["partial", scanned, true],
    ["mismatch", scanned, true],
    ["separate-image", scanned, true],
    ["unknown", scanned, true],
    ["present", scanned, false],
    ["waived", scanned, false],
    // Nothing read yet: the row's status line says "Not scanned yet" once, not five unknown chips.
    ["unknown", nothingRead, false],
    ["missing", nothingRead, true],
  ] as const)("%s → %s", (state, row, chip) => {
    expect(isListChip(row, { state } as Parameters<typeof isListChip>[1])).toBe(chip);
  });
});
