// Server-side prefetches for pages: the same answers the API routes give, put into a react-query
// cache under the keys the client components use, so the first render has its data.
import type { QueryClient } from "@tanstack/react-query";
import { coverageRequestParams } from "./api-client";
import { listRegistries, loadCoverage } from "./queries";
import { queryKeys, type CoverageRequest } from "./query-keys";
import type { CoverageStamps } from "./queries/stamps";
import { parseCoverageFilters, parseCoverageView } from "./validations/coverage";

/**
 * Prefetch GET /api/coverage for `request`. A request the API would refuse (an unknown column in
 * a hand-edited URL) is left to the browser, which then shows the API's own error message.
 */
export async function prefetchCoverage(queryClient: QueryClient, request: CoverageRequest, stamps?: CoverageStamps): Promise<void> {
  const sp = coverageRequestParams(request);
  let filters, view;
  try {
    filters = parseCoverageFilters(sp);
    view = parseCoverageView(sp);
  } catch {
    return;
  }
  queryClient.setQueryData(queryKeys.coverage.list(request), await loadCoverage(filters, view, stamps));
}

export async function prefetchRegistries(queryClient: QueryClient): Promise<void> {
  queryClient.setQueryData(queryKeys.registries.all(), { registries: await listRegistries() });
}
