"use client";

import { useState } from "react";
import { TextAreaField, SubmitButton, FormError } from "@/components/repositories/form-controls";
import { useHydrated } from "@/components/ui/use-hydrated";
import { MAX_DOCUMENT_CHARS, type CheckRequest } from "@/lib/validations/check";
import { parseEnvLines } from "./env-lines";

/** Platforms offered as targets; amd64 and arm64 are what most clusters mix. */
export const PLATFORM_CHOICES = ["linux/amd64", "linux/arm64", "linux/arm", "linux/ppc64le", "linux/s390x", "linux/riscv64", "linux/386", "windows/amd64"] as const;
const DEFAULT_TARGETS = ["linux/amd64", "linux/arm64"];

const EXAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - { name: web, image: "nginx:1.27" }`;

export function CheckForm({ pending, serverError, onCheck }: { pending: boolean; serverError: string | null; onCheck: (input: CheckRequest) => void }) {
  const hydrated = useHydrated();
  const [documents, setDocuments] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [targets, setTargets] = useState<string[]>(DEFAULT_TARGETS);
  const [vars, setVars] = useState("");
  const [errors, setErrors] = useState<{ documents?: string; platforms?: string; vars?: string }>({});

  async function upload(ev: React.ChangeEvent<HTMLInputElement>) {
    const file = ev.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_DOCUMENT_CHARS) {
      setErrors({ documents: `${file.name} is larger than ${MAX_DOCUMENT_CHARS / 1024} KiB; check it with \`archgrid check --file\`` });
      return;
    }
    setDocuments(await file.text());
    setFileName(file.name);
    setErrors({});
  }

  function toggle(p: string, on: boolean) {
    setTargets((t) => (on ? PLATFORM_CHOICES.filter((c) => c === p || t.includes(c)) : t.filter((c) => c !== p)));
  }

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const env = parseEnvLines(vars);
    const next = {
      documents: documents.trim() ? (documents.length > MAX_DOCUMENT_CHARS ? `This is longer than ${MAX_DOCUMENT_CHARS / 1024} KiB; check it in parts` : undefined) : "Paste a docker-compose file or Kubernetes YAML, or choose a file",
      platforms: targets.length ? undefined : "Pick at least one target platform",
      vars: env.problem,
    };
    setErrors(next);
    if (next.documents || next.platforms || next.vars) return;
    onCheck({ documents, platforms: targets, ...(Object.keys(env.env).length ? { env: env.env } : {}) });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Check a deployment" className="space-y-4">
      <TextAreaField
        id="documents"
        label="Compose file or Kubernetes YAML"
        value={documents}
        onChange={(v) => {
          setDocuments(v);
          setFileName(null);
        }}
        error={errors.documents}
        hint={fileName ? `From ${fileName}. Multi-document YAML, kubectl get -o json and helm template output work too.` : "Multi-document YAML, kubectl get -o json and helm template output work too."}
        placeholder={EXAMPLE}
      />
      <div>
        <label htmlFor="documents-file" className="mb-1 block text-sm font-medium">Or upload a file</label>
        <input id="documents-file" type="file" accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml" onChange={upload} disabled={!hydrated} className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100" />
      </div>
      <fieldset aria-describedby={errors.platforms ? "platforms-error" : undefined}>
        <legend className="mb-1 text-sm font-medium">Target platforms (the nodes it must run on)</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {PLATFORM_CHOICES.map((p) => (
            <label key={p} className="inline-flex items-center gap-1.5 font-mono">
              <input type="checkbox" checked={targets.includes(p)} onChange={(e) => toggle(p, e.target.checked)} disabled={!hydrated} className="accent-indigo-600" />
              {p}
            </label>
          ))}
        </div>
        {errors.platforms ? <p id="platforms-error" role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-400">{errors.platforms}</p> : null}
      </fieldset>
      <details className="text-sm">
        <summary className="w-fit cursor-pointer text-slate-700 dark:text-slate-300">Variables for compose&apos;s {"${VAR}"}</summary>
        <div className="mt-2">
          <TextAreaField id="vars" label="Variables, KEY=value per line (what your .env holds)" value={vars} onChange={setVars} error={errors.vars} small placeholder={"NGINX_VERSION=1.27\nREGISTRY=ghcr.io/acme"} />
        </div>
      </details>
      <SubmitButton pending={pending} pendingLabel="Checking…">Check</SubmitButton>
      <FormError message={serverError} />
    </form>
  );
}
