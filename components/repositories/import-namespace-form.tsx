"use client";

import { useState } from "react";
import type { BulkAddResponse } from "@/lib/api-types";
import { BulkResult } from "./bulk-result";
import { FormError, RadioGroup, SubmitButton, TextField } from "./form-controls";
import { splitList } from "./reference-schema";
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

export function ImportNamespaceForm() {
  const imp = useImportNamespaceMutation();
  const [source, setSource] = useState<Source>("catalog");
  const [registry, setRegistry] = useState("");
  const [namespace, setNamespace] = useState("");
  const [prefix, setPrefix] = useState("");
  const [tags, setTags] = useState("latest");
  const [errors, setErrors] = useState<{ registry?: string; namespace?: string; form?: string }>({});
  const [result, setResult] = useState<BulkAddResponse | null>(null);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const e: typeof errors = {};
    if (source === "catalog" && !registry.trim()) e.registry = "Enter the registry host, e.g. registry.example.com:5000";
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
          tags: splitList(tags),
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
          <TextField id="ns-registry" label="Registry host" value={registry} onChange={setRegistry} error={errors.registry} hint="Must allow listing its catalog." placeholder="registry.example.com" />
        ) : null}
        <TextField id="ns-namespace" label={NAMESPACE_LABEL[source]} value={namespace} onChange={setNamespace} error={errors.namespace} placeholder={source === "dockerhub" ? "bitnami" : "acme"} />
        <TextField id="ns-prefix" label="Name prefix (optional)" value={prefix} onChange={setPrefix} hint="Only repositories whose name starts with this." />
        <TextField id="ns-tags" label="Tags" value={tags} onChange={setTags} hint="Comma-separated. Default: latest." />
      </div>
      <FormError message={errors.form} />
      <SubmitButton pending={imp.isPending} pendingLabel="Importing…">Import namespace</SubmitButton>
      {result ? <BulkResult result={result} /> : null}
    </form>
  );
}
