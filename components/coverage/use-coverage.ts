"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys, type CoverageRequest } from "@/lib/query-keys";

export function useCoverageQuery(request: CoverageRequest) {
  return useQuery({
    queryKey: queryKeys.coverage.list(request),
    // The signal cancels an answer nobody waits for any more (a search typed further).
    queryFn: ({ signal }) => api.coverage(request, signal),
    // Keep the old rows on screen while a new filter loads: no flashing table.
    placeholderData: keepPreviousData,
  });
}

export function useTrendQuery(columns: string[]) {
  return useQuery({ queryKey: queryKeys.trend.list(columns), queryFn: () => api.trend(columns) });
}

export function useEventsQuery(params: { limit?: number; regression?: boolean; repositoryId?: string }) {
  return useQuery({ queryKey: queryKeys.events.list(params), queryFn: () => api.events(params) });
}

export function useRegistriesQuery() {
  return useQuery({ queryKey: queryKeys.registries.all(), queryFn: () => api.registries() });
}
