import type { Metadata } from "next";
import { connection } from "next/server";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { CoverageGrid } from "@/components/coverage/coverage-grid";
import { gridRequest, parseGridParams } from "@/components/coverage/grid-view";
import { prefetchCoverage, prefetchRegistries } from "@/lib/prefetch";
import { readCoverageStamps } from "@/lib/queries/stamps";

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
  // Read with the matrix fingerprint in one statement (lib/queries/stamps.ts) and handed on, so the
  // page's render (and its RSC request after each search) does not read the settings twice.
  const stamps = await readCoverageStamps();
  const requiredColumns = stamps.policy.required;
  await Promise.all([prefetchCoverage(queryClient, gridRequest(parseGridParams(sp), requiredColumns), stamps), prefetchRegistries(queryClient)]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CoverageGrid required={requiredColumns} />
    </HydrationBoundary>
  );
}
