import { describe, expect, it } from "vitest";
import { renderGapReport } from "./gaps";
import type { ApiRepositoryRow } from "../api-types";
import { repositoryCell } from "../coverage";

const columns = ["amd64", "arm64"];
function row(reference: string, platforms: Array<{ os: string; architecture: string }>, missing: string[]): ApiRepositoryRow {
  const tags = [{ tag: "latest", digest: "sha256:" + "a".repeat(64), mediaType: "application/vnd.oci.image.index.v1+json", checkedAt: null, platforms, missing }];
  return {
    id: reference,
    reference,
    registry: "ghcr.io",
    namespace: "org",
    status: "ok",
    missing,
    tags,
    cells: Object.fromEntries(columns.map((c) => [c, repositoryCell([{ tag: "latest", platforms, scanned: true }], c)])),
  };
}

describe("renderGapReport", () => {
  const input = {
    columns,
    generatedAt: "2026-11-27T00:00:00.000Z",
    rows: [row("ghcr.io/org/a", [{ os: "linux", architecture: "amd64" }], ["arm64"]), row("ghcr.io/org/=evil,\"x", [], ["amd64", "arm64"])],
  };

  it("csv has one line per tag with the cell state per column, quoted and formula-safe", () => {
    const csv = renderGapReport("csv", input).trim().split("\r\n");
    expect(csv[0]).toBe("reference,tag,digest,status,platforms,has_amd64,has_arm64,missing,error");
    expect(csv[1]).toBe(`ghcr.io/org/a,latest,sha256:${"a".repeat(64)},ok,linux/amd64,present,missing,arm64,`);
    expect(csv[2].startsWith(`"ghcr.io/org/=evil,""x"`)).toBe(true);
  });

  it("json keeps per-tag platforms and missing", () => {
    const doc = JSON.parse(renderGapReport("json", input));
    expect(doc.repositories[0]).toMatchObject({ reference: "ghcr.io/org/a", missing: ["arm64"], tags: [{ tag: "latest", missing: ["arm64"] }] });
  });

  it("markdown is a table with a row per tag", () => {
    const md = renderGapReport("md", input);
    expect(md).toContain("| ghcr.io/org/a | latest | ✓ Present | ✗ Missing | arm64 |");
    expect(md).toContain("2 repositories, 2 with gaps");
  });
});
