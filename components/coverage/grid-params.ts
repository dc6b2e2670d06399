"use client";

import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { gridColumns, gridFilters, gridRequest, gridSearch, parseGridParams, type GridParams } from "./grid-view";

export { PAGE_SIZE, type GridParams, type GroupKey, type SortKey } from "./grid-view";

/**
 * The grid's whole view state lives in the URL so a link reproduces it exactly. The search box
 * is the exception while typing: it asks the server at once, and the URL (kept with replaceState
 * so Back skips keystrokes) follows when typing pauses.
 */
export function useGridParams(required: readonly string[] = []) {
  // Compared by its text, so a new array with the same columns keeps every memo below.
  const requiredKey = required.join(",");
  const sp = useSearchParams();
  const pathname = usePathname();
  const fromUrl = useMemo(() => parseGridParams(new URLSearchParams(sp.toString())), [sp]);

  const queryClient = useQueryClient();
  // Ask the server for a view's rows in the event handler itself, before React re-renders and
  // the query hook notices its new key: bench:ui saw that render delay the request by 50-85 ms.
  const prefetch = useCallback(
    (next: GridParams) => {
      const request = gridRequest(next, requiredKey ? requiredKey.split(",") : []);
      void queryClient.prefetchQuery({ queryKey: queryKeys.coverage.list(request), queryFn: ({ signal }) => api.coverage(request, signal) });
    },
    [queryClient, requiredKey],
  );

  const [q, setTyped] = useState(fromUrl.q);
  const typed = useRef(fromUrl.q);
  typed.current = q;
  // The last search text this hook wrote to the URL: any other change came from outside.
  const written = useRef(fromUrl.q);
  useEffect(() => {
    if (fromUrl.q !== written.current) {
      written.current = fromUrl.q;
      setTyped(fromUrl.q); // Back, or "Clear filters": the box follows the URL.
    }
  }, [fromUrl.q]);

  const params = useMemo<GridParams>(() => (q === fromUrl.q ? fromUrl : { ...fromUrl, q, page: 1 }), [fromUrl, q]);

  const update = useCallback(
    (patch: Partial<GridParams>, options?: { replace?: boolean }) => {
      // The URL as it is now, not as this render saw it: a debounced search write may run after
      // another change pushed a new URL but before React re-rendered with it.
      const current = new URLSearchParams(window.location.search);
      const next = { ...parseGridParams(current), q: typed.current, ...patch };
      // Any change other than paging sends the reader back to page 1.
      if (!("page" in patch)) next.page = 1;
      written.current = next.q;
      prefetch(next);
      if (next.q !== typed.current) setTyped(next.q);
      const qs = gridSearch(next, "dir" in patch || current.has("dir"));
      // Native history calls sync with useSearchParams without a server round trip (the grid's
      // data comes from the API). Other changes than typing can be undone with Back.
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (options?.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname, prefetch],
  );

  const setQ = useCallback(
    (text: string) => {
      prefetch({ ...parseGridParams(new URLSearchParams(window.location.search)), q: text, page: 1 });
      setTyped(text);
    },
    [prefetch],
  );

  useEffect(() => {
    if (q === fromUrl.q) return;
    const t = setTimeout(() => update({ q }, { replace: true }), 300);
    return () => clearTimeout(t);
  }, [q, fromUrl.q, update]);

  // Keyed on the column list's text, so a new params object (any URL change) keeps the same
  // array and the memoized rows re-render only when their columns really change.
  const extraKey = params.extra.join(",");
  const req = useMemo(() => (requiredKey ? requiredKey.split(",") : []), [requiredKey]);
  const columns = useMemo(() => gridColumns({ extra: extraKey ? extraKey.split(",") : [] }, req), [extraKey, req]);
  const filters = useMemo(() => gridFilters(params, req), [params, req]);
  const request = useMemo(() => gridRequest(params, req), [params, req]);

  return { params, update, columns, filters, request, q, setQ, required: req };
}
