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
  /** Gaps: required columns this tag lacks that no active waiver covers (informational columns never appear). */
  missing: string[];
  /** Columns this tag lacks that an active waiver covers; present only when there are some. */
  waived?: string[];
  error?: ApiErrorBody["error"];
  /**
   * Index entries left out because they are not images (signatures, attestations, other
   * artifacts); present only when there were some.
   */
  skipped?: number;
  /** The base image named by the tag's OCI base annotations; present only when it names one. */
  base?: ApiTagBase;
}

/** A tag's base image (org.opencontainers.image.base.name / base.digest) and what it lacks. */
export interface ApiTagBase {
  /** As the annotation wrote it ("alpine:3.18"), or null when only a digest was given. */
  name: string | null;
  digest: string | null;
  /** The base's normalized platform keys, once resolved. */
  platforms?: string[];
  /** Columns this tag misses that its base misses too. */
  blocked: string[];
  /** Why the base is unknown (unusable annotation, unreachable base, not resolved yet). */
  note?: string;
}

/** "arm64 from 1.27.0" / "1.28.0 dropped s390x (1.27.x had it)" (lib/coverage/upgrade-hints.ts). */
export interface ApiUpgradeHint {
  kind: "available-from" | "dropped";
  column: string;
  tag: string;
  lacking?: string[];
  previous?: string;
  message: string;
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
  | { kind: "newest"; count: number; include?: string[]; exclude?: string[] }
  | { kind: "digest"; digest: string };

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
  /** removed-tag only: the tag policy stopped selecting it, or the registry deleted it. */
  reason?: "policy" | "deleted";
  at: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; registryCode?: string; suggestions?: string[]; tags?: string[]; addAnyway?: true };
}

// ---- Additive shapes beyond the DESIGN.md contract (used by the dashboard) ----

/** How one architecture column reads for a repository (or a tag). */
/**
 * `mismatch`: the index names the architecture, but the image behind that entry is built for
 * another one (config verification on); a pull there gets an image that cannot run, so the
 * column counts as missing.
 */
/** `waived`: the column would be a gap, but a repository waiver (reason, optional expiry) accepts it: not counted. */
export type CellState = "present" | "partial" | "separate-image" | "mismatch" | "missing" | "waived" | "unknown";

/** A repository's accepted gap in one column (GET/POST /api/repositories/{id}/waivers). */
export interface ApiWaiver {
  id: string;
  repositoryId: string;
  column: string;
  reason: string;
  /** When it stops applying (ISO time), or null for never. */
  expiresAt: string | null;
  /** True once expiresAt has passed: the gap counts again. */
  expired: boolean;
  createdAt: string;
  updatedAt: string;
}

/** GET/PUT /api/settings. */
export interface ApiSettings {
  /** Column keys whose absence is a gap; every other column is informational. */
  requiredColumns: string[];
  /** Every column key that can be required. */
  availableColumns: string[];
  /** When last saved, or null while the defaults apply. */
  updatedAt: string | null;
}

export interface ApiCell {
  state: CellState;
  /** Variants present, e.g. ["v5","v6","v7"] for arm, ["v2","v3"] for amd64. */
  variants: string[];
  /** Windows os.version values present (windows columns only). */
  osVersions: string[];
  /** Plain-words caveats: "only in tags 1.2, latest", "index says arm64, config says amd64", scan error text. */
  notes: string[];
  /** Arch-prefixed sibling images that provide this architecture (state "separate-image"). */
  siblings?: Array<{ reference: string; digest: string }>;
  /** "blocked by base: alpine:3.18 has no arm64" when the tags missing this column inherit the gap. */
  blockedByBase?: string;
  /** The column is not in the required set: shown, never a gap. Present (true) only for such columns. */
  informational?: boolean;
  /** The waiver on this column: active (state "waived") or expired (the real state shows again). */
  waiver?: { id: string; reason: string; expiresAt: string | null; expired: boolean };
}

/** Per-repository cells keyed by column key ("amd64", "arm", ..., "windows/amd64"). */
export interface ApiRepositoryRow extends ApiRepositoryCoverage {
  cells: Record<string, ApiCell>;
  namespace: string;
  /**
   * The latest regression (a tag lost platforms) whose lost columns are still missing today:
   * `lost` are those columns. Absent when nothing regressed or it has since been fixed.
   */
  regression?: { at: string; tag: string; lost: string[] };
  /** Gaps whose tags' base image lacks the column too ("blocked by base: alpine:3.18 has no arm64"). */
  blockedByBase?: Array<{ column: string; base: string; tags: string[]; message: string }>;
  /** Across the tracked version tags: where a missing column arrives, and where one was dropped. */
  upgradeHints?: ApiUpgradeHint[];
}

export interface ApiColumnSummary {
  key: string;
  present: number;
  missing: number;
  unknown: number;
  /** Share of scanned repositories that have this architecture in at least one tag, 0..100. */
  percent: number;
  /** Repositories where every tracked tag has it (cell "present"). */
  complete: number;
  /** Repositories where only some tags have it (cell "partial"). A "mismatch" cell counts as missing. */
  partial: number;
  /** Share of scanned repositories that have it in every tracked tag, 0..100: the headline figure. */
  completePercent: number;
  /** Repositories whose gap in this column an active waiver accepts (not in `missing`). */
  waived: number;
  /** In the required set; false: informational (its `missing` are not gaps). */
  required: boolean;
}

/** GET /api/coverage adds `columns`, `summary` and per-row `cells` to the contract's fields. */
export interface CoverageResponseFull extends CoverageResponse {
  repositories: ApiRepositoryRow[];
  summary: { repositories: number; scanned: number; complete: number; columns: ApiColumnSummary[] };
  /** All column keys that can be switched on. */
  availableColumns: string[];
  /** The organization's required set (GET /api/settings); other columns shown are informational. */
  required: string[];
  /** Present when the request paged or ordered the rows (`offset`, `limit`, `sort`, `dir`, `group`). */
  page?: { offset: number; limit: number; total: number };
  /** Every group of the matching rows, in order, with its size (when `group` was given). */
  groups?: Array<{ key: string; count: number }>;
}

export interface RepositoryDetailResponse {
  repository: ApiRepository;
  coverage: ApiRepositoryRow;
  events: ApiChangeEvent[];
}

export interface TrendPoint {
  at: string;
  /** percent of repositories covering each column at that time */
  columns: Record<string, number>;
}

export interface ApiRegistry {
  host: string;
  repositories: number;
  rateLimit: { limit: number | null; remaining: number | null; windowSeconds: number | null; at: string | null } | null;
}

export interface BulkAddResponse {
  created: ApiRepository[];
  existing: string[];
  invalid: Array<{ reference: string; error: ApiErrorBody["error"] }>;
}

/** POST /api/watchlist: BulkAddResponse (`existing` = updated + unchanged) plus what the import did to each. */
export interface WatchlistImportResponse extends BulkAddResponse {
  updated: string[];
  unchanged: string[];
  /** Only with `?prune=true`: watched repositories absent from the file, deleted with their history. */
  removed: string[];
}
