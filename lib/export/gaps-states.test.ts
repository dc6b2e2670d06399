// Gap reports for rows that are not simply "scanned": never scanned, failed, a tag without a
// digest, a column only a sibling image provides; cells a spreadsheet would run as a formula;
// the content types. Exact lines, so a changed word or status shows.
import { describe, expect, it } from "vitest";
import { REPORT_CONTENT_TYPES, renderGapReport } from "./gaps";
import type { ApiCell, ApiRepositoryRow } from "../api-types";

const columns = ["amd64", "arm64"];
const D = `sha256:${"c".repeat(64)}`;
const cell = (state: ApiCell["state"]): ApiCell => ({ state, variants: [], osVersions: [], notes: [] });
function row(reference: string, extra: Partial<ApiRepositoryRow>): ApiRepositoryRow {
  return { id: reference, reference, registry: "r.io", namespace: "t", status: "ok", missing: [], tags: [], cells: { amd64: cell("unknown"), arm64: cell("unknown") }, ...extra };
}
const tag = (name: string, extra: Partial<ApiRepositoryRow["tags"][number]> = {}): ApiRepositoryRow["tags"][number] => ({
  tag: name,
  digest: null,
  mediaType: null,
  checkedAt: null,
  platforms: [],
  missing: [],
  ...extra,
});

const rows: ApiRepositoryRow[] = [
  row("r.io/t/new", { status: "pending" }),
  row("r.io/t/broken", { status: "error", error: { code: "unauthorized", message: "registry said no" } }),
  row("r.io/t/mixed", {
    tags: [
      tag("1", { digest: D, platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm", variant: "v7" }], missing: ["arm64"] }),
      tag("2", { error: { code: "tag-not-found", message: "no such tag" } }),
      tag("3"),
    ],
    missing: ["arm64"],
    cells: { amd64: cell("present"), arm64: cell("separate-image") },
  }),
  row("r.io/t/failing-now", { status: "error", error: { code: "timeout", message: "timed out" }, tags: [tag("old")] }),
];
const input = { columns, rows, generatedAt: "2026-12-01T00:00:00.000Z" };

describe("gap report rows that are not simply scanned", () => {
  it("csv: status, unknown cells and the error for each; separate-image where only a sibling has it", () => {
    expect(renderGapReport("csv", input).split("\r\n")).toEqual([
      "reference,tag,digest,status,platforms,has_amd64,has_arm64,missing,error",
      "r.io/t/new,,,pending,,unknown,unknown,,",
      "r.io/t/broken,,,error,,unknown,unknown,,registry said no",
      `r.io/t/mixed,1,${D},scanned,linux/amd64 linux/arm/v7,yes,separate-image,arm64,`,
      "r.io/t/mixed,2,,error,,unknown,unknown,,no such tag",
      "r.io/t/mixed,3,,pending,,unknown,unknown,,",
      "r.io/t/failing-now,old,,error,,unknown,unknown,,timed out",
      "",
    ]);
  });

  it("markdown: ? for what is unknown, and why", () => {
    const md = renderGapReport("md", input).split("\n");
    expect(md.slice(2, 3)).toEqual(["Generated 2026-12-01T00:00:00.000Z. 4 repositories, 1 with gaps. Required: amd64, arm64."]);
    expect(md.slice(6, 12)).toEqual([
      "| r.io/t/new |  | ? | ? | unknown: pending |",
      "| r.io/t/broken |  | ? | ? | unknown: registry said no |",
      "| r.io/t/mixed | 1 | ✓ | separate | arm64 |",
      "| r.io/t/mixed | 2 | ? | ? | unknown: no such tag |",
      "| r.io/t/mixed | 3 | ? | ? | unknown: pending |",
      "| r.io/t/failing-now | old | ? | ? | unknown: timed out |",
    ]);
  });

  it("json: separate images per repository, errors kept", () => {
    const doc = JSON.parse(renderGapReport("json", input)) as { repositories: Array<{ reference: string; separateImages: string[]; error?: unknown; tags: unknown[] }> };
    expect(doc.repositories.map((r) => [r.reference, r.separateImages, r.tags.length])).toEqual([
      ["r.io/t/new", [], 0],
      ["r.io/t/broken", [], 0],
      ["r.io/t/mixed", ["arm64"], 3],
      ["r.io/t/failing-now", [], 1],
    ]);
    expect(doc.repositories[1].error).toEqual({ code: "unauthorized", message: "registry said no" });
  });
});

describe("csv formula neutralizing", () => {
  it.each(["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"])("a cell starting %j is prefixed with '", (evil) => {
    const r = row("r.io/t/x", { status: "error", error: { code: "x", message: evil } });
    const last = renderGapReport("csv", { columns, rows: [r], generatedAt: "" }).split("\r\n")[1];
    const cellText = last.slice(last.lastIndexOf(",unknown,") + ",unknown,".length + 1);
    expect(cellText.replace(/^"|"$/g, "").startsWith(`'${evil[0]}`)).toBe(true);
  });

  it("a cell with the character elsewhere is left alone", () => {
    const r = row("r.io/t/x", { status: "error", error: { code: "x", message: "a=b" } });
    expect(renderGapReport("csv", { columns, rows: [r], generatedAt: "" }).split("\r\n")[1]).toBe("r.io/t/x,,,error,,unknown,unknown,,a=b");
  });
});

describe("REPORT_CONTENT_TYPES", () => {
  it("names each format's type with UTF-8", () => {
    expect(REPORT_CONTENT_TYPES).toEqual({ csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8", md: "text/markdown; charset=utf-8" });
  });
});

describe("the whole Markdown report", () => {
  it("heading, summary, table header, alignment row, rows and legend, line by line", () => {
    const ok = row("r.io/t/ok", {
      tags: [tag("1", { digest: D, platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] })],
      cells: { amd64: cell("present"), arm64: cell("present") },
    });
    const gap = row("r.io/t/gap", { tags: [tag("1", { digest: D, missing: ["amd64", "arm64"] })], missing: ["amd64", "arm64"], cells: {} });
    const md = renderGapReport("md", { columns, rows: [ok, gap], generatedAt: "T" });
    expect(md.split("\n")).toEqual([
      "# archgrid gap report",
      "",
      "Generated T. 2 repositories, 1 with gaps. Required: amd64, arm64.",
      "",
      "| Repository | Tag | amd64 | arm64 | Missing |",
      "|---|---|:-:|:-:|---|",
      "| r.io/t/ok | 1 | ✓ | ✓ | — |",
      "| r.io/t/gap | 1 | ✗ | ✗ | amd64, arm64 |",
      "",
      "✓ present · ✗ missing · mismatch = the index names it but the image inside is another platform (counts as missing) · separate = only as an arch-prefixed image · ? not scanned",
      "",
    ]);
  });

  it("a | in a cell cannot open a new column", () => {
    const r = row("r.io/t/x", { status: "error", error: { code: "x", message: "a|b" } });
    expect(renderGapReport("md", { columns, rows: [r], generatedAt: "" })).toContain("| unknown: a\\|b |");
  });
});

describe("csv and json with several missing columns and rows without cells", () => {
  it("missing columns are space-separated; a row with no cell for a column is not a separate image", () => {
    const gap = row("r.io/t/gap", { tags: [tag("1", { digest: D, missing: ["amd64", "arm64"] })], missing: ["amd64", "arm64"], cells: {} });
    expect(renderGapReport("csv", { columns, rows: [gap], generatedAt: "" }).split("\r\n")[1]).toBe(`r.io/t/gap,1,${D},scanned,,no,no,amd64 arm64,`);
    const doc = JSON.parse(renderGapReport("json", { columns, rows: [gap], generatedAt: "" })) as { repositories: Array<{ separateImages: string[] }> };
    expect(doc.repositories[0].separateImages).toEqual([]);
  });
});
