"use client";

import { useEffect, useRef, useState } from "react";
import { api, watchlistUrl } from "@/lib/api-client";
import type { WatchlistImportResponse } from "@/lib/api-types";
import { buttonClass } from "@/components/ui/button";
import { SubmitButton, TextAreaField } from "./form-controls";
import { useImportWatchlistMutation } from "./use-repositories";
import { absentFromFile } from "./watchlist-prune";
import { WatchlistResult } from "./watchlist-result";

const FILE_INPUT_CLASS =
  "block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100";

export function WatchlistFile() {
  return (
    <div className="space-y-6">
      <section aria-labelledby="export-wl">
        <h2 id="export-wl" className="text-sm font-semibold">Export</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The watch list holds every repository and its tag policy. Keep it in git and re-import it anywhere; importing is idempotent.
        </p>
        <div className="mt-3 flex gap-2">
          <a href={watchlistUrl("yaml")} download className={buttonClass("secondary", "sm")}>Download watch list (YAML)</a>
          <a href={watchlistUrl("json")} download className={buttonClass("secondary", "sm")}>Download watch list (JSON)</a>
        </div>
      </section>
      <ImportWatchlistForm />
    </div>
  );
}

function ImportWatchlistForm() {
  const imp = useImportWatchlistMutation();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [prune, setPrune] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<WatchlistImportResponse | null>(null);
  // Set while the prune confirmation is open: what would be removed (null: the file could not be read here to count).
  const [confirming, setConfirming] = useState<{ absent: string[] | null } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (confirming) dialog.current?.showModal();
    else dialog.current?.close();
  }, [confirming]);

  async function send(withPrune: boolean) {
    setConfirming(null);
    const isJson = text.trimStart().startsWith("{") || text.trimStart().startsWith("[");
    try {
      setResult(await imp.mutateAsync({ text, contentType: isJson ? "application/json" : "application/yaml", prune: withPrune }));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    setResult(null); // a new submit never shows the previous import's panel under its own error
    if (!text.trim()) {
      setError("Choose a watch list file or paste its contents");
      return;
    }
    setError(null);
    if (!prune) return send(false);
    // Removing is not undone by importing again (history goes with it): say how many go, and which, first.
    try {
      const { repositories } = await api.repositories();
      const absent = absentFromFile(text, repositories.map((r) => r.reference));
      if (absent && absent.length === 0) return send(true);
      setConfirming({ absent });
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const n = confirming?.absent?.length;
  return (
    <form onSubmit={submit} noValidate className="space-y-4 border-t border-slate-100 pt-5 dark:border-slate-800" aria-labelledby="import-wl">
      <h2 id="import-wl" className="text-sm font-semibold">Import</h2>
      <div>
        <label htmlFor="wl-file" className="mb-1 block text-sm font-medium">Watch list file</label>
        <input
          id="wl-file"
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            setFileName(f.name);
            setText(await f.text());
          }}
          className={FILE_INPUT_CLASS}
        />
      </div>
      <TextAreaField
        id="wl-text"
        label={fileName ? `Contents of ${fileName}` : "Or paste its contents"}
        value={text}
        onChange={setText}
        error={error}
        placeholder={"version: 1\nrepositories:\n  - reference: ghcr.io/acme/api\n    tagPolicy: { kind: tags, tags: [latest] }"}
        small
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} className="mt-0.5 size-4 accent-indigo-600" />
        <span>
          Prune: remove repositories absent from the file
          <span className="block text-xs text-slate-600 dark:text-slate-400">
            Their scan history is deleted with them. You are asked to confirm, with the count, before anything is removed.
          </span>
        </span>
      </label>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Repositories already watched take the file&apos;s tag policy and config verification in place; their history is kept.
      </p>
      <SubmitButton pending={imp.isPending} pendingLabel="Importing…">Import watch list</SubmitButton>
      {result ? <WatchlistResult result={result} /> : null}
      <dialog
        ref={dialog}
        aria-labelledby="prune-title"
        onClose={() => setConfirming(null)}
        className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
      >
        <div className="space-y-2 p-5">
          <h2 id="prune-title" className="text-base font-semibold">
            {n === undefined ? "Remove repositories absent from the file?" : `Remove ${n} ${n === 1 ? "repository" : "repositories"} absent from the file?`}
          </h2>
          {confirming?.absent ? (
            <ul aria-label="To be removed" className="max-h-40 overflow-auto font-mono text-xs">
              {confirming.absent.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm">The file could not be read here to count them; the server checks it, and refuses it without removing anything if a line is invalid.</p>
          )}
          <p className="text-sm text-slate-600 dark:text-slate-400">Their scan history is deleted with them.</p>
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3 dark:border-slate-800">
          <button type="button" className={buttonClass("secondary")} onClick={() => setConfirming(null)} autoFocus>
            Cancel
          </button>
          <button type="button" className={buttonClass("danger")} onClick={() => void send(true)}>
            {n === undefined ? "Remove and import" : `Remove ${n} and import`}
          </button>
        </div>
      </dialog>
    </form>
  );
}
