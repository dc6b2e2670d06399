import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { DEFAULT_COLUMNS } from "@/lib/coverage/columns";
import { PrintButton } from "./print-button";

/**
 * The printable report's screen-only bar: print, the other scope, the same report as a file, back
 * to the grid with the same filters. Hidden when printing (report.css).
 */
export function ReportActions({ query, scope }: { query: URLSearchParams; scope: "gaps" | "all" }) {
  const withParams = (path: string, set: Record<string, string | null>) => {
    const sp = new URLSearchParams(query);
    for (const [k, v] of Object.entries(set)) {
      if (v === null) sp.delete(k);
      else sp.set(k, v);
    }
    const qs = sp.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const grid = new URLSearchParams(query);
  for (const k of ["scope", "since", "layout", "columns"]) grid.delete(k);
  // The grid names its switched-on extra columns `extra`; the five defaults are always there.
  const extra = (query.get("columns") ?? "").split(",").filter((c) => c && !DEFAULT_COLUMNS.includes(c as (typeof DEFAULT_COLUMNS)[number]));
  if (extra.length) grid.set("extra", extra.join(","));
  return (
    <div className="ag-report-actions mb-4 flex flex-wrap items-center gap-2">
      <PrintButton />
      <Link className={buttonClass("secondary", "sm")} href={withParams("/reports/print", { scope: scope === "all" ? null : "all" })}>
        {scope === "all" ? "Show gaps only" : "Show all repositories"}
      </Link>
      <span className="ml-2 text-xs font-medium text-slate-600 dark:text-slate-400">Download this report</span>
      {(
        [
          ["csv", "CSV"],
          ["md", "Markdown"],
          ["json", "JSON"],
        ] as const
      ).map(([f, label]) => (
        <a key={f} download className={buttonClass("secondary", "sm")} href={withParams("/api/reports/gaps", { format: f })}>
          {label}
        </a>
      ))}
      <Link className="ml-auto text-sm text-indigo-700 underline dark:text-indigo-400" href={grid.toString() ? `/grid?${grid}` : "/grid"}>
        Back to the grid
      </Link>
    </div>
  );
}
