// `archgrid report --format html`: the server's JSON gap report as one self-contained HTML page
// (the server renders csv, json and md; a page to attach to a CI run or mail is made here).

interface ReportTag {
  tag: string;
  digest?: string | null;
  missing: string[];
  error?: { message?: string } | null;
}

interface ReportRepository {
  reference: string;
  status: string;
  missing: string[];
  separateImages?: string[];
  error?: { message?: string } | null;
  tags: ReportTag[];
}

export interface JsonGapReport {
  generatedAt: string;
  architectures: string[];
  repositories: ReportRepository[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Throws when the server's JSON does not have the documented shape. */
export function assertGapReport(v: unknown): asserts v is JsonGapReport {
  const r = v as JsonGapReport;
  if (!r || typeof r !== "object" || !Array.isArray(r.architectures) || !Array.isArray(r.repositories)) {
    throw new Error("the server's JSON report has no architectures/repositories lists; is this an archgrid server?");
  }
}

export function renderHtmlReport(r: JsonGapReport): string {
  const cols = r.architectures;
  const withGaps = r.repositories.filter((x) => x.missing.length > 0).length;
  const rows: string[] = [];
  for (const repo of r.repositories) {
    const tags: ReportTag[] = repo.tags.length ? repo.tags : [{ tag: "", missing: [], error: repo.error ?? { message: repo.status } }];
    for (const t of tags) {
      const scanned = Boolean(t.digest);
      const cells = cols.map((c) => {
        if (!scanned) return '<td class="unknown" title="not scanned">?</td>';
        if (!t.missing.includes(c)) return '<td class="yes" title="present">✓</td>';
        if (repo.separateImages?.includes(c)) return '<td class="separate" title="only as an arch-prefixed image">separate</td>';
        return '<td class="no" title="missing">✗</td>';
      });
      const note = scanned ? t.missing.join(", ") || "—" : `unknown: ${t.error?.message ?? repo.error?.message ?? repo.status}`;
      rows.push(`<tr><th scope="row">${esc(repo.reference)}</th><td>${esc(t.tag)}</td>${cells.join("")}<td>${esc(note)}</td></tr>`);
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>archgrid gap report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }
td.yes { background: #e6f4ea; } td.no { background: #fce8e6; } td.separate { background: #fef7e0; } td.unknown { background: #f1f3f4; }
td.yes, td.no, td.separate, td.unknown { text-align: center; }
</style>
</head>
<body>
<h1>archgrid gap report</h1>
<p>Generated ${esc(r.generatedAt)}. ${r.repositories.length} repositories, ${withGaps} with gaps. Required: ${esc(cols.join(", "))}.</p>
<table>
<thead><tr><th scope="col">Repository</th><th scope="col">Tag</th>${cols.map((c) => `<th scope="col">${esc(c)}</th>`).join("")}<th scope="col">Missing</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
<p>✓ present · ✗ missing · separate = only as an arch-prefixed image · ? not scanned</p>
</body>
</html>
`;
}
