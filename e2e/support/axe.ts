// axe-core on a page, the way every a11y assertion in the specs runs it: WCAG 2.0/2.1/2.2 A and
// AA rules plus page-has-heading-one (a best practice, but a page without an h1 leaves screen
// reader users with nothing to jump to), and violations printed so a failure says what to fix.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type { AxeResults, Result } from "axe-core";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
/** Rules outside the tags above that the pages must pass too. */
export const EXTRA_RULES = ["page-has-heading-one"];

export async function runAxe(page: Page): Promise<AxeResults> {
  const rules = Object.fromEntries(EXTRA_RULES.map((r) => [r, { enabled: true }]));
  return new AxeBuilder({ page }).withTags(WCAG_TAGS).options({ rules }).analyze();
}

/** Every rule axe ran (passed, failed, unsure or found nothing to check). */
export function rulesRun(results: AxeResults): Set<string> {
  return new Set([...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map((r) => r.id));
}

/** One block per violation: rule, impact, what it means, then each failing element and why. */
export function formatViolations(where: string, violations: Result[]): string {
  if (violations.length === 0) return `${where}: no violations`;
  const lines = [`${where}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? "?"}): ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`    at ${n.target.join(" ")}`);
      lines.push(`       ${n.html.slice(0, 160)}`);
      for (const why of (n.failureSummary ?? "").split("\n").slice(1)) if (why.trim()) lines.push(`       ${why.trim()}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join("\n");
}
