"use client";

import Link from "next/link";
import { useCoverageQuery } from "@/components/coverage/use-coverage";
import { buttonClass, cardClass } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ErrorNote, Section } from "@/components/ui/section";
import type { ApiColumnSummary } from "@/lib/api-types";
import { CoverageSplitBar, coverageSentence, coverageSplit } from "@/components/coverage/coverage-split";
import { OVERVIEW_COVERAGE } from "./overview-request";
import { scannedNote } from "@/lib/coverage/figures";
import { RateLimits, Regressions, ScanStatusCard, Trend } from "./overview-cards";
import { OverviewSkeleton, Welcome } from "./overview-empty";

export function OverviewDashboard() {
  const coverage = useCoverageQuery(OVERVIEW_COVERAGE);
  if (coverage.isPending) return <OverviewSkeleton />;
  if (coverage.error) return <ErrorNote error={coverage.error} />;
  const { summary, architectures } = coverage.data;
  if (summary.repositories === 0) return <Welcome />;

  const completePct = summary.scanned ? (summary.complete / summary.scanned) * 100 : 0;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Architecture coverage across {summary.repositories} watched{" "}
            {summary.repositories === 1 ? "repository" : "repositories"}; {scannedNote(summary.scanned, summary.repositories)}.
          </p>
        </div>
        <div className="flex gap-2">
          <Link href="/grid" className={buttonClass("secondary")}>Open the grid</Link>
          <Link href="/repositories/new" className={buttonClass("secondary")}>Add repositories</Link>
        </div>
      </div>

      <div className="grid gap-4 md:grid-cols-3">
        <Stat
          label="Multi-arch ready"
          value={`${summary.complete} / ${summary.scanned}`}
          hint={`scanned repositories publish every required architecture (${Math.round(completePct)}% of ${summary.scanned} scanned; ${scannedNote(summary.scanned, summary.repositories)})`}
        >
          <ProgressBar label="Repositories covering every architecture" value={Math.round(completePct)} valueText={`${Math.round(completePct)}%`} tone="emerald" className="mt-3" />
        </Stat>
        <Stat
          label="With gaps"
          value={String(summary.scanned - summary.complete)}
          hint="repositories miss at least one architecture"
          href={summary.scanned - summary.complete > 0 ? "/grid?sort=coverage" : undefined}
          hrefLabel="See them in the grid"
        />
        <Stat
          label="Not scanned yet or failed"
          value={String(summary.repositories - summary.scanned)}
          hint="repositories show as unknown until a scan succeeds"
          href={summary.repositories - summary.scanned > 0 ? "/grid?status=error" : undefined}
          hrefLabel="See scan errors"
        />
      </div>

      <div className="grid gap-4 lg:grid-cols-5">
        <Section title="Coverage by architecture" titleId="coverage-by-arch" className="lg:col-span-2">
          <CoverageBars columns={summary.columns} />
        </Section>
        <Section title="Coverage over time" titleId="coverage-trend" className="lg:col-span-3">
          <Trend columns={architectures} />
        </Section>
      </div>

      <div className="grid items-start gap-4 lg:grid-cols-3">
        <Section
          title="Latest regressions"
          titleId="latest-regressions"
          className="lg:col-span-2"
        >
          <Regressions />
        </Section>
        <div className="space-y-4">
          <Section title="Scan status" titleId="scan-status" actions={<Link href="/scans" className="text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-400">All scans</Link>}>
            <ScanStatusCard />
          </Section>
          <Section title="Registry rate limits" titleId="rate-limits">
            <RateLimits />
          </Section>
        </div>
      </div>
    </div>
  );
}

function Stat({
  label,
  value,
  hint,
  href,
  hrefLabel,
  children,
}: {
  label: string;
  value: string;
  hint: string;
  href?: string;
  hrefLabel?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className={`${cardClass} p-4`}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-3xl font-semibold tracking-tight tabular">{value}</p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{hint}</p>
      {children}
      {href ? (
        <Link href={href} className="mt-2 inline-block text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400">
          {hrefLabel} →
        </Link>
      ) : null}
    </div>
  );
}

export function CoverageBars({ columns }: { columns: ApiColumnSummary[] }) {
  return (
    <ul className="space-y-3.5">
      {columns.map((c) => {
        const split = coverageSplit(c);
        return (
          <li key={c.key}>
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
              <span className="font-mono font-medium">{c.key}</span>
              <span className="tabular text-slate-600 dark:text-slate-400">
                {split.scanned ? <span className="font-semibold text-slate-900 dark:text-slate-100">{split.complete}%</span> : "nothing scanned yet"}
                {split.partial > 0 ? <span className="text-amber-800 dark:text-amber-300">{` · ${split.partial}% some tags`}</span> : null}
                {c.missing > 0 ? (
                  <>
                    {" · "}
                    <Link href={`/grid?missing=${encodeURIComponent(c.key)}`} className="text-rose-700 underline hover:decoration-2 dark:text-rose-400">
                      {c.missing} missing
                    </Link>
                  </>
                ) : null}
                {` · ${scannedNote(split.scanned, split.total)}`}
              </span>
            </div>
            {/* The bar is a picture of the sentence its progressbar role reads out. */}
            <div role="progressbar" aria-label={`${c.key} coverage`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(split.bar.complete)} aria-valuetext={coverageSentence(c)}>
              <CoverageSplitBar split={split} className="h-2.5" />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
