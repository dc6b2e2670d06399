// The webhooks routes, from the browser (same-origin, JSON, the server's error message kept).
import type { ApiWebhook, ApiWebhookDelivery } from "@/lib/queries/webhooks";

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: "same-origin", ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) } });
  } catch {
    throw new Error("Could not reach the archgrid server. Is it running?");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
  return body as T;
}

export interface NewWebhook {
  name?: string;
  url: string;
  secret: string;
  format: "json" | "slack";
  events: string[];
}

export const webhooksApi = {
  list: () => call<{ webhooks: ApiWebhook[] }>("/api/webhooks"),
  create: (input: NewWebhook) => call<{ webhook: ApiWebhook }>("/api/webhooks", { method: "POST", body: JSON.stringify(input) }),
  remove: (id: string) => call<void>(`/api/webhooks/${encodeURIComponent(id)}`, { method: "DELETE" }),
  test: (id: string) => call<{ delivery: ApiWebhookDelivery }>(`/api/webhooks/${encodeURIComponent(id)}/test`, { method: "POST" }),
};
