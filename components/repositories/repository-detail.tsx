"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ApiRepository, TagPolicy } from "@/lib/api-types";
import { ApiError } from "@/lib/api-client";
import { CELL_STATES, StateBadge } from "@/components/coverage/cell-state";
import { repositoryVerdict } from "@/lib/coverage/vocabulary";
import { cellDetail } from "@/components/coverage/grid-cell";
import { TagPlatforms } from "@/components/coverage/tags-table";
import { isActive, useInvalidateScanResults, useScanQuery, useStartScanMutation } from "@/components/scans/use-scans";
import { buttonClass, cardClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { absoluteTime, relativeTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ErrorNote, Section } from "@/components/ui/section";
import { PageSkeleton } from "@/components/ui/skeleton";
import { BadgeSnippet } from "@/components/badges/badge-snippet";
import { WaiversPanel } from "@/components/waivers/waivers-panel";
import { HistoryTimeline } from "./history-timeline";
import { MissingTagPicker } from "./missing-tag-picker";
import { PolicyEditor } from "./policy-editor";
import { RemediationPanel } from "./remediation-panel";
import { LineagePanel, hasLineage } from "./lineage-panel";
import { useDeleteRepositoryMutation, useRepositoryQuery } from "./use-repositories";

function describePolicy(p: TagPolicy): string {
  if (p.kind === "tags") return `tags ${p.tags.join(", ")}`;
  if (p.kind === "digest") return `pinned digest ${p.digest} (cannot change; read once)`;
  const inc = p.include?.length ? ` matching ${p.include.join(", ")}` : "";
  const exc = p.exclude?.length ? ` except ${p.exclude.join(", ")}` : "";
  if (p.kind === "newest") return `newest ${p.count} tags${inc}${exc}`;
  return `tags${inc}${exc}${p.max ? ` (at most ${p.max})` : ""}`;
}

export function RepositoryDetail({ id }: { id: string }) {
  const q = useRepositoryQuery(id);
  if (q.isPending) return <PageSkeleton label="Loading repository…" />;
  if (q.error) {
    if ((q.error as ApiError).status === 404) {
      return (
        <EmptyState title="Repository not found" action={{ href: "/grid", label: "Back to the grid" }}>
          It may have been deleted. Nothing is watched under this id.
        </EmptyState>
      );
    }
    return <ErrorNote error={q.error} />;
  }
  const { repository, coverage, events } = q.data;
  // The badge sums up the strip below in the strip's own words (lib/coverage's vocabulary).
  const verdict = repositoryVerdict(coverage);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
        <Link href="/grid" className="hover:underline">Grid</Link> <span aria-hidden="true">/</span> {coverage.registry}
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="[overflow-wrap:anywhere] font-mono text-2xl font-semibold tracking-tight">{repository.reference}</h1>
          <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
            <div className="flex items-center gap-1.5">
              <dt className="sr-only">Status</dt>
              <dd>
                <StateBadge state={verdict.state}>{verdict.label}</StateBadge>
              </dd>
            </div>
            <div className="flex gap-1">
              <dt>Last scan:</dt>
              <dd title={absoluteTime(repository.lastScannedAt)}>{relativeTime(repository.lastScannedAt)}</dd>
            </div>
            <div className="flex gap-1">
              <dt>Tracking:</dt>
              <dd>{describePolicy(repository.tagPolicy)}</dd>
            </div>
            {repository.verifyConfigs ? (
              <div>
                <dt className="sr-only">Config verification</dt>
                <dd>configs verified</dd>
              </div>
            ) : null}
          </dl>
        </div>
        <div className="flex items-center gap-2">
          <ScanRepositoryButton id={repository.id} />
          <DeleteRepositoryButton repository={repository} />
        </div>
      </header>

      {repository.status === "error" && repository.error ? (
        <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900 dark:border-rose-900 dark:bg-rose-950/40 dark:text-rose-200">
          <p className="font-semibold">The last scan failed</p>
          <p className="mt-1">{repository.error.message}</p>
          <p className="mt-1 text-xs opacity-80">Code: {repository.error.code}. Cells show as unknown until a scan succeeds.</p>
        </div>
      ) : null}
      <MissingTagPicker repository={repository} row={coverage} />

      <section aria-labelledby="arch-summary" className={`${cardClass} p-4`}>
        <h2 id="arch-summary" className="sr-only">Architectures</h2>
        <ul className="flex flex-wrap gap-2">
          {Object.entries(coverage.cells).map(([col, cell]) => {
            const detail = cellDetail(cell);
            return (
              <li key={col} aria-label={`${col}: ${CELL_STATES[cell.state].label}`} className="flex items-center gap-2 rounded-md border border-slate-200 px-2.5 py-1.5 dark:border-slate-800">
                <span className="font-mono text-sm font-medium">{col}</span>
                <StateBadge state={cell.state}>
                  {CELL_STATES[cell.state].short}
                  {detail ? <span className="font-normal opacity-80">{detail}</span> : null}
                </StateBadge>
              </li>
            );
          })}
        </ul>
        {Object.values(coverage.cells).some((c) => c.notes.length) ? (
          <ul className="mt-3 space-y-0.5 text-xs text-slate-600 dark:text-slate-400">
            {Object.entries(coverage.cells).flatMap(([col, c]) =>
              c.notes.map((n) => (
                <li key={`${col}${n}`}>
                  <span className="font-mono font-medium">{col}</span>: {n}
                </li>
              )),
            )}
          </ul>
        ) : null}
      </section>

      <PolicyEditor repository={repository} describe={describePolicy} />

      <div className="grid gap-6 xl:grid-cols-5">
        <div className="space-y-4 xl:col-span-3">
          <h2 className="text-lg font-semibold">Tags</h2>
          {coverage.tags.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {repository.status === "pending" ? "No tags yet: scan this repository to read its tags." : "No tracked tags were found."}
            </p>
          ) : (
            coverage.tags.map((t) => <TagPlatforms key={t.tag} reference={repositoryName(repository.reference)} tag={t} repository={coverage} />)
          )}
        </div>
        <div className="space-y-4 xl:col-span-2">
          {hasLineage(coverage) ? (
            <Section title="Base image and upgrades" titleId="lineage">
              <LineagePanel row={coverage} />
            </Section>
          ) : null}
          <Section title="What to do" titleId="what-to-do">
            <RemediationPanel row={coverage} />
          </Section>
          <Section title="History" titleId="history">
            <HistoryTimeline events={events} />
          </Section>
          <WaiversPanel repositoryId={repository.id} cells={coverage.cells} />
          <BadgeSnippet id={repository.id} reference={repository.reference} />
        </div>
      </div>
    </div>
  );
}

function repositoryName(reference: string): string {
  const at = reference.indexOf("@");
  let s = at >= 0 ? reference.slice(0, at) : reference;
  const colon = s.lastIndexOf(":");
  if (colon > s.lastIndexOf("/")) s = s.slice(0, colon);
  return s;
}

function ScanRepositoryButton({ id }: { id: string }) {
  const start = useStartScanMutation();
  const scanId = start.data?.scan.id;
  const scan = useScanQuery(scanId);
  const invalidate = useInvalidateScanResults();
  const current = scan.data?.scan ?? start.data?.scan;
  const running = isActive(current);
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) invalidate();
    wasRunning.current = running;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running]);

  return (
    <div className="flex items-center gap-2">
      {running && current ? (
        <ProgressBar label="Repository scan progress" value={current.done} max={Math.max(current.total, 1)} className="w-24" />
      ) : null}
      {start.error ? <span role="alert" className="text-sm text-rose-700 dark:text-rose-400">{start.error.message}</span> : null}
      <button type="button" className={buttonClass("primary")} disabled={start.isPending || running} onClick={() => start.mutate([id])}>
        {running ? "Scanning…" : "Scan this repository"}
      </button>
    </div>
  );
}

function DeleteRepositoryButton({ repository }: { repository: ApiRepository }) {
  const del = useDeleteRepositoryMutation();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.showModal()}>
        Delete
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        aria-describedby="delete-desc"
        className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
      >
        <div className="p-5">
          <h2 id="delete-title" className="text-base font-semibold">Stop watching this repository?</h2>
          <p id="delete-desc" className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            <span className="[overflow-wrap:anywhere] font-mono">{repository.reference}</span> and its scan history will be removed from archgrid. The image itself is not touched.
          </p>
          {error ? <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-400">{error}</p> : null}
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3 dark:border-slate-800">
          <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass("danger")}
            disabled={del.isPending}
            onClick={async () => {
              try {
                await del.mutateAsync(repository.id);
                dialog.current?.close();
                router.push("/grid");
              } catch (e) {
                setError((e as Error).message);
              }
            }}
          >
            {del.isPending ? "Deleting…" : "Delete repository"}
          </button>
        </div>
      </dialog>
    </>
  );
}
