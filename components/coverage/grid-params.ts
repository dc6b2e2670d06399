"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { DEFAULT_COLUMNS, EXTRA_COLUMNS } from "@/lib/coverage/columns";
import type { CoverageFilters } from "@/lib/query-keys";

export type SortKey = "name" | "coverage" | "scanned";
export type GroupKey = "none" | "registry" | "namespace";

export interface GridParams {
  q: string;
  missing: string;
  status: string;
  registry: string;
  namespace: string;
  sort: SortKey;
  dir: "asc" | "desc";
  group: GroupKey;
  extra: string[];
  page: number;
}

const SORTS: SortKey[] = ["name", "coverage", "scanned"];
const GROUPS: GroupKey[] = ["none", "registry", "namespace"];
export const PAGE_SIZE = 100;

/** The grid's whole view state lives in the URL so a link reproduces it exactly. */
export function useGridParams() {
  const sp = useSearchParams();
  const pathname = usePathname();

  const params = useMemo<GridParams>(() => {
    const sort = sp.get("sort") as SortKey;
    const group = sp.get("group") as GroupKey;
    const extra = (sp.get("extra") ?? "")
      .split(",")
      .filter((c) => (EXTRA_COLUMNS as readonly string[]).includes(c));
    const page = Number.parseInt(sp.get("page") ?? "1", 10);
    return {
      q: sp.get("q") ?? "",
      missing: sp.get("missing") ?? "",
      status: sp.get("status") ?? "",
      registry: sp.get("registry") ?? "",
      namespace: sp.get("namespace") ?? "",
      sort: SORTS.includes(sort) ? sort : "name",
      dir: sp.get("dir") === "desc" ? "desc" : sp.get("dir") === "asc" ? "asc" : sort === "coverage" ? "asc" : sort === "scanned" ? "desc" : "asc",
      group: GROUPS.includes(group) ? group : "none",
      extra,
      page: Number.isFinite(page) && page > 0 ? page : 1,
    };
  }, [sp]);

  const update = useCallback(
    (patch: Partial<GridParams>, options?: { replace?: boolean }) => {
      const next = { ...params, ...patch };
      // Any change other than paging sends the reader back to page 1.
      if (!("page" in patch)) next.page = 1;
      const out = new URLSearchParams();
      if (next.q) out.set("q", next.q);
      if (next.missing) out.set("missing", next.missing);
      if (next.status) out.set("status", next.status);
      if (next.registry) out.set("registry", next.registry);
      if (next.namespace) out.set("namespace", next.namespace);
      if (next.sort !== "name") out.set("sort", next.sort);
      if ("dir" in patch || sp.has("dir")) out.set("dir", next.dir);
      if (next.group !== "none") out.set("group", next.group);
      if (next.extra.length) out.set("extra", next.extra.join(","));
      if (next.page > 1) out.set("page", String(next.page));
      const qs = out.toString();
      // Native history calls sync with useSearchParams without a server round trip (the grid is
      // all client data). Typing in the search box replaces; other changes can be undone with Back.
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (options?.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [params, pathname, sp],
  );

  const columns = useMemo(
    () => [...DEFAULT_COLUMNS, ...EXTRA_COLUMNS.filter((c) => params.extra.includes(c))],
    [params.extra],
  );

  const filters = useMemo<CoverageFilters>(
    () => ({
      columns,
      q: params.q || undefined,
      missing: params.missing || undefined,
      status: params.status || undefined,
      registry: params.registry || undefined,
      namespace: params.namespace || undefined,
    }),
    [columns, params],
  );

  return { params, update, columns, filters };
}
