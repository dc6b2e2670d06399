"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { buttonClass } from "@/components/ui/button";
import { relativeTime } from "@/components/ui/format";
import type { ApiWebhook } from "@/lib/queries/webhooks";
import { WebhookForm } from "./webhook-form";
import { webhooksApi } from "./webhooks-api";

const KEY = ["webhooks"] as const;

function DeliveryLog({ hook }: { hook: ApiWebhook }) {
  if (hook.deliveries.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No deliveries yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead>
        <tr className="text-slate-500 dark:text-slate-400">
          <th className="py-1 font-medium">When</th>
          <th className="font-medium">Type</th>
          <th className="font-medium">Status</th>
          <th className="font-medium">Attempts</th>
          <th className="font-medium">Last answer</th>
        </tr>
      </thead>
      <tbody>
        {hook.deliveries.map((d) => (
          <tr key={d.id} className="border-t border-slate-100 dark:border-slate-800">
            <td className="py-1">{relativeTime(d.createdAt)}</td>
            <td>{d.type}</td>
            <td data-status={d.status}>{d.status}{d.status === "pending" && d.nextAttemptAt ? ` (next ${relativeTime(d.nextAttemptAt)})` : ""}</td>
            <td>{d.attempts}</td>
            <td>{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "—")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The webhooks page: each webhook, its delivery log, "send test" and delete; a form to add one. */
export function WebhooksPage() {
  const qc = useQueryClient();
  // Polls while a delivery is pending so the log shows retries as they happen.
  const list = useQuery({
    queryKey: KEY,
    queryFn: webhooksApi.list,
    refetchInterval: (q) => (q.state.data?.webhooks.some((w) => w.deliveries.some((d) => d.status === "pending" || d.status === "sending")) ? 2000 : false),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const add = useMutation({ mutationFn: webhooksApi.create, onSuccess: refresh });
  const test = useMutation({ mutationFn: webhooksApi.test, onSettled: refresh });
  const remove = useMutation({ mutationFn: webhooksApi.remove, onSuccess: refresh });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          archgrid posts a signed message when a scan finds a regression, a new gap or a closed gap (see the README&apos;s Webhooks section for the payload and how to verify the signature).
        </p>
      </div>
      {list.error ? <p role="alert" className="text-sm text-rose-600">{(list.error as Error).message}</p> : null}
      {list.data?.webhooks.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">No webhooks yet.</p> : null}
      {list.data?.webhooks.map((w) => (
        <section key={w.id} aria-label={w.name} className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              <h2 className="font-semibold">{w.name}</h2>
              <p className="text-sm text-slate-500 dark:text-slate-400">
                <code>{w.url}</code> · {w.format} · {w.events.join(", ")}
              </p>
            </div>
            <div className="flex gap-2">
              <button type="button" className={buttonClass("secondary", "sm")} disabled={test.isPending} onClick={() => test.mutate(w.id)}>
                Send test
              </button>
              <button type="button" className={buttonClass("danger", "sm")} disabled={remove.isPending} onClick={() => confirm(`Delete webhook ${w.name} and its log?`) && remove.mutate(w.id)}>
                Delete
              </button>
            </div>
          </div>
          {test.error && test.variables === w.id ? <p role="alert" className="text-sm text-rose-600">{(test.error as Error).message}</p> : null}
          <DeliveryLog hook={w} />
        </section>
      ))}
      <WebhookForm pending={add.isPending} error={add.error ? (add.error as Error).message : null} onAdd={(input) => add.mutate(input)} />
    </div>
  );
}
