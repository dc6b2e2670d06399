"use client";

// A repository's waivers: the gaps it accepts ("GPU image, amd64 only"), each with a reason and an
// optional expiry. Adding or removing one changes the grid, the badge and the reports at once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ApiCell } from "@/lib/api-types";
import { CELL_STATE_WORDS } from "@/lib/coverage/vocabulary";
import { expiryDate } from "@/lib/coverage/waivers";
import { dataKeys } from "@/lib/query-keys";
import { buttonClass, inputClass } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { waiverKeys, waiversApi } from "./waivers-api";

export function WaiversPanel({ repositoryId, cells }: { repositoryId: string; cells: Record<string, ApiCell> }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: waiverKeys.list(repositoryId), queryFn: () => waiversApi.list(repositoryId) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: waiverKeys.list(repositoryId) }), ...dataKeys().map((key) => qc.invalidateQueries({ queryKey: key }))]);
  const save = useMutation({ mutationFn: (input: { column: string; reason: string; expiresAt: string | null }) => waiversApi.save(repositoryId, input), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (waiverId: string) => waiversApi.remove(repositoryId, waiverId), onSuccess: refresh });
  const waived = new Set((list.data?.waivers ?? []).map((w) => w.column));
  // Offer the columns that are gaps now first; any shown column may be waived.
  const columns = Object.keys(cells).filter((c) => !waived.has(c));
  const gaps = columns.filter((c) => !["present", "unknown", "waived"].includes(cells[c].state) && !cells[c].informational);
  const [column, setColumn] = useState("");
  const [reason, setReason] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const chosen = column || gaps[0] || columns[0] || "";

  return (
    <Section title="Waivers" titleId="waivers">
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{CELL_STATE_WORDS.waived.description}</p>
      {list.error ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{(list.error as Error).message}</p> : null}
      {list.data?.waivers.length ? (
        <ul className="mb-4 space-y-2 text-sm">
          {list.data.waivers.map((w) => (
            <li key={w.id} className="flex items-start justify-between gap-3 rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
              <div className="min-w-0">
                <p>
                  <span className="font-mono font-medium">{w.column}</span>: {w.reason}
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {w.expiresAt ? (w.expired ? `Expired on ${expiryDate(w.expiresAt)}: the gap counts again.` : `Expires ${expiryDate(w.expiresAt)}.`) : "No expiry."}
                </p>
              </div>
              <button type="button" className={buttonClass("secondary", "sm")} disabled={remove.isPending} onClick={() => remove.mutate(w.id)} aria-label={`Remove the waiver on ${w.column}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : list.data ? (
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">No waivers: every required gap counts.</p>
      ) : null}
      {remove.error ? <p role="alert" className="mb-2 text-sm text-rose-700 dark:text-rose-400">{remove.error.message}</p> : null}
      {columns.length ? (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ column: chosen, reason, expiresAt: expiresAt || null }, { onSuccess: () => { setReason(""); setExpiresAt(""); setColumn(""); } });
          }}
        >
          <h3 className="text-sm font-semibold">Waive a column</h3>
          <label className="block text-sm">
            Architecture
            <select className={inputClass} name="column" value={chosen} onChange={(e) => setColumn(e.target.value)}>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                  {gaps.includes(c) ? " (a gap now)" : ""}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            Reason
            <input className={inputClass} name="reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="GPU image, amd64 only" />
          </label>
          <label className="block text-sm">
            Expires on (optional)
            <input className={inputClass} name="expiresAt" type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
          </label>
          {save.error ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{save.error.message}</p> : null}
          <button type="submit" className={buttonClass("primary")} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Add waiver"}
          </button>
        </form>
      ) : null}
    </Section>
  );
}
