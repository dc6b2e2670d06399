import type { Metadata } from "next";
import { CheckDeployment } from "@/components/check/check-deployment";

export const metadata: Metadata = { title: "Check a deployment" };
// Rendered per request like the other pages, so a per-request CSP nonce can reach its scripts.
export const dynamic = "force-dynamic";

export default function CheckPage() {
  return <CheckDeployment />;
}
