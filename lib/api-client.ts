// Typed fetch helpers for the browser. The API's error envelope becomes a thrown ApiError
// whose message is the server's own words, so forms and error boundaries can show it.
import type {
  ApiChangeEvent,
  ApiErrorBody,
  ApiRegistry,
  ApiRepository,
  ApiScan,
  BulkAddResponse,
  CoverageResponseFull,
  RepositoryDetailResponse,
  TagPolicy,
  TrendPoint,
  WatchlistImportResponse,
} from "./api-types";

/** GET /api/repositories/{id}/preview: the tags a policy selects now (availableCount null: no listing needed). */
export interface PolicyPreview {
  policy: TagPolicy;
  tags: string[];
  availableCount: number | null;
}
import type { CoverageFilters, CoverageRequest } from "./query-keys";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The envelope's other fields (e.g. a check's `suggestions`, `tags`, `addAnyway`). */
    readonly details: Omit<ApiErrorBody["error"], "code" | "message"> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      // The session cookie goes with every request to our own origin (and nowhere else).
      credentials: "same-origin",
      ...init,
      headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}), ...init?.headers },
    });
  } catch {
    throw new ApiError("Could not reach the archgrid server. Is it running?", 0, "network-error");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const err = (body as Partial<ApiErrorBody> | undefined)?.error;
    const { code, message, ...details } = err ?? {};
    throw new ApiError(message ?? `The server answered ${res.status} ${res.statusText}`.trim(), res.status, code ?? "http-error", details);
  }
  return body as T;
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });

export function coverageSearchParams(filters: CoverageFilters): URLSearchParams {
  const sp = new URLSearchParams();
  if (filters.columns?.length) sp.set("columns", filters.columns.join(","));
  if (filters.q) sp.set("q", filters.q);
  if (filters.missing) sp.set("missing", filters.missing);
  if (filters.status) sp.set("status", filters.status);
  if (filters.registry) sp.set("registry", filters.registry);
  if (filters.namespace) sp.set("namespace", filters.namespace);
  if (filters.regressedSince) sp.set("regressedSince", filters.regressedSince);
  if (filters.blockedByBase) sp.set("blockedByBase", "1");
  return sp;
}

/** GET /api/coverage's query for a request: the filters plus ordering and paging. */
export function coverageRequestParams(req: CoverageRequest): URLSearchParams {
  const sp = coverageSearchParams(req);
  if (req.sort) sp.set("sort", req.sort);
  if (req.dir) sp.set("dir", req.dir);
  if (req.group) sp.set("group", req.group);
  if (req.offset) sp.set("offset", String(req.offset));
  if (req.limit !== undefined) sp.set("limit", String(req.limit));
  return sp;
}

export function gapReportUrl(format: "csv" | "json" | "md", filters: CoverageFilters): string {
  const sp = coverageSearchParams(filters);
  sp.set("format", format);
  return `/api/reports/gaps?${sp.toString()}`;
}

export function watchlistUrl(format: "yaml" | "json"): string {
  return `/api/watchlist?format=${format}`;
}

export interface AddRepositoryInput {
  reference: string;
  tags?: string[];
  tagPolicy?: TagPolicy;
  verifyConfigs?: boolean;
  /** Ask the registry first (422/502 with suggestions or newest tags; repeat without to add anyway). */
  check?: boolean;
}

export interface ImportNamespaceInput {
  source: "catalog" | "dockerhub" | "quay";
  registry?: string;
  namespace?: string;
  prefix?: string;
  tags?: string[];
  tagPolicy?: TagPolicy;
}

export const api = {
  coverage: (req: CoverageRequest, signal?: AbortSignal) => {
    const qs = coverageRequestParams(req).toString();
    return request<CoverageResponseFull>(`/api/coverage${qs ? `?${qs}` : ""}`, signal ? { signal } : undefined);
  },
  repositories: () => request<{ repositories: ApiRepository[] }>("/api/repositories"),
  repository: (id: string) => request<RepositoryDetailResponse>(`/api/repositories/${encodeURIComponent(id)}`),
  addRepository: (input: AddRepositoryInput) =>
    request<{ repository: ApiRepository }>("/api/repositories", json("POST", input)),
  deleteRepository: (id: string) =>
    request<void>(`/api/repositories/${encodeURIComponent(id)}`, { method: "DELETE" }),
  bulkAdd: (input: { references: string[]; tags?: string[] }) =>
    request<BulkAddResponse>("/api/repositories/bulk", json("POST", input)),
  importNamespace: (input: ImportNamespaceInput) =>
    request<BulkAddResponse>("/api/repositories/import", json("POST", input)),
  importWatchlist: (text: string, contentType: string, prune = false) =>
    request<WatchlistImportResponse>(`/api/watchlist${prune ? "?prune=true" : ""}`, { method: "POST", body: text, headers: { "content-type": contentType } }),
  updateRepository: (id: string, input: { tagPolicy?: TagPolicy; verifyConfigs?: boolean }) =>
    request<{ repository: ApiRepository }>(`/api/repositories/${encodeURIComponent(id)}`, json("PATCH", input)),
  previewPolicy: (id: string, policy: TagPolicy, signal?: AbortSignal) =>
    request<PolicyPreview>(`/api/repositories/${encodeURIComponent(id)}/preview?policy=${encodeURIComponent(JSON.stringify(policy))}`, signal ? { signal } : undefined),
  startScan: (repositoryIds?: string[]) =>
    request<{ scan: ApiScan }>("/api/scans", json("POST", repositoryIds ? { repositoryIds } : {})),
  scan: (id: string) => request<{ scan: ApiScan }>(`/api/scans/${encodeURIComponent(id)}`),
  scans: (limit = 10) => request<{ scans: ApiScan[] }>(`/api/scans?limit=${limit}`),
  cancelScan: (id: string) =>
    request<{ scan: ApiScan }>(`/api/scans/${encodeURIComponent(id)}/cancel`, { method: "POST" }),
  events: (params: { limit?: number; regression?: boolean; repositoryId?: string }) => {
    const sp = new URLSearchParams();
    if (params.limit) sp.set("limit", String(params.limit));
    if (params.regression) sp.set("regression", "true");
    if (params.repositoryId) sp.set("repositoryId", params.repositoryId);
    return request<{ events: ApiChangeEvent[] }>(`/api/events?${sp.toString()}`);
  },
  trend: (columns: string[]) =>
    request<{ points: TrendPoint[] }>(`/api/trend${columns.length ? `?columns=${columns.join(",")}` : ""}`),
  registries: () => request<{ registries: ApiRegistry[] }>("/api/registries"),
  signIn: (token: string) => request<{ viewer: unknown }>("/api/auth/signin", json("POST", { token })),
  signOut: () => request<{ viewer: null }>("/api/auth/signout", { method: "POST" }),
};
