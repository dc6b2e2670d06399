// The settings and waivers routes, from the browser (same-origin, JSON, the server's error message kept).
import type { ApiSettings, ApiWaiver } from "@/lib/api-types";

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

export interface NewWaiver {
  column: string;
  reason: string;
  expiresAt?: string | null;
}

const waiversPath = (id: string) => `/api/repositories/${encodeURIComponent(id)}/waivers`;

export const waiversApi = {
  list: (repositoryId: string) => call<{ waivers: ApiWaiver[] }>(waiversPath(repositoryId)),
  save: (repositoryId: string, input: NewWaiver) => call<{ waiver: ApiWaiver }>(waiversPath(repositoryId), { method: "POST", body: JSON.stringify(input) }),
  remove: (repositoryId: string, waiverId: string) => call<void>(`${waiversPath(repositoryId)}/${encodeURIComponent(waiverId)}`, { method: "DELETE" }),
  settings: () => call<{ settings: ApiSettings }>("/api/settings"),
  saveSettings: (requiredColumns: string[]) => call<{ settings: ApiSettings }>("/api/settings", { method: "PUT", body: JSON.stringify({ requiredColumns }) }),
};

/** Query keys under the app's root, so the coverage data the waivers change can be invalidated with them. */
export const waiverKeys = {
  list: (repositoryId: string) => ["archgrid", "waivers", repositoryId] as const,
  settings: () => ["archgrid", "settings"] as const,
};
