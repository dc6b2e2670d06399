"use client";

import { useState } from "react";
import { watchlistUrl } from "@/lib/api-client";
import type { BulkAddResponse } from "@/lib/api-types";
import { buttonClass } from "@/components/ui/button";
import { BulkResult } from "./bulk-result";
import { SubmitButton, TextAreaField } from "./form-controls";
import { useImportWatchlistMutation } from "./use-repositories";

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
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkAddResponse | null>(null);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    if (!text.trim()) {
      setError("Choose a watch list file or paste its contents");
      return;
    }
    setError(null);
    const isJson = text.trimStart().startsWith("{") || text.trimStart().startsWith("[");
    try {
      setResult(await imp.mutateAsync({ text, contentType: isJson ? "application/json" : "application/yaml" }));
    } catch (err) {
      setError((err as Error).message);
    }
  }

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
      <SubmitButton pending={imp.isPending} pendingLabel="Importing…">Import watch list</SubmitButton>
      {result ? <BulkResult result={result} /> : null}
    </form>
  );
}
