"use client";

import Link from "next/link";
import type { BulkAddResponse } from "@/lib/api-types";
import { editSummary } from "./bulk-summary";
import { ScanNow } from "./scan-now";

export function BulkResult({ result }: { result: BulkAddResponse }) {
  const { created, existing, invalid } = result;
  const edits = editSummary(result);
  return (
    <div role="status" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm dark:border-slate-800 dark:bg-slate-950/50">
      <p className="font-medium">
        Added {created.length} {created.length === 1 ? "repository" : "repositories"}
        {edits ?? (existing.length ? `, ${existing.length} already watched` : "")}
        {invalid.length ? `, ${invalid.length} invalid` : ""}.
      </p>
      {created.length ? (
        <details>
          <summary className="w-fit text-slate-700 dark:text-slate-300">Added</summary>
          <ul className="mt-1 max-h-40 overflow-auto font-mono text-xs">
            {created.map((r) => (
              <li key={r.id}>
                <Link href={`/repositories/${r.id}`} className="hover:underline">{r.reference}</Link>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {existing.length ? (
        <details>
          <summary className="w-fit text-slate-700 dark:text-slate-300">{edits ? "Already watched (updated or unchanged)" : "Already watched"}</summary>
          <ul className="mt-1 max-h-40 overflow-auto font-mono text-xs">
            {existing.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {invalid.length ? (
        <div>
          <p className="font-medium text-rose-800 dark:text-rose-300">Not added:</p>
          <ul className="mt-1 space-y-0.5 text-xs">
            {invalid.map((i) => (
              <li key={i.reference}>
                <span className="font-mono">{i.reference || "(empty line)"}</span>: {i.error.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {/* A new batch gets a fresh "Scan now", not the previous batch's progress. */}
      <ScanNow key={created.map((r) => r.id).join(",")} repositories={created} />
    </div>
  );
}
