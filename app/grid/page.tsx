import type { Metadata } from "next";
import { connection } from "next/server";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { CoverageGrid } from "@/components/coverage/coverage-grid";
import { gridRequest, parseGridParams } from "@/components/coverage/grid-view";
import { prefetchCoverage, prefetchRegistries } from "@/lib/prefetch";
import { getSettings } from "@/lib/queries";

export const metadata: Metadata = { title: "Grid" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The first page of the grid is read on the server and sent with the HTML, so the table is
 * there (and usable once hydrated) without a second round trip for its data. Later filter,
 * sort and page changes ask GET /api/coverage from the browser.
 */
export default async function GridPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") sp.set(k, v);
  const queryClient = new QueryClient();
  // The required set decides which columns the grid always shows; the client asks with the same.
  const { requiredColumns } = await getSettings();
  await Promise.all([prefetchCoverage(queryClient, gridRequest(parseGridParams(sp), requiredColumns)), prefetchRegistries(queryClient)]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CoverageGrid required={requiredColumns} />
    </HydrationBoundary>
  );
}
