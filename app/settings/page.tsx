import type { Metadata } from "next";
import { SettingsForm } from "@/components/settings/settings-form";

export const metadata: Metadata = { title: "Settings" };
// Rendered per request like the other pages, so a per-request CSP nonce can reach its scripts.
export const dynamic = "force-dynamic";

export default function Page() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <SettingsForm />
    </div>
  );
}
