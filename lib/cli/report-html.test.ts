// `archgrid report --format html` renders the server's report model with the printable page's own
// component: what registries wrote (references, error messages) stays text, and the file carries
// the print stylesheet.
import { describe, expect, it } from "vitest";
import type { ApiCell, ApiRepositoryRow } from "../api-types";
import { buildGapReport } from "../export/report-model";
import { assertGapReport, renderHtmlReport } from "./report-html";

const unknown: ApiCell = { state: "unknown", variants: [], osVersions: [], notes: ["<img src=x onerror=alert(1)>"] };
const row: ApiRepositoryRow = {
  id: "x",
  reference: "r.io/acme/<script>alert(1)</script>",
  registry: "r.io",
  namespace: "acme",
  status: "error",
  error: { code: "unauthorized", message: '"><script>alert(2)</script>' },
  missing: [],
  tags: [],
  cells: { amd64: unknown },
};
const model = buildGapReport({ rows: [row], filters: { columns: ["amd64"] }, scope: "gaps", generatedAt: "2026-12-01T15:20:00.000Z", since: "2026-11-24T15:20:00.000Z", events: [] });

describe("the CLI's HTML report", () => {
  it("escapes what registries wrote and carries the print stylesheet", () => {
    const html = renderHtmlReport(model);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("r.io/acme/&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Scan failed: &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toContain("<title>archgrid gap report · 1 December 2026, 15:20 UTC</title>");
    expect(html).toMatch(/@media print \{[^]*\.ag-report-repo \{ break-before: page;/);
  });

  it("refuses, in words, the JSON of a server older than the report model", () => {
    expect(() => assertGapReport({ generatedAt: "", architectures: [], repositories: [] })).toThrow(/no `report` section \(an archgrid server older than this CLI\)/);
    expect(() => assertGapReport({ report: model })).toThrow(/no architectures\/repositories lists/);
  });
});
