"use client";

import { coverageSearchParams, gapReportUrl } from "@/lib/api-client";
import { buttonClass } from "@/components/ui/button";

export function SortArrow({ active, dir }: { active: boolean; dir: "asc" | "desc" }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 12 12" className={`size-3 ${active ? "opacity-100" : "opacity-30"}`} fill="currentColor">
      {active && dir === "desc" ? <path d="M6 9L2.5 4h7z" /> : <path d="M6 3l3.5 5h-7z" />}
    </svg>
  );
}

export function ExportButtons({ filters }: { filters: Parameters<typeof gapReportUrl>[1] }) {
  const formats = [
    ["csv", "CSV"],
    ["json", "JSON"],
    ["md", "Markdown"],
  ] as const;
  return (
    <div role="group" aria-label="Export gap report" className="flex flex-wrap items-center gap-2">
      <span className="text-xs font-medium text-slate-600 dark:text-slate-400">Export gaps</span>
      {formats.map(([f, label]) => (
        <a key={f} href={gapReportUrl(f, filters)} download className={buttonClass("secondary", "sm")}>
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round"><path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13.5h10" /></svg>
          <span className="sr-only">Export </span>
          {label}
        </a>
      ))}
      {/* The same report as a page to print or save as PDF, with the grid's filters. */}
      <a href={`/reports/print?${coverageSearchParams(filters).toString()}`} className={buttonClass("secondary", "sm")}>
        Printable report
      </a>
    </div>
  );
}

export function Pagination({ page, pageCount, onPage }: { page: number; pageCount: number; onPage: (p: number) => void }) {
  return (
    <nav aria-label="Pagination" className="flex items-center justify-center gap-3">
      <button type="button" className={buttonClass("secondary", "sm")} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Previous page
      </button>
      <span className="text-sm tabular text-slate-600 dark:text-slate-400">
        Page {page} of {pageCount}
      </span>
      <button type="button" className={buttonClass("secondary", "sm")} disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        Next page →
      </button>
    </nav>
  );
}
