import type { Metadata } from "next";
import { WebhooksPage } from "@/components/webhooks/webhooks-page";

export const metadata: Metadata = { title: "Webhooks" };
// Rendered per request like the other pages, so a per-request CSP nonce can reach its scripts.
export const dynamic = "force-dynamic";

export default function Page() {
  return <WebhooksPage />;
}
