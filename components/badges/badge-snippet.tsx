"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { Section } from "@/components/ui/section";
import { useHydrated } from "@/components/ui/use-hydrated";

/** The badge's path: by reference (readable in a README, survives re-adding), url-encoded. */
export function badgePath(reference: string): string {
  return `/api/badges/${encodeURIComponent(reference)}.svg`;
}

/** A README badge of this repository's coverage, with the Markdown to copy. */
export function BadgeSnippet({ id, reference }: { id: string; reference: string }) {
  // The server does not know the address users reach it by; the browser does.
  const origin = useHydrated() ? window.location.origin : "";
  const markdown = `[![architectures](${origin}${badgePath(reference)})](${origin}/repositories/${id})`;
  return (
    <Section title="Badge" titleId="badge">
      <div className="space-y-2 text-sm">
        <img src={badgePath(reference)} alt={`Architecture badge of ${reference}`} height={20} />
        <div className="flex items-start gap-2 rounded-md bg-slate-900 p-2">
          <code aria-label="Badge Markdown" className="min-w-0 flex-1 break-all font-mono text-xs text-slate-100">{markdown}</code>
          <CopyButton value={markdown} label="Copy badge Markdown" onDark />
        </div>
      </div>
    </Section>
  );
}
