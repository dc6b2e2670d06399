"use client";

import { EXTRA_COLUMNS } from "@/lib/coverage/columns";
import { buttonClass, cardClass, inputClass } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { GridParams } from "./grid-params";
import { useRegistriesQuery } from "./use-coverage";

/** Search, filters, sort, grouping and extra columns: every change goes to the URL. */
export function Toolbar({
  params,
  update,
  columns,
  q,
  onSearch,
  required = [],
}: {
  params: GridParams;
  update: (p: Partial<GridParams>, options?: { replace?: boolean }) => void;
  columns: string[];
  /** The search text as typed (the URL follows it a moment later). */
  q: string;
  onSearch: (q: string) => void;
  /** The organization's required set: a required extra column is shown whatever the box says. */
  required?: readonly string[];
}) {
  const registries = useRegistriesQuery();
  const hydrated = useHydrated();

  const selectClass = `${inputClass} pr-8`;
  const labelClass = "mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400";
  const anyFilter = params.q || params.missing || params.status || params.registry || params.namespace || params.regressedSince || params.blockedByBase;

  return (
    <fieldset disabled={!hydrated} className={`${cardClass} min-w-0 p-3`}>
      <legend className="sr-only">Filter, sort and group</legend>
      <div role="search" className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-[minmax(14rem,2fr)_repeat(6,minmax(0,1fr))]">
        <div className="col-span-2 md:col-span-4 lg:col-span-1">
          <label htmlFor="grid-q" className={labelClass}>Search repositories</label>
          <input
            id="grid-q"
            type="search"
            value={q}
            onChange={(e) => onSearch(e.target.value)}
            placeholder="name, registry or namespace"
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="grid-missing" className={labelClass}>Missing architecture</label>
          <select id="grid-missing" value={params.missing} onChange={(e) => update({ missing: e.target.value })} className={selectClass}>
            <option value="">Any</option>
            {columns.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="grid-status" className={labelClass}>Scan status</label>
          <select id="grid-status" value={params.status} onChange={(e) => update({ status: e.target.value })} className={selectClass}>
            <option value="">Any</option>
            <option value="ok">Scanned</option>
            <option value="error">Scan failed</option>
            <option value="pending">Not scanned yet</option>
          </select>
        </div>
        <div>
          <label htmlFor="grid-registry" className={labelClass}>Registry</label>
          <select id="grid-registry" value={params.registry} onChange={(e) => update({ registry: e.target.value })} className={selectClass}>
            <option value="">All</option>
            {(registries.data?.registries ?? []).map((r) => (
              <option key={r.host} value={r.host}>{r.host}</option>
            ))}
            {params.registry && !registries.data?.registries.some((r) => r.host === params.registry) ? (
              <option value={params.registry}>{params.registry}</option>
            ) : null}
          </select>
        </div>
        <div>
          <label htmlFor="grid-namespace" className={labelClass}>Namespace</label>
          <input
            id="grid-namespace"
            defaultValue={params.namespace}
            key={params.namespace}
            placeholder="e.g. library"
            onBlur={(e) => e.target.value !== params.namespace && update({ namespace: e.target.value.trim() })}
            onKeyDown={(e) => {
              if (e.key === "Enter") update({ namespace: e.currentTarget.value.trim() });
            }}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="grid-sort" className={labelClass}>Sort by</label>
          <select
            id="grid-sort"
            value={`${params.sort}:${params.dir}`}
            onChange={(e) => {
              const [sort, dir] = e.target.value.split(":") as [GridParams["sort"], GridParams["dir"]];
              update({ sort, dir });
            }}
            className={selectClass}
          >
            <option value="name:asc">Name (A–Z)</option>
            <option value="name:desc">Name (Z–A)</option>
            <option value="coverage:asc">Coverage (fewest first)</option>
            <option value="coverage:desc">Coverage (most first)</option>
            <option value="scanned:desc">Last scan (newest)</option>
            <option value="scanned:asc">Last scan (oldest)</option>
          </select>
        </div>
        <div>
          <label htmlFor="grid-group" className={labelClass}>Group by</label>
          <select id="grid-group" value={params.group} onChange={(e) => update({ group: e.target.value as GridParams["group"] })} className={selectClass}>
            <option value="none">Nothing</option>
            <option value="registry">Registry</option>
            <option value="namespace">Namespace</option>
          </select>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3 dark:border-slate-800">
        <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
          <legend className="float-left mr-3 text-xs font-medium text-slate-600 dark:text-slate-400">Extra columns</legend>
          {EXTRA_COLUMNS.map((c) =>
            required.includes(c) ? (
              // Required in Settings: always shown, so its box is on and cannot be turned off here.
              <label key={c} className="inline-flex items-center gap-1.5 text-sm" title="Required in Settings: always shown">
                <input type="checkbox" checked disabled className="size-4 rounded border-slate-300 accent-indigo-600" />
                <span className="font-mono">{c}</span>
                <span className="text-xs text-slate-600 dark:text-slate-400">(required)</span>
              </label>
            ) : (
              <label key={c} className="inline-flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={params.extra.includes(c)}
                  onChange={(e) =>
                    update({ extra: e.target.checked ? [...params.extra, c] : params.extra.filter((x) => x !== c) })
                  }
                  className="size-4 rounded border-slate-300 accent-indigo-600"
                />
                <span className="font-mono">{c}</span>
              </label>
            ),
          )}
        </fieldset>
        <div className="flex items-center gap-2">
          <label htmlFor="grid-regressed" className="text-xs font-medium text-slate-600 dark:text-slate-400">Regressed since</label>
          <input
            id="grid-regressed"
            type="date"
            value={params.regressedSince}
            onChange={(e) => update({ regressedSince: e.target.value })}
            className={`${inputClass} w-auto py-1`}
          />
        </div>
        <label className="flex items-center gap-2 text-xs font-medium text-slate-600 dark:text-slate-400">
          <input type="checkbox" checked={params.blockedByBase} onChange={(e) => update({ blockedByBase: e.target.checked })} className="size-4 rounded border-slate-300 accent-indigo-600" />
          Blocked by base image
        </label>
        {/* Always there (disabled without filters): appearing would shift the grid below it,
            and repainting the whole grid costs a frame of its own. */}
        <button
          type="button"
          disabled={!anyFilter}
          className={`${buttonClass("ghost", "sm")} disabled:invisible`}
          onClick={() => update({ q: "", missing: "", status: "", registry: "", namespace: "", regressedSince: "", blockedByBase: false })}
        >
          Clear filters
        </button>
      </div>
    </fieldset>
  );
}
