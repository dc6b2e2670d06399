// The forwardable report's builders: which repositories are listed and in what order, the
// per-architecture figures, the statement of time and filters, the "Changed since" section, and
// the Markdown / CSV renderings of all that.
import { describe, expect, it } from "vitest";
import type { ApiCell, ApiRepositoryRow } from "../api-types";
import { missingColumns, repositoryCell, repositoryMissing } from "../coverage";
import type { ReportEvent } from "./changes";
import { buildGapReport, filterWords, type ReportInput } from "./report-model";
import { renderReportCsv, renderReportMarkdown } from "./report-text";

const columns = ["amd64", "arm64", "s390x"];
const linux = (architecture: string) => ({ os: "linux", architecture });
const D = (c: string) => `sha256:${c.repeat(64)}`;

/** A scanned repository whose tags have the given architectures. */
function repo(reference: string, tags: Record<string, string[]>, checkedAt = "2026-11-30T08:05:00.000Z"): ApiRepositoryRow {
  const list = Object.entries(tags).map(([tag, archs]) => ({ tag, platforms: archs.map(linux) }));
  const apiTags = list.map((t, i) => ({ tag: t.tag, digest: D(String(i)), mediaType: null, checkedAt, platforms: t.platforms, missing: missingColumns(t.platforms, columns) }));
  return {
    id: reference,
    reference,
    registry: "r.io",
    namespace: "acme",
    status: "ok",
    missing: repositoryMissing(apiTags.map((t) => t.missing), columns),
    tags: apiTags,
    cells: Object.fromEntries(columns.map((c) => [c, repositoryCell(list.map((t) => ({ ...t, scanned: true })), c)])),
  };
}
const unknown: ApiCell = { state: "unknown", variants: [], osVersions: [], notes: [] };
const failed: ApiRepositoryRow = {
  id: "failed",
  reference: "r.io/acme/broken",
  registry: "r.io",
  namespace: "acme",
  status: "error",
  error: { code: "unauthorized", message: "registry said no" },
  missing: [],
  tags: [],
  cells: { amd64: unknown, arm64: unknown, s390x: unknown },
};
const pending: ApiRepositoryRow = { ...failed, id: "pending", reference: "r.io/acme/new", status: "pending", error: undefined };

const rows = [
  repo("r.io/acme/service-10", { latest: ["amd64"] }), // 2 gaps
  repo("r.io/acme/complete", { latest: columns }), // none
  repo("r.io/acme/service-2", { latest: ["amd64", "arm64"], "1.0": ["amd64"] }), // arm64 partial, s390x missing: 2 gaps
  repo("r.io/acme/one-gap", { latest: ["amd64", "arm64"] }), // s390x
  failed,
  pending,
];
const base: ReportInput = {
  rows,
  filters: { columns, namespace: "acme", missing: undefined },
  scope: "gaps",
  generatedAt: "2026-12-01T15:20:42.000Z",
  since: "2026-11-24T15:20:42.000Z",
  events: [],
};

describe("which repositories are listed, in what order", () => {
  it("gaps only by default: most gaps first, then failed scans, then natural name order; complete and never-scanned ones left out", () => {
    const m = buildGapReport(base);
    expect(m.repositories.map((r) => r.reference)).toEqual(["r.io/acme/service-2", "r.io/acme/service-10", "r.io/acme/one-gap", "r.io/acme/broken"]);
    expect(m.totals).toEqual({ matching: 6, scanned: 4, listed: 4, withGaps: 3, failed: 1, notScanned: 1 });
    expect(m.scopeWords).toBe("4 repositories with gaps or a failed scan, most gaps first (of 6 matching; scope=all lists every one)");
  });

  it("gaps only lists only the tags that lack something; scope=all lists every repository and tag", () => {
    expect(buildGapReport(base).repositories[0].tags.map((t) => t.tag)).toEqual(["latest", "1.0"]);
    // Named as the grid's strip names it (lib/coverage repositoryVerdict).
    expect(buildGapReport(base).repositories[0].verdict).toBe("Missing s390x · Partial arm64");
    const oneGap = buildGapReport(base).repositories.find((r) => r.reference.endsWith("one-gap"))!;
    expect(oneGap.tags.map((t) => t.tag)).toEqual(["latest"]);
    const all = buildGapReport({ ...base, scope: "all" });
    expect(all.repositories.map((r) => r.reference)).toEqual([
      "r.io/acme/service-2",
      "r.io/acme/service-10",
      "r.io/acme/one-gap",
      "r.io/acme/broken",
      "r.io/acme/complete",
      "r.io/acme/new",
    ]);
    expect(all.repositories.find((r) => r.reference.endsWith("complete"))!.tags).toHaveLength(1);
  });

  it("a cell in a state outside the gap states (a waiver) is not a gap, and its word passes through", () => {
    const waived = repo("r.io/acme/gpu", { latest: ["amd64"] });
    // As lib/coverage may mark it: the column stays in `missing`, the cell says why it does not count.
    waived.cells.arm64 = { ...waived.cells.arm64, state: "waived" as ApiCell["state"] };
    waived.cells.s390x = { ...waived.cells.s390x, state: "waived" as ApiCell["state"] };
    const m = buildGapReport({ ...base, rows: [waived] });
    expect(m.repositories).toEqual([]);
    expect(buildGapReport({ ...base, rows: [waived], scope: "all" }).repositories[0].tags[0].cells.arm64).toBe("waived");
  });
});

describe("per-architecture summary", () => {
  it("counts per state over scanned repositories, failed and unscanned apart, the percentage over the scanned only", () => {
    const s = buildGapReport(base).summary;
    expect(s.find((x) => x.column === "amd64")).toMatchObject({ states: { present: 4 }, failed: 1, notScanned: 1, scanned: 4, total: 6, presentPercent: 100, scannedNote: "4 of 6 scanned" });
    expect(s.find((x) => x.column === "arm64")).toMatchObject({ states: { present: 2, partial: 1, missing: 1 }, presentPercent: 50 });
    expect(s.find((x) => x.column === "s390x")).toMatchObject({ states: { present: 1, missing: 3 }, presentPercent: 25 });
  });

  it("nothing scanned: no percentage at all", () => {
    const s = buildGapReport({ ...base, rows: [failed, pending] }).summary[0];
    expect([s.presentPercent, s.scannedNote]).toEqual([null, "0 of 2 scanned"]);
  });
});

describe("time and filters in words", () => {
  it("states the time in words, UTC, and each filter", () => {
    const five = ["amd64", "arm", "arm64", "ppc64le", "s390x"];
    expect(buildGapReport({ ...base, filters: { columns: five, namespace: "acme", missing: "arm64" } }).statement).toBe(
      "Generated 1 December 2026, 15:20 UTC · filters: namespace acme, missing arm64",
    );
    expect(filterWords({ columns: ["amd64", "arm", "arm64", "ppc64le", "s390x"] })).toBe("none");
    expect(filterWords({ columns: ["amd64", "arm", "arm64", "ppc64le", "s390x", "riscv64"], registry: "ghcr.io", q: "web", status: "error", regressedSince: "2026-11-20T00:00:00.000Z" })).toBe(
      'registry ghcr.io, name contains "web", status Scan failed, regressed since 20 November 2026, architectures amd64, arm, arm64, ppc64le, s390x, riscv64',
    );
  });
});

describe("changed since", () => {
  const ev = (tag: string, kind: string, added: string[], removed: string[], at: string, repositoryId = "r.io/acme/service-2"): ReportEvent => ({ repositoryId, tag, kind, added, removed, at });

  it("a tag that lost a column is a regression, one that gained is a closed gap; lost-then-regained nets out; events before `since` are ignored", () => {
    const events = [
      ev("latest", "changed", [], ["linux/s390x"], "2026-11-28T10:00:00.000Z"), // latest lost s390x (still lacks it)
      ev("latest", "changed", [], ["linux/arm64"], "2026-11-25T10:00:00.000Z"),
      ev("latest", "changed", ["linux/arm64"], [], "2026-11-26T10:00:00.000Z"), // …and got it back: nets out
      ev("latest", "changed", ["linux/amd64"], ["linux/arm64"], "2026-11-29T09:00:00.000Z", "r.io/acme/one-gap"),
      ev("latest", "changed", ["linux/s390x"], [], "2026-11-01T00:00:00.000Z", "r.io/acme/complete"), // before since
    ];
    // one-gap's latest has amd64 + arm64 now; undoing the event (− amd64 + arm64) gives arm64 alone: amd64 was gained.
    const m = buildGapReport({ ...base, events });
    expect(m.changes.sinceWords).toBe("24 November 2026");
    expect(m.changes.regressions.map((c) => [c.reference, c.tag, c.columns])).toEqual([["r.io/acme/service-2", "latest", ["s390x"]]]);
    expect(m.changes.closed.map((c) => [c.reference, c.tag, c.columns])).toEqual([["r.io/acme/one-gap", "latest", ["amd64"]]]);
  });

  it("a new tag lacking what the newest tag had is a regression; a tag no longer tracked is left out", () => {
    const events = [ev("1.0", "new-tag", ["linux/amd64"], ["linux/arm64"], "2026-11-30T00:00:00.000Z"), ev("gone", "changed", [], ["linux/arm64"], "2026-11-30T00:00:00.000Z")];
    const md = renderReportMarkdown(buildGapReport({ ...base, events }));
    expect(md).toContain("- Regression: r.io/acme/service-2:1.0 \\(new tag\\) lacks arm64, which the newest tag had (30 November 2026)");
    expect(md).not.toContain("gone");
  });

  it("a tag first read within the period is compared with its first reading", () => {
    const events = [ev("latest", "new-tag", ["linux/amd64", "linux/arm64", "linux/s390x"], [], "2026-11-25T00:00:00.000Z"), ev("latest", "changed", [], ["linux/s390x"], "2026-11-27T00:00:00.000Z")];
    const m = buildGapReport({ ...base, events });
    expect(m.changes.regressions.map((c) => [c.tag, c.columns, c.newTag, c.at])).toEqual([["latest", ["s390x"], false, "2026-11-27T00:00:00.000Z"]]);
    expect(m.changes.closed).toEqual([]);
  });

  it("says so when nothing changed", () => {
    expect(renderReportMarkdown(buildGapReport(base))).toContain("## Changed since 24 November 2026\n\nNo architecture was lost or gained since then.");
  });
});

describe("Markdown and CSV", () => {
  it("Markdown: statement, summary, changes, gaps with last checked, a legend of the states used only", () => {
    const md = renderReportMarkdown(buildGapReport(base));
    const lines = md.split("\n");
    expect(lines.slice(0, 3)).toEqual(["# archgrid gap report", "", "Generated 1 December 2026, 15:20 UTC · filters: namespace acme, architectures amd64, arm64, s390x"]);
    expect(md).toContain("| Architecture | Present | Missing | Partial | Scan failed | Not scanned yet | Present (of scanned) |");
    expect(md).toContain("| arm64 | 2 | 1 | 1 | 1 | 1 | 50% · 4 of 6 scanned |");
    expect(md).toContain("| r.io/acme/service-2 | 1.0 | ✓ Present | ✗ Missing | ✗ Missing | arm64, s390x | 30 Nov 2026, 08:05 UTC |");
    expect(md).toContain("| r.io/acme/broken |  | ? Unknown | ? Unknown | ? Unknown | Scan failed: registry said no | never |");
    // A legend line for each state a table uses (Partial is a summary column), none for the others.
    expect(lines.filter((l) => /^- \S+ \w+:/.test(l)).map((l) => l.split(":")[0])).toEqual(["- ✗ Missing", "- ◐ Partial", "- ? Unknown", "- ✓ Present"]);
    expect(md).not.toContain("Separate image");
    expect(md).not.toContain("Mismatch");
  });

  it("CSV: statement, summary and changes sections before the listing; RFC 4180 quoting and formula-safe cells", () => {
    const evil = repo('r.io/acme/=cmd|"x",y', { latest: ["amd64"] });
    const csv = renderReportCsv(buildGapReport({ ...base, rows: [evil, failed], filters: { columns, q: "=HYPERLINK(1)" } })).split("\r\n");
    expect(csv.slice(0, 3)).toEqual([
      "archgrid gap report",
      `"Generated 1 December 2026, 15:20 UTC · filters: name contains ""=HYPERLINK(1)"", architectures amd64, arm64, s390x"`,
      `"Listed: 2 repositories with gaps or a failed scan, most gaps first (of 2 matching; scope=all lists every one)"`,
    ]);
    expect(csv[4]).toBe("architecture,present,missing,error,pending,present_percent,scanned,total");
    expect(csv[5]).toBe("amd64,1,0,1,0,100,1,2");
    const header = csv.indexOf("reference,tag,digest,status,platforms,has_amd64,has_arm64,has_s390x,missing,error,last_checked_utc,status_words");
    expect(header).toBeGreaterThan(5);
    expect(csv[header + 1]).toBe(`"r.io/acme/=cmd|""x"",y",latest,${D("0")},ok,linux/amd64,present,missing,missing,arm64 s390x,,2026-11-30 08:05:00,Scanned`);
    // A registry's error message that would start a formula is neutralized.
    const bad = { ...failed, error: { code: "x", message: "=1+1" } };
    expect(renderReportCsv(buildGapReport({ ...base, rows: [bad] })).split("\r\n").at(-2)).toBe("r.io/acme/broken,,,error,,unknown,unknown,unknown,,'=1+1,,Scan failed");
    expect(csv[header + 2]).toBe("r.io/acme/broken,,,error,,unknown,unknown,unknown,,registry said no,,Scan failed");
  });
});
