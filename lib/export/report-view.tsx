// The printable gap report as React markup, with no client code and no Tailwind: the page
// /reports/print renders it inside the app, and `archgrid report --format html` renders the very
// same component to a standalone file (react-dom/server), styled by report.css in both places.
// One summary page, then one section per repository; every state is a symbol and a word, so it
// reads the same in black and white.
import type { ReactNode } from "react";
import type { CellState } from "../api-types";
import { CELL_STATE_WORDS, STATUS_WORDS } from "../coverage/vocabulary";
import type { GapReportModel, ReportRepository } from "./report-model";
import { summaryStates } from "./report-model";
import { changeLines } from "./report-text";
import { shortDateTime } from "./words";

const word = (s: CellState) => CELL_STATE_WORDS[s]?.label ?? s;

function State({ state }: { state: CellState }) {
  return (
    <span className={`ag-rstate ag-rstate-${state}`}>
      <span aria-hidden="true">{CELL_STATE_WORDS[state]?.symbol ?? ""}</span> {word(state)}
    </span>
  );
}

const anchor = (r: ReportRepository, i: number) => `repo-${i + 1}`;

/**
 * A table that may be wider than a phone (a tag table has a column per architecture): it scrolls
 * sideways inside its own box instead of widening the page, and the box takes keyboard focus so
 * it can be scrolled without a pointer (WCAG 2.1.1; axe scrollable-region-focusable).
 */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ag-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function Summary({ model }: { model: GapReportModel }) {
  const states = summaryStates(model);
  const changes = changeLines(model);
  return (
    <section className="ag-report-summary" aria-labelledby="ag-report-title">
      <h1 id="ag-report-title">{model.title}</h1>
      <p className="ag-statement">{model.statement}</p>
      <p>
        Architectures: {model.columns.join(", ")}. Listed: {model.scopeWords}.
      </p>
      <h2>Summary</h2>
      <ScrollTable label="Summary per architecture">
      <table className="ag-table">
        <caption>Repositories per architecture; the percentage is over the scanned repositories only</caption>
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            {states.map((s) => (
              <th key={s} scope="col" className="ag-num">
                {word(s)}
              </th>
            ))}
            <th scope="col" className="ag-num">{STATUS_WORDS.error.label}</th>
            <th scope="col" className="ag-num">{STATUS_WORDS.pending.label}</th>
            <th scope="col">{word("present")} (of scanned)</th>
          </tr>
        </thead>
        <tbody>
          {model.summary.map((s) => (
            <tr key={s.column}>
              <th scope="row">{s.column}</th>
              {states.map((st) => (
                <td key={st} className="ag-num">
                  {s.states[st] ?? 0}
                </td>
              ))}
              <td className="ag-num">{s.failed}</td>
              <td className="ag-num">{s.notScanned}</td>
              <td>
                {s.presentPercent === null ? "—" : `${s.presentPercent}%`} · {s.scannedNote}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollTable>
      <h2>Changed since {model.changes.sinceWords}</h2>
      {changes.length === 0 ? (
        <p>No architecture was lost or gained since then.</p>
      ) : (
        <ul className="ag-changes">
          {changes.map((c, i) => (
            <li key={i}>
              <strong>{c.kind === "regression" ? "Regression" : "Gap closed"}:</strong> {c.text} ({c.when})
            </li>
          ))}
        </ul>
      )}
      <h2>{model.scope === "all" ? "Repositories" : "Repositories with gaps"}</h2>
      {model.repositories.length === 0 ? (
        <p>{model.scope === "all" ? "No repository matches these filters." : "No gaps and no failed scans among the matching repositories."}</p>
      ) : (
        <ol className="ag-contents">
          {model.repositories.map((r, i) => (
            <li key={r.id}>
              <a href={`#${anchor(r, i)}`}>{r.reference}</a> — {r.status === "error" ? `${r.statusLabel}: ${r.error}` : r.verdict}
            </li>
          ))}
        </ol>
      )}
      <ul className="ag-legend" aria-label="What the states mean">
        {model.statesUsed.map((s) => (
          <li key={s}>
            <State state={s} />: {CELL_STATE_WORDS[s]?.description ?? ""}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RepositorySection({ r, i, columns }: { r: ReportRepository; i: number; columns: string[] }) {
  return (
    <section className="ag-report-repo" aria-labelledby={anchor(r, i)}>
      <h2 id={anchor(r, i)}>{r.reference}</h2>
      <p>
        {r.statusLabel}
        {r.error ? `: ${r.error}` : ""} · {r.verdict} · last checked {shortDateTime(r.lastChecked)}
      </p>
      <ScrollTable label={`Architectures of ${r.reference}`}>
      <table className="ag-table">
        <caption>Per architecture, over every tracked tag</caption>
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            <th scope="col">State</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const cell = r.cells[c];
            const notes = [...(cell.variants.length ? [`variants ${cell.variants.join(", ")}`] : []), ...cell.notes];
            return (
              <tr key={c}>
                <th scope="row">{c}</th>
                <td>
                  <State state={cell.state} />
                </td>
                <td>{notes.join("; ")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </ScrollTable>
      {r.tags.length ? (
        <ScrollTable label={`Tags of ${r.reference}`}>
        <table className="ag-table">
          <caption>Tags {r.tags.length === 1 ? "listed" : `listed (${r.tags.length})`}</caption>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              <th scope="col">Missing</th>
              <th scope="col">Last checked</th>
            </tr>
          </thead>
          <tbody>
            {r.tags.map((t) => (
              <tr key={t.tag}>
                <th scope="row">{t.tag}</th>
                {columns.map((c) => (
                  <td key={c}>
                    <State state={t.cells[c]} />
                  </td>
                ))}
                <td>{t.status === "ok" ? t.missing.join(", ") || "—" : `${t.statusLabel}${t.error ? `: ${t.error}` : ""}`}</td>
                <td>{shortDateTime(t.lastChecked)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </ScrollTable>
      ) : null}
    </section>
  );
}

/** The whole report: the summary page, then a section per listed repository. */
export function GapReportView({ model }: { model: GapReportModel }) {
  return (
    <article className="ag-report">
      <Summary model={model} />
      {model.repositories.map((r, i) => (
        <RepositorySection key={r.id} r={r} i={i} columns={model.columns} />
      ))}
    </article>
  );
}
