"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type AddRepositoryInput, type ImportNamespaceInput } from "@/lib/api-client";
import { dataKeys, queryKeys } from "@/lib/query-keys";

export function useRepositoriesQuery() {
  return useQuery({ queryKey: queryKeys.repositories.list(), queryFn: () => api.repositories() });
}

export function useRepositoryQuery(id: string) {
  return useQuery({ queryKey: queryKeys.repositories.detail(id), queryFn: () => api.repository(id) });
}

function useInvalidateAll() {
  const qc = useQueryClient();
  return () => Promise.all(dataKeys().map((key) => qc.invalidateQueries({ queryKey: key })));
}

export function useAddRepositoryMutation() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: (input: AddRepositoryInput) => api.addRepository(input), onSuccess: invalidate });
}

export function useBulkAddMutation() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (input: { references: string[]; tags?: string[] }) => api.bulkAdd(input),
    onSuccess: invalidate,
  });
}

export function useImportNamespaceMutation() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: (input: ImportNamespaceInput) => api.importNamespace(input), onSuccess: invalidate });
}

export function useImportWatchlistMutation() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: ({ text, contentType, prune }: { text: string; contentType: string; prune?: boolean }) => api.importWatchlist(text, contentType, prune),
    onSuccess: invalidate,
  });
}

export function useDeleteRepositoryMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteRepository(id),
    onSuccess: (_data, id) => {
      qc.removeQueries({ queryKey: queryKeys.repositories.detail(id) });
      return Promise.all(dataKeys().map((key) => qc.invalidateQueries({ queryKey: key })));
    },
  });
}
