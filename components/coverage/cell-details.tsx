"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { ApiCell, ApiRepositoryRow } from "@/lib/api-types";
import { parseColumn, satisfies } from "@/lib/coverage/columns";
import { errorsOnce } from "@/lib/coverage/vocabulary";
import { blockedMessage } from "@/lib/coverage/base-lineage";
import { buttonClass } from "@/components/ui/button";
import { platformString, relativeTime, shortDigest, windowsVersionLabel } from "@/components/ui/format";
import { CELL_STATES, StateBadge } from "./cell-state";

export interface OpenCell {
  row: ApiRepositoryRow;
  column: string;
  cell: ApiCell;
}

/**
 * The side panel behind a grid cell. A native modal <dialog>: focus moves in, Escape closes it,
 * and the browser returns focus to the cell that opened it.
 */
export function CellDetails({ open, onClose }: { open: OpenCell | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby="cell-details-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-full max-w-md border-l border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/30 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      {open ? <Body {...open} onClose={() => ref.current?.close()} /> : null}
    </dialog>
  );
}

function Body({ row, column, cell, onClose }: OpenCell & { onClose: () => void }) {
  const col = parseColumn(column);
  const meta = CELL_STATES[cell.state];
  // Each error once: the repository's failure on top; notes and tag lines refer back to it.
  const errors = errorsOnce(row, cell.notes);
  return (
    <div className="flex h-full flex-col">
      <div className="flex items-start justify-between gap-3 border-b border-slate-200 px-5 py-4 dark:border-slate-800">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{column}</p>
          <h2 id="cell-details-title" className="mt-0.5 [overflow-wrap:anywhere] text-base font-semibold">
            {column} in {row.reference}
          </h2>
        </div>
        <button type="button" onClick={onClose} className={buttonClass("ghost", "sm")} aria-label="Close details" autoFocus>
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round"><path d="M4 4l8 8M12 4l-8 8" /></svg>
        </button>
      </div>
      <div className="flex-1 space-y-5 overflow-y-auto px-5 py-4 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <StateBadge state={cell.state}>{meta.label}</StateBadge>
          <span className="text-slate-600 dark:text-slate-400">{meta.description}</span>
        </div>

        {errors.banner ? (
          <div role="note" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-rose-900 dark:border-rose-900 dark:bg-rose-950/40 dark:text-rose-200">
            <p className="font-medium">The last scan of this repository failed</p>
            <p className="mt-1">{errors.banner}</p>
          </div>
        ) : null}

        {cell.variants.length ? (
          <Field label="Variants">
            <span className="font-mono">{cell.variants.join(", ")}</span>
          </Field>
        ) : null}
        {cell.osVersions.length ? (
          <Field label="Windows versions">
            <ul>
              {cell.osVersions.map((v) => (
                <li key={v}>{windowsVersionLabel(v)}</li>
              ))}
            </ul>
          </Field>
        ) : null}
        {errors.notes.length ? (
          <Field label="Notes">
            <ul className="list-disc space-y-1 pl-4">
              {errors.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </Field>
        ) : null}
        {cell.siblings?.length ? (
          <Field label="Available as a separate image">
            <ul className="space-y-1">
              {cell.siblings.map((s) => (
                <li key={s.reference} className="[overflow-wrap:anywhere] font-mono text-xs">
                  {s.reference} <span className="text-slate-500 dark:text-slate-400">{shortDigest(s.digest)}</span>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              Users must pull a different name on {column}. Publishing one manifest list fixes that.
            </p>
          </Field>
        ) : null}

        <Field label="Per tag">
          {row.tags.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">No tag has been scanned yet.</p>
          ) : (
            <table className="w-full text-xs">
              <caption className="sr-only">{column} per tag</caption>
              <thead>
                <tr className="text-left text-slate-500 dark:text-slate-400">
                  <th scope="col" className="pb-1 font-medium">Tag</th>
                  <th scope="col" className="pb-1 font-medium">Platforms for {column}</th>
                </tr>
              </thead>
              <tbody>
                {row.tags.map((t) => {
                  const matches = t.platforms.filter((p) => satisfies(col, p));
                  const tagError = errors.tagError(t);
                  return (
                    <tr key={t.tag} className="border-t border-slate-100 align-top dark:border-slate-800">
                      <th scope="row" className="py-1.5 pr-2 text-left font-mono font-normal">{t.tag}</th>
                      <td className="py-1.5">
                        {tagError && !t.digest ? (
                          <span className="text-slate-600 dark:text-slate-400">{CELL_STATES.unknown.short}: {tagError}</span>
                        ) : matches.length === 0 ? (
                          <span className="text-rose-700 dark:text-rose-400">missing</span>
                        ) : (
                          <ul>
                            {matches.map((p) => (
                              <li key={`${platformString(p)}${p.osVersion ?? ""}${p.digest ?? ""}`} className="font-mono">
                                {platformString(p)}
                                {p.osVersion ? ` ${windowsVersionLabel(p.osVersion)}` : ""}
                                {p.raw ? (
                                  <span className="ml-1 text-slate-500 dark:text-slate-400">
                                    (written as {platformString(p.raw)})
                                  </span>
                                ) : null}
                                {p.configMismatch ? (
                                  <span className="block font-sans text-rose-700 dark:text-rose-300">
                                    mismatch: index says {platformString(p)}, the image inside is {platformString(p.configMismatch)}; it cannot run on {column}
                                  </span>
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        )}
                        {tagError && t.digest ? <p className="mt-0.5 text-slate-600 dark:text-slate-400">Last rescan failed: {tagError}</p> : null}
                        {t.base?.blocked.includes(column) ? <p className="mt-0.5 text-amber-900 dark:text-amber-200">{blockedMessage(t.base.name ?? "its base image", column)}</p> : null}
                        {t.skipped ? (
                          <p className="mt-0.5 text-slate-500 dark:text-slate-400">
                            {t.skipped} index {t.skipped === 1 ? "entry" : "entries"} skipped: not images (signatures, attestations, artifacts)
                          </p>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Field>
        <p className="text-xs text-slate-500 dark:text-slate-400">Last scanned {relativeTime(row.lastScannedAt)}.</p>
      </div>
      <div className="border-t border-slate-200 px-5 py-3 dark:border-slate-800">
        <Link href={`/repositories/${row.id}`} className={buttonClass("primary")}>
          Open repository and fixes
        </Link>
      </div>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</h3>
      {children}
    </div>
  );
}
