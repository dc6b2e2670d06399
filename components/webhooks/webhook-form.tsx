"use client";

import { useState } from "react";
import { buttonClass, inputClass } from "@/components/ui/button";
import type { NewWebhook } from "./webhooks-api";

const TYPES = ["regression", "gap-opened", "gap-closed"] as const;

/** Adds a webhook. The secret is typed once and never shown again (the server never answers it). */
export function WebhookForm({ pending, error, onAdd }: { pending: boolean; error: string | null; onAdd: (w: NewWebhook) => void }) {
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [format, setFormat] = useState<"json" | "slack">("json");
  const [events, setEvents] = useState<string[]>([...TYPES]);
  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd({ url, secret, format, events });
      }}
    >
      <h2 className="text-lg font-semibold">Add a webhook</h2>
      <label className="block text-sm">
        URL
        <input className={inputClass} name="url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.example.org/archgrid" />
      </label>
      <label className="block text-sm">
        Signing secret (at least 16 characters; not shown again)
        <input className={inputClass} name="secret" type="password" required minLength={16} autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
      </label>
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Format</legend>
        {(["json", "slack"] as const).map((f) => (
          <label key={f} className="flex items-center gap-1">
            <input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} /> {f === "json" ? "JSON (version 1)" : "Slack"}
          </label>
        ))}
      </fieldset>
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Findings</legend>
        {TYPES.map((t) => (
          <label key={t} className="flex items-center gap-1">
            <input type="checkbox" checked={events.includes(t)} onChange={(e) => setEvents(e.target.checked ? [...events, t] : events.filter((x) => x !== t))} /> {t}
          </label>
        ))}
      </fieldset>
      {error ? <p role="alert" className="text-sm text-rose-600">{error}</p> : null}
      <button type="submit" className={buttonClass("primary")} disabled={pending}>
        {pending ? "Adding…" : "Add webhook"}
      </button>
    </form>
  );
}
