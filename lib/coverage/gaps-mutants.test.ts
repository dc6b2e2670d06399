// repositoryCell when an index names a platform twice: once with an image of another platform,
// once with the real one. The column is present, and the note says the lie did no harm.
import { describe, expect, it } from "vitest";
import { repositoryCell } from "./gaps";

describe("a mismatched entry beside a real one", () => {
  it("is present, with a note that another entry provides it", () => {
    const platforms = [
      { os: "linux", architecture: "s390x", configMismatch: { os: "linux", architecture: "amd64" } },
      { os: "linux", architecture: "s390x" },
    ];
    const cell = repositoryCell([{ tag: "latest", platforms, scanned: true }], "s390x");
    expect(cell.state).toBe("present");
    expect(cell.notes).toHaveLength(1);
    expect(cell.notes[0]).toMatch(/^latest: .* \(another entry provides it\)$/);
  });
  it("alone, it cannot run there", () => {
    const platforms = [{ os: "linux", architecture: "s390x", configMismatch: { os: "linux", architecture: "amd64" } }];
    const cell = repositoryCell([{ tag: "latest", platforms, scanned: true }], "s390x");
    expect(cell.state).toBe("mismatch");
    expect(cell.notes[0]).toMatch(/^latest: .*, so it cannot run there$/);
  });
});
