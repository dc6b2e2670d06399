// "Index says X, the image inside is Y" in the exports: the column is missing, and says why.
import { describe, expect, it } from "vitest";
import type { ApiRepositoryRow } from "../api-types";
import { missingColumns, repositoryCell } from "../coverage";
import { renderGapReport } from "./gaps";

const columns = ["amd64", "s390x"];
const platforms = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "s390x", configMismatch: { os: "linux", architecture: "amd64" } },
];
const missing = missingColumns(platforms, columns);
const row: ApiRepositoryRow = {
  id: "r",
  reference: "ghcr.io/org/liar",
  registry: "ghcr.io",
  namespace: "org",
  status: "ok",
  missing,
  tags: [{ tag: "latest", digest: `sha256:${"b".repeat(64)}`, mediaType: "application/vnd.oci.image.index.v1+json", checkedAt: null, platforms, missing }],
  cells: Object.fromEntries(columns.map((c) => [c, repositoryCell([{ tag: "latest", platforms, scanned: true }], c)])),
};
const input = { columns, generatedAt: "2026-12-01T00:00:00.000Z", rows: [row] };

describe("gap reports with an index/image mismatch", () => {
  it("the column counts as missing", () => {
    expect(missing).toEqual(["s390x"]);
    expect(row.cells.s390x.state).toBe("mismatch");
  });
  it("csv says mismatch, not present", () => {
    const line = renderGapReport("csv", input).trim().split("\r\n")[1];
    expect(line).toContain(",present,mismatch,s390x,");
  });
  it("markdown says mismatch and explains it in the legend", () => {
    const md = renderGapReport("md", input);
    expect(md).toContain("| ✓ Present | ⚠ Mismatch | s390x |");
    expect(md).toContain("- ⚠ Mismatch: The index names this architecture, but the image behind that entry is built for another one");
  });
});

describe("a mismatch marks only the column it is about", () => {
  it("another missing column of the same tag stays plain missing", () => {
    const cols = ["amd64", "s390x", "riscv64"];
    const miss = missingColumns(platforms, cols);
    expect(miss).toEqual(["s390x", "riscv64"]);
    const r: ApiRepositoryRow = {
      ...row,
      missing: miss,
      tags: [{ ...row.tags[0], missing: miss }],
      cells: Object.fromEntries(cols.map((c) => [c, repositoryCell([{ tag: "latest", platforms, scanned: true }], c)])),
    };
    const line = renderGapReport("csv", { ...input, columns: cols, rows: [r] }).trim().split("\r\n")[1];
    expect(line).toContain(",present,mismatch,missing,");
  });
});
