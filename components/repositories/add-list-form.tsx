"use client";

import { useState } from "react";
import type { BulkAddResponse } from "@/lib/api-types";
import { BulkResult } from "./bulk-result";
import { SubmitButton, TextAreaField, TextField } from "./form-controls";
import { referenceProblem, splitList, tagProblem } from "./reference-schema";
import { useBulkAddMutation } from "./use-repositories";
import { splitReferenceList } from "@/lib/watch/reference-list";

/** The server splits the same way (commas, `docker pull` prefixes), so the counts agree. */
const referenceLines = splitReferenceList;

/** Counted and checked while typing, so a bad line is noticed before anything is sent. */
function listHint(lines: string[]): string {
  const problems = lines.map((l) => [l, referenceProblem(l)] as const).filter(([, p]) => p);
  if (problems.length) {
    const [first, why] = problems[0];
    return `${lines.length} references; ${problems.length} ${problems.length === 1 ? "looks" : "look"} invalid and will be reported back (first: ${first} — ${why}).`;
  }
  const base = "One per line or comma-separated; `docker pull` is stripped; lines starting with # are ignored.";
  return lines.length ? `${lines.length} references. ${base}` : base;
}

export function AddListForm() {
  const bulk = useBulkAddMutation();
  const [text, setText] = useState("");
  const [tags, setTags] = useState("latest");
  const [error, setError] = useState<string | null>(null);
  const [tagsError, setTagsError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkAddResponse | null>(null);
  const lines = referenceLines(text);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    setResult(null); // a new submit never shows the previous batch's panel under its own error
    const tagList = splitList(tags);
    const tp = tagList.map(tagProblem).find(Boolean) ?? null;
    setTagsError(tp);
    if (lines.length === 0) {
      setError("Paste at least one image reference, one per line");
      return;
    }
    if (tp) return;
    setError(null);
    try {
      setResult(await bulk.mutateAsync({ references: lines, tags: tagList.length ? tagList : undefined }));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Add a list of repositories">
      <TextAreaField
        id="references"
        label="Image references, one per line"
        value={text}
        onChange={setText}
        error={error}
        hint={listHint(lines)}
        placeholder={"ghcr.io/acme/api\nghcr.io/acme/worker:2.1\nnginx"}
      />
      <TextField id="list-tags" label="Tags" value={tags} onChange={setTags} error={tagsError} hint="Comma-separated; used for every line without its own tag or digest (a line's own tag wins). Default: latest." />
      <SubmitButton pending={bulk.isPending} pendingLabel="Adding…">Add repositories</SubmitButton>
      {result ? <BulkResult result={result} /> : null}
    </form>
  );
}
