import { connection } from "next/server";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";

export default async function OverviewPage() {
  // Coverage changes with every scan: never prerender this page.
  await connection();
  return <OverviewDashboard />;
}
