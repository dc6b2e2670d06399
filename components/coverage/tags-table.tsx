import { STATUS_WORDS, effectiveTagError, errorWording } from "@/lib/coverage/vocabulary";
import type { ApiPlatform, ApiRepositoryRow, ApiTagCoverage } from "@/lib/api-types";
import { CopyButton } from "@/components/ui/copy-button";
import { absoluteTime, platformString, relativeTime, shortDigest, windowsVersionLabel } from "@/components/ui/format";
import { useNow } from "@/components/ui/use-now";

export function isIndexMediaType(mediaType: string | null): boolean {
  return Boolean(mediaType && (mediaType.includes("manifest.list") || mediaType.includes("image.index")));
}

function PlatformChip({ p }: { p: ApiPlatform }) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 font-mono text-[11px] ring-1 ring-inset ${
        p.configMismatch
          ? "bg-amber-50 text-amber-900 ring-amber-600/25 dark:bg-amber-950/50 dark:text-amber-200"
          : "bg-slate-100 text-slate-700 ring-slate-500/15 dark:bg-slate-800 dark:text-slate-200"
      }`}
      title={p.configMismatch ? `mismatch: index says ${platformString(p)}, the image inside is ${platformString(p.configMismatch)}` : p.osVersion ? windowsVersionLabel(p.osVersion) : undefined}
    >
      {platformString(p)}
      {p.osVersion ? ` ${windowsVersionLabel(p.osVersion).split(" (")[0]}` : ""}
      {p.configMismatch ? " ⚠" : ""}
    </span>
  );
}

/** A pinned digest is tracked under its own name: say so instead of showing 71 characters as a tag. */
function TagName({ name }: { name: string }) {
  if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/.test(name)) return <>{name}</>;
  return (
    <span title={name}>
      <span className="font-sans font-normal text-slate-600 dark:text-slate-300">pinned digest </span>
      {shortDigest(name)}
    </span>
  );
}

/** Compact tag list for an expanded grid row. */
export function TagsTable({ row }: { row: ApiRepositoryRow; columns: string[]; compact?: boolean }) {
  const now = useNow(); // the server's clock while hydrating: same text on both sides
  if (row.tags.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {row.status === "error" ? `${STATUS_WORDS.error.label}: ${errorWording(row.error) || "no details"}` : "No tags scanned yet."}
      </p>
    );
  }
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Tags of {row.reference}</caption>
      <thead>
        <tr className="text-left text-slate-500 dark:text-slate-400">
          <th scope="col" className="pb-1.5 pr-4 font-medium">Tag</th>
          <th scope="col" className="pb-1.5 pr-4 font-medium">Platforms</th>
          <th scope="col" className="pb-1.5 pr-4 font-medium">Missing</th>
          <th scope="col" className="pb-1.5 pr-4 font-medium">Digest</th>
          <th scope="col" className="pb-1.5 font-medium">Checked</th>
        </tr>
      </thead>
      <tbody>
        {row.tags.map((t) => (
          <tr key={t.tag} className="border-t border-slate-200/70 align-top dark:border-slate-800">
            <th scope="row" className="py-1.5 pr-4 text-left font-mono font-medium"><TagName name={t.tag} /></th>
            <td className="py-1.5 pr-4">
              {t.error ? (
                <span className="text-slate-600 dark:text-slate-400">Unknown: {errorWording(effectiveTagError(t, row))}</span>
              ) : (
                <span className="flex flex-wrap gap-1">
                  {t.platforms.map((p) => (
                    <PlatformChip key={`${platformString(p)}${p.osVersion ?? ""}${p.digest ?? ""}`} p={p} />
                  ))}
                </span>
              )}
            </td>
            <td className="py-1.5 pr-4 font-mono text-rose-700 dark:text-rose-400">
              {t.error ? <span className="font-sans text-slate-500 dark:text-slate-400">—</span> : t.missing.length ? t.missing.join(", ") : <span className="font-sans text-emerald-700 dark:text-emerald-400">none</span>}
            </td>
            <td className="py-1.5 pr-4 font-mono text-slate-600 dark:text-slate-400" title={t.digest ?? undefined}>{shortDigest(t.digest)}</td>
            <td className="py-1.5 text-slate-600 dark:text-slate-400" title={absoluteTime(t.checkedAt)}>{relativeTime(t.checkedAt, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Docker Hub style: one block per tag with OS/ARCH, os.version, digest and the exact pull reference. */
export function TagPlatforms({ reference, tag, repository }: { reference: string; tag: ApiTagCoverage; repository?: ApiRepositoryRow }) {
  const index = isIndexMediaType(tag.mediaType);
  // When the repository itself is gone, its failure (shown above the tags) is the one to name.
  const error = repository ? effectiveTagError(tag, repository) : (tag.error ?? null);
  const sameAsAbove = Boolean(repository?.status === "error" && repository.error && error === repository.error);
  return (
    <section aria-labelledby={`tag-${tag.tag}`} className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5 dark:border-slate-800">
        <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
          <h3 id={`tag-${tag.tag}`} className="font-mono text-sm font-semibold">
            <span className="sr-only">Tag </span>
            <TagName name={tag.tag} />
          </h3>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {index ? "multi-arch index" : tag.mediaType ? "single image" : ""}
            {tag.digest ? (
              <>
                {" · "}
                <span className="font-mono" title={tag.digest}>{shortDigest(tag.digest)}</span>
              </>
            ) : null}
          </span>
          {tag.digest ? <CopyButton value={`${reference}@${tag.digest}`} label={`Copy pull reference of tag ${tag.tag}`} /> : null}
        </div>
        <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
          {tag.missing.length ? (
            <span className="font-medium text-rose-700 dark:text-rose-400">
              Missing: <span className="font-mono">{tag.missing.join(", ")}</span>
            </span>
          ) : !tag.error ? (
            <span className="font-medium text-emerald-700 dark:text-emerald-400">All required architectures</span>
          ) : null}
          <span title={absoluteTime(tag.checkedAt)}>checked {relativeTime(tag.checkedAt)}</span>
        </div>
      </div>
      {tag.error ? (
        <p className="px-4 py-3 text-sm text-slate-700 dark:text-slate-300">
          Could not read this tag{sameAsAbove ? " (the error above)." : `: ${errorWording(error)}`}
          {tag.digest ? " Below: what the last successful scan found." : ""}
        </p>
      ) : null}
      {tag.error && !tag.digest ? null : (
        // Below 40rem each platform is a stacked block (name, OS version, digest, pull reference
        // at full width): four columns in 390 px left the pull reference an 89 px column, wrapped
        // a character or two per line, and made a four-tag page ~33,000 px tall.
        <div className="sm:overflow-x-auto">
          <table className="w-full text-sm max-sm:block">
            <caption className="sr-only">Platforms of tag {tag.tag}</caption>
            <thead className="max-sm:sr-only">
              <tr className="text-left text-xs text-slate-500 dark:text-slate-400">
                <th scope="col" className="px-4 py-1.5 font-medium">OS/ARCH</th>
                <th scope="col" className="whitespace-nowrap px-4 py-1.5 font-medium">OS version</th>
                <th scope="col" className="px-4 py-1.5 font-medium">Digest</th>
                <th scope="col" className="px-4 py-1.5 font-medium">Pull this platform</th>
              </tr>
            </thead>
            <tbody className="max-sm:block">
              {tag.platforms.map((p) => {
                const digest = p.digest ?? (index ? undefined : tag.digest ?? undefined);
                const pull = digest ? `${reference}@${digest}` : `${reference}:${tag.tag}`;
                const name = platformString(p);
                return (
                  <tr key={`${name}${p.osVersion ?? ""}${p.digest ?? ""}`} className="border-t border-slate-100 align-top max-sm:flex max-sm:flex-col max-sm:gap-1 max-sm:px-4 max-sm:py-2 dark:border-slate-800">
                    <th scope="row" className="whitespace-nowrap px-4 py-1.5 text-left align-top font-mono font-medium max-sm:whitespace-normal max-sm:p-0">
                      {name}
                      {p.configMismatch ? (
                        <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 font-sans text-xs font-normal text-amber-900 ring-1 ring-inset ring-amber-600/25 dark:bg-amber-950/50 dark:text-amber-200">
                          ⚠ mismatch: index says {name}, the image inside is {platformString(p.configMismatch)}; it cannot run there
                        </span>
                      ) : null}
                    </th>
                    <td className={`px-4 py-1.5 text-slate-600 max-sm:p-0 dark:text-slate-400 ${p.osVersion ? "" : "max-sm:hidden"}`}>{p.osVersion ? windowsVersionLabel(p.osVersion) : "—"}</td>
                    <td className="px-4 py-1.5 font-mono text-xs text-slate-600 max-sm:p-0 dark:text-slate-400">
                      <span className="inline-flex items-center gap-1">
                        <span title={digest}>{shortDigest(digest)}</span>
                        {digest ? <CopyButton value={digest} label={`Copy digest of ${name}${p.osVersion ? ` ${p.osVersion}` : ""}`} /> : null}
                      </span>
                    </td>
                    <td className="px-4 py-1.5 max-sm:p-0">
                      <span className="flex items-start gap-1">
                        <code className="[overflow-wrap:anywhere] rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                          {pull}
                        </code>
                        <CopyButton value={`docker pull ${pull}`} label={`Copy pull command for ${name}${p.osVersion ? ` ${p.osVersion}` : ""}`} />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {tag.skipped ? (
            <p className="border-t border-slate-100 px-4 py-1.5 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
              {tag.skipped} index {tag.skipped === 1 ? "entry" : "entries"} skipped: not images (signatures, attestations, other artifacts).
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}
