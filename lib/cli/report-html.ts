// `archgrid report --format html`: the server's JSON report rendered into one self-contained HTML
// file by the same React component and stylesheet as the server's printable page
// (/reports/print), so the file and the page say the same thing.
import fs from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { GapReportModel } from "../export/report-model";
import { GapReportView } from "../export/report-view";

export interface JsonGapReport {
  generatedAt: string;
  architectures: string[];
  repositories: unknown[];
  /** The report model (servers from December 2026 on). */
  report?: GapReportModel;
}

/** Throws, in words, when the server's JSON is not a gap report this CLI can render. */
export function assertGapReport(v: unknown): asserts v is JsonGapReport & { report: GapReportModel } {
  const r = v as JsonGapReport;
  if (!r || typeof r !== "object" || !Array.isArray(r.architectures) || !Array.isArray(r.repositories)) {
    throw new Error("the server's JSON report has no architectures/repositories lists; is this an archgrid server?");
  }
  const m = r.report;
  if (!m || typeof m !== "object" || !Array.isArray(m.summary) || !Array.isArray(m.repositories) || !m.changes || typeof m.statement !== "string") {
    throw new Error("the server's JSON report has no `report` section (an archgrid server older than this CLI); upgrade the server or use --format md");
  }
}

const css = () => fs.readFileSync(new URL("../export/report.css", import.meta.url), "utf8");
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderHtmlReport(model: GapReportModel): string {
  const body = renderToStaticMarkup(createElement(GapReportView, { model }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model.title)} · ${esc(model.generatedWords)}</title>
<style>
body { margin: 1.5rem; background: #fff; }
${css()}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
