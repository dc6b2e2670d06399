import { connection } from "next/server";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { OVERVIEW_COVERAGE } from "@/components/overview/overview-request";
import { prefetchCoverage } from "@/lib/prefetch";

export default async function OverviewPage() {
  // Coverage changes with every scan: never prerender this page.
  await connection();
  // The headline figures come with the HTML; trend, events and scans load after.
  const queryClient = new QueryClient();
  await prefetchCoverage(queryClient, OVERVIEW_COVERAGE);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OverviewDashboard />
    </HydrationBoundary>
  );
}
