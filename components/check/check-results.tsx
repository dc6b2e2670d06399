"use client";

import { useState } from "react";
import { BulkResult } from "@/components/repositories/bulk-result";
import { useBulkAddMutation } from "@/components/repositories/use-repositories";
import { buttonClass } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/section";
import type { BulkAddResponse } from "@/lib/api-types";
import type { DocumentCheck, WorkloadVerdict } from "@/lib/workloads/check";

const STATUS_STYLE = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950/40 dark:text-emerald-300",
  missing: "bg-rose-50 text-rose-800 ring-rose-600/20 dark:bg-rose-950/40 dark:text-rose-300",
  error: "bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-950/40 dark:text-amber-300",
} as const;

/** "linux/arm64" -> "arm64"; other systems keep their os. */
const nodeOf = (key: string) => (key.startsWith("linux/") ? key.slice(6) : key);

function andList(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The one-line verdict of a workload, in the words of `exec format error`. */
export function workloadVerdict(w: WorkloadVerdict): string {
  if (w.status === "error") return "Could not be checked";
  if (w.status === "ok") return "Runs on every target platform";
  const missing = [...new Set(w.containers.flatMap((c) => c.missing))];
  const linux = missing.filter((k) => k.startsWith("linux/")).map(nodeOf);
  const other = missing.filter((k) => !k.startsWith("linux/"));
  return [linux.length ? `Will fail with exec format error on ${andList(linux)} nodes` : "", other.length ? `cannot run on ${andList(other)} nodes` : ""].filter(Boolean).join("; ");
}

function workloadTitle(w: WorkloadVerdict): string {
  const name = w.source === "compose" ? `service ${w.name}` : `${w.kind.toLowerCase()}/${w.name}`;
  return w.namespace ? `${name} (namespace ${w.namespace})` : name;
}

function Workload({ w }: { w: WorkloadVerdict }) {
  const title = workloadTitle(w);
  return (
    <li aria-label={title} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold">{title}{w.line ? <span className="ml-2 font-sans text-xs font-normal text-slate-500 dark:text-slate-400">line {w.line}</span> : null}</h3>
        <p className={`rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[w.status]}`}>{workloadVerdict(w)}</p>
      </div>
      <ul className="mt-2 space-y-1.5 text-sm" aria-label={`Containers of ${title}`}>
        {w.containers.map((c) => (
          <li key={`${c.containerType}/${c.container}`} className="grid gap-0.5">
            <span>
              <span className="font-medium">{c.container}</span>
              {c.containerType !== "container" ? <span className="text-slate-500 dark:text-slate-400"> ({c.containerType === "initContainer" ? "init container" : "ephemeral container"})</span> : null}
              <span className="ml-2 break-all font-mono text-xs text-slate-600 dark:text-slate-400">{c.image}</span>
            </span>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {c.status === "error" ? c.error?.message ?? c.message : `has ${c.present.length ? c.present.join(", ") : "no platform"}${c.missing.length ? `; lacks ${c.missing.join(", ")}` : ""}`}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function CheckResults({ result }: { result: DocumentCheck }) {
  const bulk = useBulkAddMutation();
  const [added, setAdded] = useState<BulkAddResponse | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const { summary } = result;
  const references = result.images.map((i) => i.reference);

  async function watchAll() {
    setError(null);
    try {
      setAdded(await bulk.mutateAsync({ references }));
    } catch (e) {
      setError(e as Error);
    }
  }

  return (
    <section aria-labelledby="check-results-title" className="space-y-4">
      {/* An h2 between the page's h1 and each workload's h3: headings only ever go one level down. */}
      <h2 id="check-results-title" className="text-lg font-semibold">Check results</h2>
      <p role="status" className="text-sm">
        <span className="font-medium">{result.ok ? "Every container runs on " : "Not every container runs on "}{andList(result.platforms)}.</span>{" "}
        {summary.workloads} {summary.workloads === 1 ? "workload" : "workloads"}, {summary.containers} {summary.containers === 1 ? "container" : "containers"}: {summary.ok} ok, {summary.missing} missing a platform, {summary.error} could not be checked.
      </p>
      <ul className="space-y-3" aria-label="Workloads">
        {result.workloads.map((w) => (
          <Workload key={`${w.source}/${w.kind}/${w.namespace ?? ""}/${w.name}`} w={w} />
        ))}
      </ul>
      <div className="space-y-3 border-t border-slate-100 pt-4 dark:border-slate-800">
        <p className="text-sm text-slate-600 dark:text-slate-400">Watch these images to follow their coverage in the grid and be told when they change.</p>
        <button type="button" className={buttonClass("primary")} disabled={references.length === 0 || bulk.isPending} onClick={watchAll}>
          {bulk.isPending ? "Adding…" : `Watch all ${references.length} ${references.length === 1 ? "image" : "images"}`}
        </button>
        {error ? <ErrorNote error={error} /> : null}
        {added ? <BulkResult result={added} /> : null}
      </div>
    </section>
  );
}
