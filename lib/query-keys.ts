// One key factory, so mutations can invalidate by prefix (e.g. everything under "coverage").
export interface CoverageFilters {
  columns?: string[];
  q?: string;
  missing?: string;
  status?: string;
  registry?: string;
  namespace?: string;
  /** YYYY-MM-DD: only repositories with a regression since then. */
  regressedSince?: string;
  /** Only repositories with a gap their base image lacks too. */
  blockedByBase?: boolean;
}

/** Filters plus how to order and page the rows (GET /api/coverage's sort, dir, group, offset, limit). */
export interface CoverageRequest extends CoverageFilters {
  sort?: "name" | "coverage" | "scanned";
  dir?: "asc" | "desc";
  group?: "registry" | "namespace";
  offset?: number;
  limit?: number;
}

export const queryKeys = {
  all: ["archgrid"] as const,
  coverage: {
    all: () => [...queryKeys.all, "coverage"] as const,
    list: (request: CoverageRequest) => [...queryKeys.coverage.all(), request] as const,
  },
  repositories: {
    all: () => [...queryKeys.all, "repositories"] as const,
    list: () => [...queryKeys.repositories.all(), "list"] as const,
    detail: (id: string) => [...queryKeys.repositories.all(), "detail", id] as const,
  },
  scans: {
    all: () => [...queryKeys.all, "scans"] as const,
    list: (limit: number) => [...queryKeys.scans.all(), "list", limit] as const,
    detail: (id: string) => [...queryKeys.scans.all(), "detail", id] as const,
  },
  events: {
    all: () => [...queryKeys.all, "events"] as const,
    list: (params: { limit?: number; regression?: boolean; repositoryId?: string }) =>
      [...queryKeys.events.all(), params] as const,
  },
  trend: {
    all: () => [...queryKeys.all, "trend"] as const,
    list: (columns: string[]) => [...queryKeys.trend.all(), columns] as const,
  },
  registries: {
    all: () => [...queryKeys.all, "registries"] as const,
  },
};

/** Everything a finished scan or a watch-list change can alter. */
export const dataKeys = () => [
  queryKeys.coverage.all(),
  queryKeys.repositories.all(),
  queryKeys.events.all(),
  queryKeys.trend.all(),
  queryKeys.registries.all(),
];
