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

  // A spreadsheet runs a cell that *starts* with = + - @ (or tab / CR, which some strip first)
  // as a formula: error messages come from registries, so an attacker chooses them.
  it.each(["=HYPERLINK(\"http://evil\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])(
    "csv neutralizes a cell starting with %j by a leading quote",
    (message) => {
      const bad = { ...row("ghcr.io/org/b", [], ["amd64", "arm64"]), status: "error" as const, tags: [], error: { code: "registry-error", message } };
      const csv = renderGapReport("csv", { ...input, rows: [bad] }).trim().split("\r\n");
      // The error is the last cell; quoting (needed for the CR) may wrap it, but inside it must begin with '.
      const prefix = "ghcr.io/org/b,,,error,,unknown,unknown,,";
      expect(csv[1].startsWith(prefix), csv[1]).toBe(true);
      // Leading whitespace may be trimmed first (errors are worded once, trimmed); what is left must
      // not start a formula, and the message must still be there behind the quote.
      const cell = csv[1].slice(prefix.length).replace(/^"([^]*)"$/, "$1");
      expect(cell, csv[1]).toBe(`'${message.trim().replace(/"/g, '""')}`);
    },
  );

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
