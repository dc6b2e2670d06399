"use client";
// "What to track", editable in place on the repository page: the tag policy and config
// verification, with a live preview of the tags the policy selects now. Saving PATCHes the same
// repository (same id, history kept); the next scan picks the tags.
import { useMemo, useState } from "react";
import type { ApiRepository } from "@/lib/api-types";
import { buttonClass, cardClass } from "@/components/ui/button";
import { FormError } from "./form-controls";
import { policyFromState, stateFromPolicy, tagPolicyErrors, type TagPolicyState } from "./tag-policy";
import { TagPolicyFields } from "./tag-policy-fields";
import { usePolicyPreview, useSettled, useUpdateRepositoryMutation } from "./use-watch-edits";

export function PolicyEditor({ repository, describe }: { repository: ApiRepository; describe: (p: ApiRepository["tagPolicy"]) => string }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section aria-labelledby="tracking-title" className={`${cardClass} space-y-3 p-4`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="tracking-title" className="text-base font-semibold">What is tracked</h2>
        {editing ? null : (
          <button type="button" className={buttonClass("secondary", "sm")} onClick={() => { setSaved(null); setEditing(true); }}>
            Edit tracking
          </button>
        )}
      </div>
      {editing ? (
        <EditForm
          repository={repository}
          onDone={(message) => {
            setSaved(message);
            setEditing(false);
          }}
        />
      ) : (
        <>
          <p className="text-sm">
            {describe(repository.tagPolicy)}; image configs {repository.verifyConfigs ? "verified" : "not verified"}.
          </p>
          {saved ? <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">{saved}</p> : null}
        </>
      )}
    </section>
  );
}

function EditForm({ repository, onDone }: { repository: ApiRepository; onDone: (message: string | null) => void }) {
  const update = useUpdateRepositoryMutation(repository.id);
  const [state, setState] = useState<TagPolicyState>(() => stateFromPolicy(repository.tagPolicy));
  const [verify, setVerify] = useState(repository.verifyConfigs);
  const [formError, setFormError] = useState<string | null>(null);
  const errors = tagPolicyErrors(state);
  const valid = Object.keys(errors).length === 0;
  const policy = useMemo(() => (valid ? policyFromState(state) : null), [valid, state]);
  const preview = usePolicyPreview(repository.id, useSettled(policy));
  const pinned = repository.tagPolicy.kind === "digest";

  async function save(ev: React.FormEvent) {
    ev.preventDefault();
    setFormError(null);
    if (!policy) return;
    try {
      await update.mutateAsync({ tagPolicy: policy, verifyConfigs: verify });
      onDone("Saved. The next scan reads the tags this policy selects; the history so far is kept.");
    } catch (e) {
      setFormError((e as Error).message);
    }
  }

  return (
    <form onSubmit={save} noValidate aria-label="Edit what is tracked" className="space-y-4">
      {pinned ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Pinned to <code className="break-all">{repository.tagPolicy.kind === "digest" ? repository.tagPolicy.digest : ""}</code>. Saving a policy below replaces the pin.
        </p>
      ) : null}
      <TagPolicyFields value={state} onChange={(patch) => setState((s) => ({ ...s, ...patch }))} errors={errors} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} className="mt-0.5 size-4 accent-indigo-600" />
        <span>
          Verify image configs
          <span className="block text-xs text-slate-600 dark:text-slate-400">One extra request per platform; catches indexes whose platform disagrees with the image inside.</span>
        </span>
      </label>
      <PolicyPreviewNote policy={policy} preview={preview} />
      <FormError message={formError} />
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")} disabled={update.isPending || !valid}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PolicyPreviewNote({ policy, preview }: { policy: unknown; preview: ReturnType<typeof usePolicyPreview> }) {
  let text: React.ReactNode;
  if (!policy) text = "Fix the fields above to see which tags this selects.";
  else if (preview.error) text = <span className="text-rose-800 dark:text-rose-300">Could not preview: {preview.error.message}</span>;
  else if (!preview.data) text = "Reading the registry's tags…";
  else {
    const { tags, availableCount } = preview.data;
    const of = availableCount === null ? "" : ` of ${availableCount} on the registry`;
    text =
      tags.length === 0 ? (
        <>Selects no tag now{of}: the next scan would fail with &ldquo;no tag matches&rdquo;.</>
      ) : (
        <>
          Selects {tags.length} {tags.length === 1 ? "tag" : "tags"} now{of}:{" "}
          <span className="font-mono">{tags.join(", ")}</span>
          {availableCount === null ? " (named tags are not looked up until the scan)" : null}
        </>
      );
  }
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-950/50">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">Preview</p>
      <p role="status" aria-live="polite" aria-label="Tags this policy selects" aria-busy={preview.isFetching}>
        {text}
      </p>
    </div>
  );
}
