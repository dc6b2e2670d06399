"use client";
// What a watch-list import did, repository by repository: created, updated in place, unchanged,
// removed (prune only), and lines it could not take.
import Link from "next/link";
import type { WatchlistImportResponse } from "@/lib/api-types";
import { ScanNow } from "./scan-now";

function Group({ label, items }: { label: string; items: React.ReactNode[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className="font-medium">{label} ({items.length})</p>
      <ul aria-label={label} className="mt-1 max-h-40 space-y-0.5 overflow-auto font-mono text-xs">
        {items}
      </ul>
    </div>
  );
}

export function WatchlistResult({ result }: { result: WatchlistImportResponse }) {
  const { created, updated, unchanged, removed, invalid } = result;
  const parts = [`${created.length} created`, `${updated.length} updated`, `${unchanged.length} unchanged`, `${removed.length} removed`];
  if (invalid.length) parts.push(`${invalid.length} not imported`);
  return (
    <div role="status" aria-label="Import result" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm dark:border-slate-800 dark:bg-slate-950/50">
      <p className="font-medium">Imported: {parts.join(", ")}.</p>
      <Group
        label="Created"
        items={created.map((r) => (
          <li key={r.id}>
            <Link href={`/repositories/${r.id}`} className="hover:underline">{r.reference}</Link>
          </li>
        ))}
      />
      <Group label="Updated (new tag policy or config verification; history kept)" items={updated.map((r) => <li key={r}>{r}</li>)} />
      <Group label="Unchanged" items={unchanged.map((r) => <li key={r}>{r}</li>)} />
      <Group label="Removed (absent from the file)" items={removed.map((r) => <li key={r}>{r}</li>)} />
      <Group
        label="Not imported"
        items={invalid.map((i) => (
          <li key={i.reference} className="font-sans">
            <span className="font-mono">{i.reference || "(empty line)"}</span>: {i.error.message}
          </li>
        ))}
      />
      <ScanNow key={created.map((r) => r.id).join(",")} repositories={created} />
    </div>
  );
}
