"use client";

import Link from "next/link";
import type { ApiRepository } from "@/lib/api-types";
import { useRepositoriesQuery } from "./use-repositories";

function outcome(repo: ApiRepository | undefined): { text: string; className: string } {
  if (repo?.status === "ok") return { text: "scanned", className: "text-emerald-700 dark:text-emerald-400" };
  if (repo?.status === "error") return { text: `failed: ${repo.error?.message ?? "unknown error"}`, className: "text-rose-700 dark:text-rose-400" };
  return { text: "pending", className: "text-slate-500 dark:text-slate-400" };
}

/** After a scan of what was just added: each repository, a link to its page, and how its scan went. */
export function ScanResults({ repositories }: { repositories: Array<Pick<ApiRepository, "id" | "reference">> }) {
  const all = useRepositoriesQuery();
  const byId = new Map((all.data?.repositories ?? []).map((r) => [r.id, r]));
  return (
    <ul aria-label="Scanned repositories" className="max-h-48 space-y-0.5 overflow-auto text-xs">
      {repositories.map((r) => {
        // Until the list has been read again after the scan, the statuses are from before it.
        const o = all.isFetchedAfterMount ? outcome(byId.get(r.id)) : { text: "…", className: "text-slate-500" };
        return (
          <li key={r.id} className="flex flex-wrap gap-x-2">
            <Link href={`/repositories/${r.id}`} className="font-mono hover:underline">{r.reference}</Link>
            <span className={o.className}>{o.text}</span>
          </li>
        );
      })}
    </ul>
  );
}
