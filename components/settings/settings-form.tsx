"use client";

// The required set: which architecture columns count as gaps. Columns left out can still be shown
// in the grid; they are informational there (never a gap, never "missing").
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { INFORMATIONAL_WORDS } from "@/lib/coverage/vocabulary";
import { dataKeys } from "@/lib/query-keys";
import { buttonClass } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { PageSkeleton } from "@/components/ui/skeleton";
import { waiverKeys, waiversApi } from "@/components/waivers/waivers-api";

export function SettingsForm() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: waiverKeys.settings(), queryFn: () => waiversApi.settings() });
  const [picked, setPicked] = useState<string[] | null>(null);
  const save = useMutation({
    mutationFn: (cols: string[]) => waiversApi.saveSettings(cols),
    onSuccess: async (data) => {
      qc.setQueryData(waiverKeys.settings(), data);
      setPicked(null);
      await Promise.all(dataKeys().map((key) => qc.invalidateQueries({ queryKey: key })));
    },
  });
  if (q.isPending) return <PageSkeleton label="Loading settings…" />;
  if (q.error) return <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{(q.error as Error).message}</p>;
  const { settings } = q.data;
  const required = picked ?? settings.requiredColumns;
  const toggle = (c: string, on: boolean) => setPicked(on ? [...required, c] : required.filter((x) => x !== c));

  return (
    <Section title="Required architectures" titleId="required-architectures">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(required);
        }}
      >
        <p className="text-sm text-slate-600 dark:text-slate-400">
          An image lacking a required architecture has a gap: it counts in the grid&apos;s figures, the &ldquo;missing&rdquo; filter, badges and reports. Other columns you switch on in the grid are{" "}
          <strong>informational</strong>: {INFORMATIONAL_WORDS.description.toLowerCase()}
        </p>
        <fieldset>
          <legend className="mb-2 text-sm font-medium">Required</legend>
          <ul className="grid gap-2 sm:grid-cols-3">
            {settings.availableColumns.map((c) => (
              <li key={c}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="requiredColumns" value={c} checked={required.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
                  <span className="font-mono">{c.includes("/") ? c : `linux/${c}`}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {save.error ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{save.error.message}</p> : null}
        {save.isSuccess && picked === null ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">Saved. Gaps are now counted over {settings.requiredColumns.join(", ")}.</p> : null}
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass("primary")} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save required architectures"}
          </button>
          <span className="text-xs text-slate-500 dark:text-slate-400">{settings.updatedAt ? `Last saved ${new Date(settings.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC` : "The defaults apply (never saved)."}</span>
        </div>
      </form>
    </Section>
  );
}
