"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { ApiError, watchlistUrl } from "@/lib/api-client";
import type { ApiRepository, BulkAddResponse, TagPolicy } from "@/lib/api-types";
import { buttonClass, cardClass, inputClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/section";
import { BulkResult } from "./bulk-result";
import { addRepositoryFormSchema, referenceProblem, splitList, tagProblem } from "./reference-schema";
import { ScanNow } from "./scan-now";
import { useHydrated } from "@/components/ui/use-hydrated";
import {
  useAddRepositoryMutation,
  useBulkAddMutation,
  useImportNamespaceMutation,
  useImportWatchlistMutation,
} from "./use-repositories";

const TABS = [
  { id: "one", label: "One repository" },
  { id: "list", label: "Paste a list" },
  { id: "namespace", label: "Whole namespace" },
  { id: "file", label: "Watch list file" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export function AddRepositories({ initialTab }: { initialTab?: string }) {
  const hydrated = useHydrated();
  const [tab, setTab] = useState<TabId>(TABS.some((t) => t.id === initialTab) ? (initialTab as TabId) : "one");
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  function onKeyDown(e: React.KeyboardEvent) {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === "ArrowRight" ? (i + 1) % TABS.length : e.key === "ArrowLeft" ? (i - 1 + TABS.length) % TABS.length : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next].id);
    refs.current[TABS[next].id]?.focus();
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Add repositories</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Watch images from any OCI or Docker v2 registry. archgrid reads manifests only, never layers.
        </p>
      </div>
      <div role="tablist" aria-label="Ways to add repositories" className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            disabled={!hydrated}
            onClick={() => setTab(t.id)}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              tab === t.id
                ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={tab !== t.id} className={`${cardClass} max-w-3xl p-5`}>
          {tab === t.id ? (
            <fieldset disabled={!hydrated} className="min-w-0">
              {t.id === "one" ? <AddOne /> : t.id === "list" ? <AddList /> : t.id === "namespace" ? <ImportNamespace /> : <WatchlistFile />}
            </fieldset>
          ) : null}
        </div>
      ))}
    </div>
  );
}

type PolicyKind = "tags" | "newest" | "pattern";

function AddOne() {
  const add = useAddRepositoryMutation();
  const [reference, setReference] = useState("");
  const [tags, setTags] = useState("latest");
  const [policy, setPolicy] = useState<PolicyKind>("tags");
  const [count, setCount] = useState("5");
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("");
  const [verify, setVerify] = useState(false);
  const [errors, setErrors] = useState<{ reference?: string; tags?: string; count?: string; form?: string }>({});
  const [added, setAdded] = useState<ApiRepository | null>(null);
  const [touched, setTouched] = useState(false);

  function validate(): typeof errors {
    const e: typeof errors = {};
    const parsed = addRepositoryFormSchema.safeParse({ reference, tags: policy === "tags" ? tags : "" });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as "reference" | "tags";
        e[field] ??= issue.message;
      }
    }
    if (policy === "newest" && !(Number(count) >= 1 && Number(count) <= 100 && Number.isInteger(Number(count)))) e.count = "Enter a whole number from 1 to 100";
    return e;
  }

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    setTouched(true);
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length) return;
    const tagList = splitList(tags);
    let tagPolicy: TagPolicy | undefined;
    if (policy === "newest") tagPolicy = { kind: "newest", count: Number(count), include: splitList(include), exclude: splitList(exclude) };
    if (policy === "pattern") tagPolicy = { kind: "pattern", include: splitList(include), exclude: splitList(exclude) };
    try {
      const res = await add.mutateAsync({
        reference: reference.trim(),
        ...(policy === "tags" ? { tags: tagList.length ? tagList : ["latest"] } : { tagPolicy }),
        verifyConfigs: verify,
      });
      setAdded(res.repository);
      setReference("");
      setTouched(false);
    } catch (err) {
      const apiErr = err as ApiError;
      if (apiErr.code === "invalid-reference" || apiErr.code === "already-watched") setErrors({ reference: apiErr.message });
      else if (apiErr.code === "invalid-request" && /tag/i.test(apiErr.message)) setErrors({ tags: apiErr.message });
      else setErrors({ form: apiErr.message });
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Add one repository">
      <Field
        id="reference"
        label="Image reference"
        error={errors.reference}
        hint={<>Registry host optional: <code>nginx</code> means <code>docker.io/library/nginx</code>. Include a tag to track just that tag.</>}
      >
        {(p) => (
          <input
            {...p}
            value={reference}
            autoComplete="off"
            spellCheck={false}
            placeholder="ghcr.io/acme/api"
            onChange={(e) => {
              setReference(e.target.value);
              if (touched || errors.reference) setErrors((x) => ({ ...x, reference: referenceProblem(e.target.value) ?? undefined }));
            }}
            onBlur={() => reference && setErrors((x) => ({ ...x, reference: referenceProblem(reference) ?? undefined }))}
            className={`${inputClass} font-mono`}
          />
        )}
      </Field>

      <fieldset>
        <legend className="mb-1 text-sm font-medium">Which tags to track</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {(
            [
              ["tags", "By name"],
              ["newest", "Newest N"],
              ["pattern", "By pattern"],
            ] as const
          ).map(([k, l]) => (
            <label key={k} className="inline-flex items-center gap-1.5">
              <input type="radio" name="policy" value={k} checked={policy === k} onChange={() => setPolicy(k)} className="accent-indigo-600" />
              {l}
            </label>
          ))}
        </div>
      </fieldset>

      {policy === "tags" ? (
        <Field id="tags" label="Tags" error={errors.tags} hint="Comma-separated. Default: latest.">
          {(p) => <input {...p} value={tags} onChange={(e) => setTags(e.target.value)} className={`${inputClass} font-mono`} placeholder="latest, 1.27, 1.26" />}
        </Field>
      ) : (
        <div className="grid gap-4 sm:grid-cols-3">
          {policy === "newest" ? (
            <Field id="count" label="How many newest tags" error={errors.count}>
              {(p) => <input {...p} type="number" min={1} max={100} value={count} onChange={(e) => setCount(e.target.value)} className={inputClass} />}
            </Field>
          ) : null}
          <Field id="include" label="Include patterns" hint="Globs, comma-separated, e.g. 1.*">
            {(p) => <input {...p} value={include} onChange={(e) => setInclude(e.target.value)} className={`${inputClass} font-mono`} placeholder="v*" />}
          </Field>
          <Field id="exclude" label="Exclude patterns" hint="e.g. *-rc*, *-debug">
            {(p) => <input {...p} value={exclude} onChange={(e) => setExclude(e.target.value)} className={`${inputClass} font-mono`} placeholder="*-rc*" />}
          </Field>
        </div>
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

      {errors.form ? <ErrorNote error={new Error(errors.form)} /> : null}

      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass("primary")} disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add repository"}
        </button>
      </div>

      {added ? (
        <div role="status" className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm dark:border-emerald-900 dark:bg-emerald-950/40">
          <p>
            <span className="font-medium">Added </span>
            <Link href={`/repositories/${added.id}`} className="font-mono font-medium underline">{added.reference}</Link>. Scan it to see its architectures.
          </p>
          <ScanNow key={added.id} repositoryIds={[added.id]} />
        </div>
      ) : null}
    </form>
  );
}

function AddList() {
  const bulk = useBulkAddMutation();
  const [text, setText] = useState("");
  const [tags, setTags] = useState("latest");
  const [error, setError] = useState<string | null>(null);
  const [tagsError, setTagsError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkAddResponse | null>(null);

  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const localProblems = lines.map((l) => [l, referenceProblem(l)] as const).filter(([, p]) => p);

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
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
      <Field
        id="references"
        label="Image references, one per line"
        error={error}
        hint={
          localProblems.length
            ? `${lines.length} references; ${localProblems.length} ${localProblems.length === 1 ? "looks" : "look"} invalid and will be reported back (first: ${localProblems[0][0]} — ${localProblems[0][1]}).`
            : lines.length
              ? `${lines.length} references. Lines starting with # are ignored.`
              : "Lines starting with # are ignored."
        }
      >
        {(p) => (
          <textarea
            {...p}
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            placeholder={"ghcr.io/acme/api\nghcr.io/acme/worker:2.1\nnginx"}
            className={`${inputClass} font-mono`}
          />
        )}
      </Field>
      <Field id="list-tags" label="Tags" error={tagsError} hint="Comma-separated; used for every line without its own tag. Default: latest.">
        {(p) => <input {...p} value={tags} onChange={(e) => setTags(e.target.value)} className={`${inputClass} font-mono`} />}
      </Field>
      <button type="submit" className={buttonClass("primary")} disabled={bulk.isPending}>
        {bulk.isPending ? "Adding…" : "Add repositories"}
      </button>
      {result ? <BulkResult result={result} /> : null}
    </form>
  );
}

function ImportNamespace() {
  const imp = useImportNamespaceMutation();
  const [source, setSource] = useState<"catalog" | "dockerhub" | "quay">("catalog");
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
      const apiErr = err as ApiError;
      setErrors({ form: apiErr.message });
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Import a whole namespace">
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Source</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {(
            [
              ["catalog", "Registry catalog (/v2/_catalog)"],
              ["dockerhub", "Docker Hub namespace"],
              ["quay", "Quay organization"],
            ] as const
          ).map(([k, l]) => (
            <label key={k} className="inline-flex items-center gap-1.5">
              <input type="radio" name="source" value={k} checked={source === k} onChange={() => setSource(k)} className="accent-indigo-600" />
              {l}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {source === "catalog" ? (
          <Field id="ns-registry" label="Registry host" error={errors.registry} hint="Must allow listing its catalog.">
            {(p) => <input {...p} value={registry} onChange={(e) => setRegistry(e.target.value)} className={`${inputClass} font-mono`} placeholder="registry.example.com" />}
          </Field>
        ) : null}
        <Field
          id="ns-namespace"
          label={source === "catalog" ? "Namespace (optional)" : source === "dockerhub" ? "Docker Hub user or organization" : "Quay organization"}
          error={errors.namespace}
        >
          {(p) => <input {...p} value={namespace} onChange={(e) => setNamespace(e.target.value)} className={`${inputClass} font-mono`} placeholder={source === "dockerhub" ? "bitnami" : "acme"} />}
        </Field>
        <Field id="ns-prefix" label="Name prefix (optional)" hint="Only repositories whose name starts with this.">
          {(p) => <input {...p} value={prefix} onChange={(e) => setPrefix(e.target.value)} className={`${inputClass} font-mono`} />}
        </Field>
        <Field id="ns-tags" label="Tags" hint="Comma-separated. Default: latest.">
          {(p) => <input {...p} value={tags} onChange={(e) => setTags(e.target.value)} className={`${inputClass} font-mono`} />}
        </Field>
      </div>
      {errors.form ? <ErrorNote error={new Error(errors.form)} /> : null}
      <button type="submit" className={buttonClass("primary")} disabled={imp.isPending}>
        {imp.isPending ? "Importing…" : "Import namespace"}
      </button>
      {result ? <BulkResult result={result} /> : null}
    </form>
  );
}

function WatchlistFile() {
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
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
          />
        </div>
        <Field id="wl-text" label={fileName ? `Contents of ${fileName}` : "Or paste its contents"} error={error}>
          {(p) => (
            <textarea
              {...p}
              rows={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              placeholder={"version: 1\nrepositories:\n  - reference: ghcr.io/acme/api\n    tagPolicy: { kind: tags, tags: [latest] }"}
              className={`${inputClass} font-mono text-xs`}
            />
          )}
        </Field>
        <button type="submit" className={buttonClass("primary")} disabled={imp.isPending}>
          {imp.isPending ? "Importing…" : "Import watch list"}
        </button>
        {result ? <BulkResult result={result} /> : null}
      </form>
    </div>
  );
}
