import type { ApiRepositoryRow } from "@/lib/api-types";
import { remediationPlan, type SiblingImage } from "@/lib/coverage/remediation";
import { isIndexMediaType } from "@/components/coverage/tags-table";
import { CopyButton } from "@/components/ui/copy-button";

/** Strip the tag/digest: the API's reference is the repository, but be lenient. */
function repositoryOf(reference: string): string {
  const at = reference.indexOf("@");
  let s = at >= 0 ? reference.slice(0, at) : reference;
  const colon = s.lastIndexOf(":");
  if (colon > s.lastIndexOf("/")) s = s.slice(0, colon);
  return s;
}

export function RemediationPanel({ row }: { row: ApiRepositoryRow }) {
  const siblings: SiblingImage[] = Object.entries(row.cells).flatMap(([column, cell]) =>
    (cell.siblings ?? []).map((s) => ({ column, reference: s.reference })),
  );
  const gaps = row.tags.filter((t) => !t.error && t.missing.length > 0);
  if (row.status !== "ok") {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Fix suggestions appear after a successful scan.</p>;
  }
  if (gaps.length === 0) {
    return (
      <p className="text-sm text-emerald-800 dark:text-emerald-300">
        Nothing to do: every tracked tag publishes every required architecture.
      </p>
    );
  }
  // Tags with the same gap get the same advice; show one plan per distinct gap.
  const groups = new Map<string, typeof gaps>();
  for (const t of gaps) {
    const key = [...t.missing].sort().join(",") + "|" + isIndexMediaType(t.mediaType);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const repository = repositoryOf(row.reference);
  return (
    <div className="space-y-6">
      {[...groups.values()].map((tags) => {
        const t = tags[0];
        // An entry whose image is another platform (mismatch) provides nothing: it is rebuilt like a gap.
        const present = [...new Set(t.platforms.filter((p) => !p.configMismatch).map((p) => (p.os === "linux" ? p.architecture : `${p.os}/${p.architecture}`)))];
        const plan = remediationPlan({
          repository,
          tag: t.tag,
          present,
          missing: t.missing,
          siblings: siblings.filter((s) => s.reference.endsWith(`:${t.tag}`) || !/:[^/]+$/.test(s.reference)),
          isIndex: isIndexMediaType(t.mediaType),
        });
        return (
          <div key={t.tag}>
            <p className="text-sm">
              <span className="font-medium">
                {tags.length === 1 ? (
                  <>Tag <code className="font-mono">{t.tag}</code></>
                ) : (
                  <>Tags <code className="font-mono">{tags.map((x) => x.tag).join(", ")}</code></>
                )}
              </span>{" "}
              {tags.length === 1 ? "lacks" : "lack"} <span className="font-mono text-rose-700 dark:text-rose-400">{t.missing.join(", ")}</span>.
              {tags.length > 1 ? <span className="text-slate-500"> (commands shown for {t.tag})</span> : null}
            </p>
            <ol className="mt-3 space-y-4">
              {plan.steps.map((step) => (
                <li key={step.id}>
                  <h3 className="text-sm font-semibold">
                    {step.title}
                  </h3>
                  <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{step.explanation}</p>
                  <div className="mt-2 overflow-hidden rounded-md bg-slate-900 text-slate-100 ring-1 ring-slate-800 dark:bg-black/50">
                    <div className="flex items-center justify-between border-b border-slate-700/60 px-3 py-1 text-[11px] uppercase tracking-wide text-slate-400">
                      <span>shell</span>
                      <CopyButton value={step.commands.filter((c) => !c.startsWith("#")).join("\n")} label={`Copy commands: ${step.title}`} onDark />
                    </div>
                    <pre className="whitespace-pre-wrap p-3 [overflow-wrap:anywhere] text-xs leading-relaxed" aria-label={`Commands: ${step.title}`}>
                      <code>{step.commands.map((c) => (c.startsWith("#") ? c : `$ ${c}`)).join("\n")}</code>
                    </pre>
                  </div>
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </div>
  );
}
