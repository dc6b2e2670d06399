// Base images and upgrade hints on the repository page (issue 13 items 5 and 6): gaps the base
// image causes, notes on bases that could not be read, and where a missing architecture arrives
// or was dropped across the tracked versions. Renders nothing when there is nothing to say.
import type { ApiRepositoryRow } from "@/lib/api-types";
import { shortDigest } from "@/components/ui/format";

export function hasLineage(row: ApiRepositoryRow): boolean {
  return Boolean(row.blockedByBase?.length || row.upgradeHints?.length || row.tags.some((t) => t.base));
}

export function LineagePanel({ row }: { row: ApiRepositoryRow }) {
  const withBase = row.tags.filter((t) => t.base);
  return (
    <div className="space-y-4 px-4 py-3 text-sm">
      {row.blockedByBase?.length ? (
        <div>
          <h3 className="mb-1 font-medium">Blocked by the base image</h3>
          <ul className="list-disc space-y-1 pl-5">
            {row.blockedByBase.map((b) => (
              <li key={b.column}>
                {b.message} <span className="text-slate-600 dark:text-slate-400">(tags {b.tags.join(", ")}): add {b.column} to the base, or build on one that has it, before this image can.</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {row.upgradeHints?.length ? (
        <div>
          <h3 className="mb-1 font-medium">Upgrade hints</h3>
          <ul className="list-disc space-y-1 pl-5">
            {row.upgradeHints.map((h) => (
              <li key={`${h.kind}-${h.column}-${h.tag}`}>{h.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {withBase.length ? (
        <div>
          <h3 className="mb-1 font-medium">Base images</h3>
          <table className="w-full text-xs">
            <caption className="sr-only">Base image of each tag</caption>
            <thead>
              <tr className="text-left text-slate-500 dark:text-slate-400">
                <th scope="col" className="pb-1 font-medium">Tag</th>
                <th scope="col" className="pb-1 font-medium">Built on</th>
                <th scope="col" className="pb-1 font-medium">Base platforms</th>
              </tr>
            </thead>
            <tbody>
              {withBase.map((t) => (
                <tr key={t.tag} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <th scope="row" className="py-1.5 pr-2 text-left font-mono font-normal">{t.tag}</th>
                  <td className="py-1.5 pr-2 [overflow-wrap:anywhere] font-mono">
                    {t.base!.name ?? "(no name)"} {t.base!.digest ? <span className="text-slate-500 dark:text-slate-400">{shortDigest(t.base!.digest)}</span> : null}
                  </td>
                  <td className="py-1.5">
                    {t.base!.platforms ? <span className="font-mono">{t.base!.platforms.join(", ") || "none"}</span> : null}
                    {t.base!.note ? <p className="text-slate-600 dark:text-slate-400">{t.base!.note}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
