"use client";
// A tracked tag the registry does not have (MANIFEST_UNKNOWN) gets the repository's newest tags to
// pick from: one click switches the policy to the picked tag and scans again, instead of leaving
// the user with a registry error code and no way forward.
import { useEffect, useState } from "react";
import type { ApiRepository, ApiRepositoryRow, TagPolicy } from "@/lib/api-types";
import { isActive, useInvalidateScanResults, useScanQuery, useStartScanMutation } from "@/components/scans/use-scans";
import { buttonClass } from "@/components/ui/button";
import { usePolicyPreview, useUpdateRepositoryMutation } from "./use-watch-edits";

const NEWEST: TagPolicy = { kind: "newest", count: 8 };

/** Tags tracked by name whose last scan said the registry has no such manifest. */
export function missingTags(repository: ApiRepository, row: Pick<ApiRepositoryRow, "tags">): string[] {
  if (repository.tagPolicy.kind !== "tags") return [];
  return row.tags.filter((t) => !t.digest && t.error?.code === "tag-not-found").map((t) => t.tag);
}

export function MissingTagPicker({ repository, row }: { repository: ApiRepository; row: Pick<ApiRepositoryRow, "tags"> }) {
  const missing = missingTags(repository, row);
  const newest = usePolicyPreview(repository.id, missing.length ? NEWEST : null);
  const update = useUpdateRepositoryMutation(repository.id);
  const scan = useStartScanMutation();
  const [error, setError] = useState<string | null>(null);
  const progress = useScanQuery(scan.data?.scan.id);
  const current = progress.data?.scan ?? scan.data?.scan;
  const running = isActive(current);
  const invalidate = useInvalidateScanResults();
  // The tag lines above (and this panel) change only once the scan has written its results.
  useEffect(() => {
    if (current && !running) invalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.id, running]);
  if (missing.length === 0 || repository.tagPolicy.kind !== "tags") return null;
  const tracked = repository.tagPolicy.tags;

  async function pick(tag: string) {
    setError(null);
    // The missing tags are replaced by the picked one; tags that do exist stay tracked.
    const tags = [...new Set([...tracked.filter((t) => !missing.includes(t)), tag])];
    try {
      await update.mutateAsync({ tagPolicy: { kind: "tags", tags } });
      await scan.mutateAsync([repository.id]);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const names = missing.map((t) => `"${t}"`).join(", ");
  const offered = (newest.data?.tags ?? []).filter((t) => !tracked.includes(t));
  return (
    <section aria-labelledby="missing-tag-title" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <h2 id="missing-tag-title" className="font-semibold">
        The registry has no tag {names}
      </h2>
      {newest.error ? (
        <p className="mt-1">Could not read its tags: {newest.error.message}</p>
      ) : !newest.data ? (
        <p className="mt-1">Reading the repository&apos;s newest tags…</p>
      ) : offered.length === 0 ? (
        <p className="mt-1">The repository has no other tags yet. Push one, or edit what is tracked below.</p>
      ) : (
        <>
          <p className="mt-1">Track one of its newest tags instead (this also scans it again):</p>
          <ul aria-label="Newest tags" className="mt-2 flex flex-wrap gap-2">
            {offered.map((t) => (
              <li key={t}>
                <button type="button" className={`${buttonClass("secondary", "sm")} font-mono`} disabled={update.isPending || scan.isPending} onClick={() => pick(t)} aria-label={`Track ${t}`}>
                  {t}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {running ? <p role="status" className="mt-2">Scanning with the new tag…</p> : null}
      {error ? <p role="alert" className="mt-2 text-rose-800 dark:text-rose-300">{error}</p> : null}
    </section>
  );
}
