import type { ApiRepositoryRow, ApiTagCoverage } from "@/lib/api-types";
import { isReleasedVersion, leadRemediation, type RemediationPlan, type SiblingImage, type TagGaps } from "@/lib/coverage/remediation";
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

function gapsOf(t: ApiTagCoverage): TagGaps {
  // An entry whose image is another platform (mismatch) provides nothing: it is rebuilt like a gap.
  const present = [...new Set(t.platforms.filter((p) => !p.configMismatch).map((p) => (p.os === "linux" ? p.architecture : `${p.os}/${p.architecture}`)))];
  return { tag: t.tag, present, missing: t.missing, isIndex: isIndexMediaType(t.mediaType) };
}

function Steps({ plan }: { plan: RemediationPlan }) {
  return (
    <ol className="mt-3 space-y-4">
      {plan.steps.map((step) => (
        <li key={step.id}>
          <h3 className="text-sm font-semibold">{step.title}</h3>
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
  );
}

/**
 * "What to do" leads with one block: `latest` (or the newest tag) fixed for every gap at once,
 * rebuilt in place only when it is a moving tag; a released version gets a new version instead.
 * Older tags follow as a list, since they are released builds people may have pinned.
 */
export function RemediationPanel({ row }: { row: ApiRepositoryRow }) {
  if (row.status !== "ok") {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Fix suggestions appear after a successful scan.</p>;
  }
  const siblings: SiblingImage[] = Object.entries(row.cells).flatMap(([column, cell]) => (cell.siblings ?? []).map((s) => ({ column, reference: s.reference })));
  // Rows come newest first (lib/queries), so the first readable tag is the newest.
  const readable = row.tags.filter((t) => t.digest && !t.error).map(gapsOf);
  const lead = readable.length ? leadRemediation(repositoryOf(row.reference), readable, siblings) : null;
  if (!lead) {
    return <p className="text-sm text-emerald-800 dark:text-emerald-300">Nothing to do: every tracked tag publishes every required architecture.</p>;
  }
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm">
          <span className="font-medium">
            Start with <code className="font-mono">{lead.from}</code>
          </span>
          {lead.plan.steps.length ? (
            <>
              {": "}publish <span className="font-mono text-rose-700 dark:text-rose-400">{lead.missing.join(", ")}</span> as{" "}
              <code className="font-mono">{lead.publishAs}</code>.
            </>
          ) : (
            "."
          )}
        </p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{lead.why}</p>
        <Steps plan={lead.plan} />
      </div>
      {lead.others.length ? (
        <div>
          <h3 className="text-sm font-semibold">Older tags with gaps</h3>
          <ul className="mt-1 space-y-0.5 text-sm text-slate-600 dark:text-slate-400">
            {lead.others.map((t) => (
              <li key={t.tag}>
                <code className="font-mono">{t.tag}</code> lacks <span className="font-mono">{t.missing.join(", ")}</span>
                {isReleasedVersion(t.tag) ? " — a released version: left as it is; the fix ships in the build above." : " — a moving tag: rebuild it the same way when it is next published."}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
