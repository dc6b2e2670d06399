// The report model as Markdown, CSV and JSON. Each starts with the same statement (time and
// filters in words), the per-architecture summary and the "Changed since" section, then lists the
// repositories the scope selects; states are named by lib/coverage's vocabulary only.
import type { CellState } from "../api-types";
import { CELL_STATE_WORDS, STATUS_WORDS } from "../coverage/vocabulary";
import { changeSentence, type ChangeLine } from "./changes";
import { csvCell, mdCell } from "./gaps";
import type { GapReportModel } from "./report-model";
import { summaryStates } from "./report-model";
import { csvDateTime, dateWords, shortDateTime } from "./words";

const word = (s: CellState) => CELL_STATE_WORDS[s]?.label ?? s;
const percentText = (p: number | null) => (p === null ? "—" : `${p}%`);

/** Human lines of the "Changed since" section, regressions first. */
export function changeLines(model: GapReportModel): Array<{ kind: ChangeLine["kind"]; text: string; when: string }> {
  return [...model.changes.regressions, ...model.changes.closed].map((c) => ({ kind: c.kind, text: changeSentence(c), when: dateWords(c.at) }));
}

export function renderReportMarkdown(m: GapReportModel): string {
  const states = summaryStates(m);
  const out: string[] = [`# ${m.title}`, "", mdCell(m.statement), "", `Architectures: ${mdCell(m.columns.join(", "))}. Listed: ${mdCell(m.scopeWords)}.`, ""];
  out.push("## Summary", "");
  out.push(`| Architecture | ${states.map(word).join(" | ")} | ${STATUS_WORDS.error.label} | ${STATUS_WORDS.pending.label} | ${word("present")} (of scanned) |`);
  out.push(`|---|${states.map(() => "--:").join("|")}|--:|--:|---|`);
  for (const s of m.summary) {
    out.push(`| ${mdCell(s.column)} | ${states.map((st) => s.states[st] ?? 0).join(" | ")} | ${s.failed} | ${s.notScanned} | ${percentText(s.presentPercent)} · ${s.scannedNote} |`);
  }
  out.push("", `## Changed since ${m.changes.sinceWords}`, "");
  const changes = changeLines(m);
  if (changes.length === 0) out.push("No architecture was lost or gained since then.");
  for (const c of changes) out.push(`- ${c.kind === "regression" ? "Regression" : "Gap closed"}: ${mdCell(c.text)} (${c.when})`);
  out.push("", m.scope === "all" ? "## Repositories" : "## Gaps", "");
  if (m.repositories.length === 0) {
    out.push(m.scope === "all" ? "No repository matches these filters." : "No gaps and no failed scans among the matching repositories.");
  } else {
    out.push(`| Repository | Tag | ${m.columns.map(mdCell).join(" | ")} | Missing | Last checked |`);
    out.push(`|---|---|${m.columns.map(() => ":-:").join("|")}|---|---|`);
    for (const r of m.repositories) {
      const tags = r.tags.length ? r.tags : [null];
      for (const t of tags) {
        const cells = m.columns.map((c) => {
          const st = t ? t.cells[c] : r.cells[c].state;
          return `${CELL_STATE_WORDS[st]?.symbol ?? ""} ${word(st)}`.trim();
        });
        // Worded as the grid words it: "Scan failed: <message>" / "Not scanned yet".
        const status = t ? t.status : r.status;
        const error = t ? t.error : r.error;
        const missing = status === "ok" ? (t ? t.missing : r.gaps).join(", ") || "—" : `${STATUS_WORDS[status].label}${error ? `: ${error}` : ""}`;
        out.push(`| ${mdCell(r.reference)} | ${mdCell(t?.tag ?? "")} | ${cells.join(" | ")} | ${mdCell(missing)} | ${shortDateTime(t ? t.lastChecked : r.lastChecked)} |`);
      }
    }
  }
  if (m.blockedByBase.length) {
    out.push("", "## Blocked by base image", "", ...m.blockedByBase.map((b) => `- ${mdCell(b.reference)} (${mdCell(b.tags.join(", "))}): ${mdCell(b.message)}`));
  }
  if (m.waivers.length) {
    out.push("", "## Waivers", "", ...m.waivers.map((w) => `- ${mdCell(w.reference)} ${mdCell(w.column)}: ${mdCell(w.note)}`));
  }
  // A legend for the states this report uses, and only those.
  out.push("", ...m.statesUsed.map((st) => `- ${CELL_STATE_WORDS[st]?.symbol ?? ""} ${word(st)}: ${CELL_STATE_WORDS[st]?.description ?? ""}`), "");
  return out.join("\n");
}

const csvLine = (cells: Array<string | number>) => cells.map((c) => csvCell(String(c))).join(",");

/**
 * A spreadsheet of sections: the statement, the summary, the changes, then the listing (one line
 * per tag, the columns of the table layout plus last_checked_utc and the status in words).
 * `?layout=table` gives the table alone (header on line 1) for scripts.
 */
export function renderReportCsv(m: GapReportModel): string {
  const states = summaryStates(m);
  const lines: string[] = [
    csvLine([m.title]),
    csvLine([m.statement]),
    csvLine([`Listed: ${m.scopeWords}`]),
    "",
    csvLine(["architecture", ...states, "error", "pending", "present_percent", "scanned", "total"]),
    ...m.summary.map((s) => csvLine([s.column, ...states.map((st) => s.states[st] ?? 0), s.failed, s.notScanned, s.presentPercent ?? "", s.scanned, s.total])),
    "",
    csvLine([`Changed since ${m.changes.sinceWords}`]),
    csvLine(["change", "reference", "tag", "architectures", "new_tag", "at_utc"]),
    ...[...m.changes.regressions, ...m.changes.closed].map((c) => csvLine([c.kind, c.reference, c.tag, c.columns.join(" "), c.newTag ? "yes" : "no", csvDateTime(c.at)])),
    "",
    csvLine(["reference", "tag", "digest", "status", "platforms", ...m.columns.map((c) => `has_${c}`), "missing", "error", "last_checked_utc", "status_words"]),
  ];
  for (const r of m.repositories) {
    if (r.tags.length === 0) {
      lines.push(csvLine([r.reference, "", "", r.status, "", ...m.columns.map((c) => r.cells[c].state), "", r.error, "", r.statusLabel]));
      continue;
    }
    for (const t of r.tags) {
      lines.push(csvLine([r.reference, t.tag, t.digest ?? "", t.status, t.platforms, ...m.columns.map((c) => t.cells[c]), t.missing.join(" "), t.error, csvDateTime(t.lastChecked), t.statusLabel]));
    }
  }
  return lines.join("\r\n") + "\r\n";
}
