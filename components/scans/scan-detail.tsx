// One scan: what started it, its size, duration and status, and each repository's outcome
// (server-rendered from the scan's jobs; no client state, so no inline script of our own).
import Link from "next/link";
import type { ApiScan } from "@/lib/api-types";
import type { ApiScanRepository, ScanRepositoryOutcome } from "@/lib/queries/scan-repositories";
import { repositoriesCount, scanDuration, scanTitle } from "./scan-names";
import { ScanStatusBadge } from "./scan-status-badge";
import { cardClass } from "@/components/ui/button";

const OUTCOME: Record<ScanRepositoryOutcome, { label: string; className: string }> = {
  ok: { label: "OK", className: "text-emerald-800 dark:text-emerald-300" },
  failed: { label: "Failed", className: "text-rose-800 dark:text-rose-300" },
  cancelled: { label: "Cancelled", className: "text-slate-700 dark:text-slate-300" },
  running: { label: "Running", className: "text-indigo-800 dark:text-indigo-300" },
  "not-reached": { label: "Not reached", className: "text-slate-700 dark:text-slate-300" },
};

export function ScanDetail({ scan, repositories }: { scan: ApiScan; repositories: ApiScanRepository[] }) {
  const failed = repositories.filter((r) => r.outcome === "failed").length;
  const ok = repositories.filter((r) => r.outcome === "ok").length;
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href="/scans" className="underline">← All scans</Link></p>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{scanTitle(scan)}</h1>
        <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <div><dt className="text-slate-600 dark:text-slate-400">Status</dt><dd><ScanStatusBadge status={scan.status} /></dd></div>
          <div><dt className="text-slate-600 dark:text-slate-400">Trigger</dt><dd>{scan.trigger ?? "—"}</dd></div>
          <div><dt className="text-slate-600 dark:text-slate-400">Size</dt><dd>{repositoriesCount(scan.total)}</dd></div>
          <div><dt className="text-slate-600 dark:text-slate-400">Duration</dt><dd>{scanDuration(scan) ?? "—"}</dd></div>
        </dl>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{ok} scanned, {failed} failed, {repositories.length - ok - failed} other.</p>
      </div>
      <div className={`${cardClass} overflow-x-auto`}>
        <table className="w-full text-sm">
          <caption className="sr-only">Repositories in this scan</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <th scope="col" className="px-4 py-2 font-semibold">Repository</th>
              <th scope="col" className="px-4 py-2 font-semibold">Outcome</th>
              <th scope="col" className="px-4 py-2 font-semibold">Error</th>
            </tr>
          </thead>
          <tbody>
            {repositories.map((r) => (
              <tr key={r.repositoryId} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <th scope="row" className="px-4 py-2 text-left font-normal">
                  <Link href={`/repositories/${r.repositoryId}`} className="font-mono underline">{r.reference}</Link>
                </th>
                <td className={`px-4 py-2 font-medium ${OUTCOME[r.outcome].className}`}>{OUTCOME[r.outcome].label}</td>
                <td className="px-4 py-2">{r.error ? <><span className="font-mono text-xs">{r.error.code}</span> {r.error.message}</> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
