"use client";

import { useState } from "react";
import type { BulkAddResponse } from "@/lib/api-types";
import { readHostInput } from "@/lib/watch/host-input";
import { BulkResult } from "./bulk-result";
import { FormError, RadioGroup, SubmitButton, TextField } from "./form-controls";
import { DEFAULT_TAG_POLICY, tagPolicyErrors, tagPolicyInput, type TagPolicyErrors, type TagPolicyState } from "./tag-policy";
import { TagPolicyFields } from "./tag-policy-fields";
import { useImportNamespaceMutation } from "./use-repositories";

const SOURCES = [
  ["catalog", "Registry catalog (/v2/_catalog)"],
  ["dockerhub", "Docker Hub namespace"],
  ["quay", "Quay organization"],
] as const;
type Source = (typeof SOURCES)[number][0];

const NAMESPACE_LABEL: Record<Source, string> = {
  catalog: "Namespace (optional)",
  dockerhub: "Docker Hub user or organization",
  quay: "Quay organization",
};

/** Under the host field: what will be used, read the same way the server reads it. */
function hostHint(value: string): string {
  if (!value.trim()) return "Must allow listing its catalog. host:port, or the URL you see in a browser.";
  const read = readHostInput(value);
  if ("problem" in read) return "Must allow listing its catalog.";
  return read.note ? `Will read ${read.host}: ${read.note}.` : `Will read ${read.host}.`;
}

export function ImportNamespaceForm() {
  const imp = useImportNamespaceMutation();
  const [source, setSource] = useState<Source>("catalog");
  const [registry, setRegistry] = useState("");
  const [namespace, setNamespace] = useState("");
  const [prefix, setPrefix] = useState("");
  const [policy, setPolicy] = useState<TagPolicyState>(DEFAULT_TAG_POLICY);
  const [errors, setErrors] = useState<TagPolicyErrors & { registry?: string; namespace?: string; form?: string }>({});
  const [result, setResult] = useState<BulkAddResponse | null>(null);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    setResult(null); // a new submit never shows the previous import's panel under its own error
    const e: typeof errors = { ...tagPolicyErrors(policy) };
    if (source === "catalog") {
      const read = readHostInput(registry);
      if ("problem" in read) e.registry = read.problem[0].toUpperCase() + read.problem.slice(1);
    }
    if (source !== "catalog" && !namespace.trim()) e.namespace = source === "dockerhub" ? "Enter a Docker Hub user or organization" : "Enter a Quay organization";
    setErrors(e);
    if (Object.keys(e).length) return;
    try {
      setResult(
        await imp.mutateAsync({
          source,
          registry: source === "catalog" ? registry.trim() : undefined,
          namespace: namespace.trim() || undefined,
          prefix: prefix.trim() || undefined,
          ...tagPolicyInput(policy),
        }),
      );
    } catch (err) {
      setErrors({ form: (err as Error).message });
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Import a whole namespace">
      <RadioGroup legend="Source" name="source" options={SOURCES} value={source} onChange={setSource} />
      <div className="grid gap-4 sm:grid-cols-2">
        {source === "catalog" ? (
          <TextField id="ns-registry" label="Registry host" value={registry} onChange={setRegistry} error={errors.registry} hint={hostHint(registry)} placeholder="registry.example.com:5000" />
        ) : null}
        <TextField id="ns-namespace" label={NAMESPACE_LABEL[source]} value={namespace} onChange={setNamespace} error={errors.namespace} placeholder={source === "dockerhub" ? "bitnami" : "acme"} />
        <TextField id="ns-prefix" label="Name prefix (optional)" value={prefix} onChange={setPrefix} hint="Only repositories whose name starts with this." />
      </div>
      <TagPolicyFields value={policy} onChange={(patch) => setPolicy((p) => ({ ...p, ...patch }))} errors={errors} />
      <FormError message={errors.form} />
      <SubmitButton pending={imp.isPending} pendingLabel="Importing…">Import namespace</SubmitButton>
      {result ? <BulkResult result={result} /> : null}
    </form>
  );
}
