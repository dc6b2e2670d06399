// The HTTP API's response shapes (see README "HTTP API"). Shared by route handlers, the
// browser's API client and tests, so that all three agree on one contract.

export interface ApiPlatform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
  /** Digest of the platform's own manifest, when the tag is an index. */
  digest?: string;
  /** Raw values as the registry stated them, when they differ from the normalized ones. */
  raw?: { os: string; architecture: string; variant?: string };
  /** Present when config verification found the image config disagreeing with the index. */
  configMismatch?: { os: string; architecture: string; variant?: string };
}

export interface ApiTagCoverage {
  tag: string;
  digest: string | null;
  mediaType: string | null;
  checkedAt: string | null;
  changedAt?: string | null;
  platforms: ApiPlatform[];
  missing: string[];
  error?: ApiErrorBody["error"];
}

export type RepositoryStatus = "pending" | "ok" | "error";

export interface ApiRepositoryCoverage {
  id: string;
  reference: string;
  registry: string;
  status: RepositoryStatus;
  error?: ApiErrorBody["error"];
  lastScannedAt?: string | null;
  missing: string[];
  tags: ApiTagCoverage[];
}

export interface CoverageResponse {
  architectures: string[];
  repositories: ApiRepositoryCoverage[];
}

export type TagPolicy =
  | { kind: "tags"; tags: string[] }
  | { kind: "pattern"; include?: string[]; exclude?: string[]; max?: number }
  | { kind: "newest"; count: number; include?: string[]; exclude?: string[] };

export interface ApiRepository {
  id: string;
  reference: string;
  registry: string;
  name: string;
  tagPolicy: TagPolicy;
  verifyConfigs: boolean;
  status: RepositoryStatus;
  error?: ApiErrorBody["error"];
  lastScannedAt: string | null;
  createdAt: string;
}

export type ScanStatus = "queued" | "running" | "succeeded" | "partial" | "failed" | "interrupted" | "cancelled";

export interface ApiScan {
  id: string;
  status: ScanStatus;
  total: number;
  done: number;
  failed: number;
  trigger?: string;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export interface ApiChangeEvent {
  id: string;
  repositoryId: string;
  reference?: string;
  tag: string;
  kind: "new-tag" | "changed" | "removed-tag";
  added: string[];
  removed: string[];
  fromDigest: string | null;
  toDigest: string | null;
  regression: boolean;
  at: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; registryCode?: string };
}
