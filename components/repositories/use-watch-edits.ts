"use client";
// Editing a watched repository in place: its tag policy and config verification (PATCH, history
// kept), and the preview of what a policy selects now (GET …/preview, reads the registry only).
import { useEffect, useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { TagPolicy } from "@/lib/api-types";
import { dataKeys, queryKeys } from "@/lib/query-keys";

export function useUpdateRepositoryMutation(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { tagPolicy?: TagPolicy; verifyConfigs?: boolean }) => api.updateRepository(id, input),
    onSuccess: () => Promise.all(dataKeys().map((key) => qc.invalidateQueries({ queryKey: key }))),
  });
}

/** `value`, once it has stopped changing for `ms` (typing a pattern does not ask the registry per key). */
export function useSettled<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** The tags `policy` selects now; null policy = nothing to ask (the fields have an error). */
export function usePolicyPreview(id: string, policy: TagPolicy | null) {
  const key = policy ? JSON.stringify(policy) : null;
  return useQuery({
    queryKey: [...queryKeys.repositories.detail(id), "preview", key],
    queryFn: ({ signal }) => api.previewPolicy(id, policy as TagPolicy, signal),
    enabled: policy !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}
