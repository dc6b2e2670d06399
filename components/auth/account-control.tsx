"use client";

import Link from "next/link";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { api } from "@/lib/api-client";
import type { Viewer } from "@/lib/auth/session";

/** Header control: who is signed in and a sign-out button, or a sign-in link when sign-in is configured. */
export function AccountControl({ viewer, signInOffered }: { viewer: Viewer | null; signInOffered: boolean }) {
  const [busy, setBusy] = useState(false);
  if (!viewer) {
    return signInOffered ? (
      <Link href="/signin" className={buttonClass("ghost", "sm")}>
        Sign in
      </Link>
    ) : null;
  }
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="hidden max-w-48 truncate text-slate-600 sm:inline dark:text-slate-400" title={viewer.canWrite ? "may change things" : "read only"}>
        {viewer.name}
        {viewer.canWrite ? "" : " (read only)"}
      </span>
      <button
        type="button"
        className={buttonClass("ghost", "sm")}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await api.signOut().catch(() => undefined);
          window.location.assign("/");
        }}
      >
        Sign out
      </button>
    </div>
  );
}
