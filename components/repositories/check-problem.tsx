"use client";
// What the registry said when a reference was checked before adding, with a way forward: the
// names it suggests, the newest tags in place of a missing one, and "Add anyway".
import { buttonClass } from "@/components/ui/button";

export interface Problem {
  code: string;
  message: string;
  /** Full references close to an unknown name. */
  suggestions: string[];
  /** The repository's newest tags, when the tracked one does not exist. */
  tags: string[];
  /** What was submitted (without its tag or digest for a tag pick). */
  reference: string;
}

/** `host/name:tag` with the tag (or digest) replaced; the name part is never split on a port colon. */
export function withTag(reference: string, tag: string): string {
  const at = reference.indexOf("@");
  let name = at >= 0 ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) name = name.slice(0, colon);
  return `${name}:${tag}`;
}

export function CheckProblem({
  problem,
  pending,
  onUseReference,
  onAddAnyway,
}: {
  problem: Problem;
  pending: boolean;
  onUseReference: (reference: string, ev: React.MouseEvent) => void;
  onAddAnyway: (ev: React.MouseEvent) => void;
}) {
  const unreachable = problem.code === "registry-unreachable" || problem.code === "registry-check-failed";
  return (
    <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <p>{problem.message}</p>
      {problem.suggestions.length ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>Did you mean</span>
          {problem.suggestions.map((r) => (
            <button key={r} type="button" className={`${buttonClass("secondary", "sm")} font-mono`} disabled={pending} onClick={(ev) => onUseReference(r, ev)}>
              {r}
            </button>
          ))}
        </div>
      ) : null}
      {problem.tags.length ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>Track one of its newest tags:</span>
          {problem.tags.map((t) => (
            <button key={t} type="button" aria-label={`Track ${t}`} className={`${buttonClass("secondary", "sm")} font-mono`} disabled={pending} onClick={(ev) => onUseReference(withTag(problem.reference, t), ev)}>
              {t}
            </button>
          ))}
        </div>
      ) : null}
      <button type="button" className={buttonClass(unreachable ? "primary" : "secondary", "sm")} disabled={pending} onClick={onAddAnyway}>
        Add anyway{unreachable ? "" : " (watch it before it exists)"}
      </button>
    </div>
  );
}
