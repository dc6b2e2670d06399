"use client";

import "@/lib/zod-jitless";
import { QueryClientProvider } from "@tanstack/react-query";
import { getQueryClient } from "@/lib/query-client";
import { NowProvider } from "@/components/ui/use-now";

/** `serverNow`: the time the server rendered this page at, for hydration-safe relative times. */
export function Providers({ children, serverNow }: { children: React.ReactNode; serverNow: number }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      <NowProvider serverNow={serverNow}>{children}</NowProvider>
    </QueryClientProvider>
  );
}
