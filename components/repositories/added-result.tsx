"use client";

import Link from "next/link";
import type { ApiRepository } from "@/lib/api-types";
import { ScanNow } from "./scan-now";

/** What the one-repository form shows once the server has accepted the reference. */
export function AddedResult({ repository }: { repository: ApiRepository }) {
  return (
    <div role="status" className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm dark:border-emerald-900 dark:bg-emerald-950/40">
      <p>
        <span className="font-medium">Added </span>
        <Link href={`/repositories/${repository.id}`} className="font-mono font-medium underline">{repository.reference}</Link>. Scan it to see its architectures.
      </p>
      <ScanNow repositories={[repository]} />
    </div>
  );
}
