"use client";

import { useRef, useState } from "react";
import { cardClass } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { AddListForm } from "./add-list-form";
import { AddOneForm } from "./add-one-form";
import { ImportNamespaceForm } from "./import-namespace-form";
import { WatchlistFile } from "./watchlist-file";

// One tab per way of adding; each mode lives in its own file.
const TABS = [
  { id: "one", label: "One repository", Panel: AddOneForm },
  { id: "list", label: "Paste a list", Panel: AddListForm },
  { id: "namespace", label: "Whole namespace", Panel: ImportNamespaceForm },
  { id: "file", label: "Watch list file", Panel: WatchlistFile },
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
              <t.Panel />
            </fieldset>
          ) : null}
        </div>
      ))}
    </div>
  );
}
