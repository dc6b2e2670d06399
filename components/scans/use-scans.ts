"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiScan } from "@/lib/api-types";
import { api } from "@/lib/api-client";
import { dataKeys, queryKeys } from "@/lib/query-keys";

export const isActive = (scan: ApiScan | undefined | null) => scan?.status === "queued" || scan?.status === "running";


/** Recent scans; polls every second while one runs, slowly otherwise (scheduled scans start on their own). */
export function useScansQuery(limit = 10) {
  return useQuery({
    queryKey: queryKeys.scans.list(limit),
    queryFn: () => api.scans(limit),
    refetchInterval: (query) => (query.state.data?.scans.some(isActive) ? 1000 : 15_000),
  });
}

export function useScanQuery(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.scans.detail(id ?? ""),
    queryFn: () => api.scan(id!),
    enabled: Boolean(id),
    refetchInterval: (query) => (isActive(query.state.data?.scan) ? 1000 : false),
  });
}

export function useStartScanMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (repositoryIds?: string[]) => api.startScan(repositoryIds),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.scans.all() }),
  });
}

export function useCancelScanMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.cancelScan(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.scans.all() }),
  });
}

/** Called when a scan leaves the running state: everything it wrote is now stale. */
export function useInvalidateScanResults() {
  const qc = useQueryClient();
  return () => {
    for (const key of dataKeys()) void qc.invalidateQueries({ queryKey: key });
  };
}
