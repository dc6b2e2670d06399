"use client";

import { useState } from "react";
import type { ApiError } from "@/lib/api-client";
import type { ApiRepository } from "@/lib/api-types";
import { AddedResult } from "./added-result";
import { CheckProblem, type Problem } from "./check-problem";
import { FormError, SubmitButton, TextField } from "./form-controls";
import { referenceProblem, typedTarget } from "./reference-schema";
import { DEFAULT_TAG_POLICY, tagPolicyErrors, tagPolicyInput, type TagPolicyErrors, type TagPolicyState } from "./tag-policy";
import { TagPolicyFields } from "./tag-policy-fields";
import { useAddRepositoryMutation } from "./use-repositories";

type Errors = TagPolicyErrors & { reference?: string; form?: string };

export function AddOneForm() {
  const add = useAddRepositoryMutation();
  const [reference, setReference] = useState("");
  const [policy, setPolicy] = useState<TagPolicyState>(DEFAULT_TAG_POLICY);
  const [verify, setVerify] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [added, setAdded] = useState<ApiRepository | null>(null);
  const [touched, setTouched] = useState(false);
  // What the registry said about the last submit (not found, missing tag, unreachable), with choices.
  const [problem, setProblem] = useState<Problem | null>(null);

  // Once the user has tried to submit (or an error shows), the reference is re-checked as they type.
  const recheckReference = (value: string) => setErrors((x) => ({ ...x, reference: referenceProblem(value) ?? undefined }));

  // A tag or digest typed in the reference is what gets tracked; the policy fields step aside.
  const typed = typedTarget(reference);

  async function submit(ev: React.FormEvent, opts: { check?: boolean; reference?: string } = {}) {
    ev.preventDefault();
    // Each submit starts clean: no "Added" panel or registry answer from the previous one stays under a new error.
    setAdded(null);
    setProblem(null);
    setTouched(true);
    const ref = opts.reference ?? reference;
    const typedNow = typedTarget(ref);
    const e: Errors = typedNow ? {} : { ...tagPolicyErrors(policy) };
    const refProblem = referenceProblem(ref);
    if (refProblem) e.reference = refProblem;
    setErrors(e);
    if (Object.keys(e).length) return;
    try {
      const res = await add.mutateAsync({ reference: ref.trim(), ...(typedNow ? {} : tagPolicyInput(policy)), verifyConfigs: verify, check: opts.check ?? true });
      setAdded(res.repository);
      setReference("");
      setTouched(false);
    } catch (err) {
      const apiErr = err as ApiError;
      if (apiErr.details?.addAnyway) setProblem({ code: apiErr.code, message: apiErr.message, suggestions: apiErr.details.suggestions ?? [], tags: apiErr.details.tags ?? [], reference: ref.trim() });
      else if (apiErr.code === "invalid-reference" || apiErr.code === "already-watched") setErrors({ reference: apiErr.message });
      else if (apiErr.code === "invalid-request" && /tag/i.test(apiErr.message)) setErrors({ tags: apiErr.message });
      else setErrors({ form: apiErr.message });
    }
  }

  /** A choice from the registry's answer: a suggested name or tag goes into the field and is submitted. */
  function retry(ev: React.MouseEvent, next: { reference?: string; check?: boolean }) {
    if (next.reference) setReference(next.reference);
    void submit(ev as unknown as React.FormEvent, next);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Add one repository">
      <TextField
        id="reference"
        label="Image reference"
        value={reference}
        error={errors.reference}
        placeholder="ghcr.io/acme/api"
        hint={<>Registry host optional: <code>nginx</code> means <code>docker.io/library/nginx</code>. Include a tag to track just that tag.</>}
        onChange={(value) => {
          setReference(value);
          if (touched || errors.reference) recheckReference(value);
        }}
        onBlur={() => reference && recheckReference(reference)}
      />

      {typed ? (
        <p role="status" className="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-100">
          {typed.kind === "digest" ? (
            <>Tracks the pinned digest <code className="break-all">{typed.value}</code> only: it cannot change, so it is read once.</>
          ) : (
            <>Tracks the tag <code>{typed.value}</code> only, as typed.</>
          )}{" "}
          The tag choices are not used; remove <code>{typed.kind === "digest" ? "@…" : `:${typed.value}`}</code> from the reference to choose tags instead.
        </p>
      ) : (
        <TagPolicyFields value={policy} onChange={(patch) => setPolicy((p) => ({ ...p, ...patch }))} errors={errors} />
      )}

      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} className="mt-0.5 size-4 accent-indigo-600" />
        <span>
          Verify image configs
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            One extra request per platform; catches indexes whose platform disagrees with the image inside.
          </span>
        </span>
      </label>

      <FormError message={errors.form} />
      {problem ? (
        <CheckProblem
          problem={problem}
          pending={add.isPending}
          onUseReference={(r, ev) => retry(ev, { reference: r })}
          onAddAnyway={(ev) => retry(ev, { reference: problem.reference, check: false })}
        />
      ) : null}
      <SubmitButton pending={add.isPending} pendingLabel="Checking the registry…">Add repository</SubmitButton>
      {added ? <AddedResult key={added.id} repository={added} /> : null}
    </form>
  );
}
