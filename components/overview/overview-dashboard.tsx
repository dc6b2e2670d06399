"use client";

import Link from "next/link";
import { useCoverageQuery, useEventsQuery, useRegistriesQuery, useTrendQuery } from "@/components/coverage/use-coverage";
import { isActive, useScansQuery } from "@/components/scans/use-scans";
import { ScanStatusBadge } from "@/components/scans/scan-status-badge";
import { buttonClass, cardClass } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ErrorNote, Section } from "@/components/ui/section";
import { Skeleton } from "@/components/ui/skeleton";
import { absoluteTime, relativeTime } from "@/components/ui/format";
import type { ApiColumnSummary } from "@/lib/api-types";
import { CoverageSplitBar, coverageSentence, coverageSplit } from "@/components/coverage/coverage-split";
import { OVERVIEW_COVERAGE } from "./overview-request";
import { TrendChart } from "./trend-chart";

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
            {summary.repositories === 1 ? "repository" : "repositories"}.
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
          hint={`scanned repositories publish every required architecture (${Math.round(completePct)}%)`}
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
                <span className="font-semibold text-slate-900 dark:text-slate-100">{split.complete}%</span>
                {split.partial > 0 ? <span className="text-amber-800 dark:text-amber-300">{` · ${split.partial}% some tags`}</span> : null}
                {c.missing > 0 ? (
                  <>
                    {" · "}
                    <Link href={`/grid?missing=${encodeURIComponent(c.key)}`} className="text-rose-700 hover:underline dark:text-rose-400">
                      {c.missing} missing
                    </Link>
                  </>
                ) : null}
                {c.unknown > 0 ? ` · ${c.unknown} unknown` : ""}
              </span>
            </div>
            {/* The bar is a picture of the sentence its progressbar role reads out. */}
            <div role="progressbar" aria-label={`${c.key} coverage`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={split.complete} aria-valuetext={coverageSentence(c)}>
              <CoverageSplitBar split={split} className="h-2.5" />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function Trend({ columns }: { columns: string[] }) {
  const trend = useTrendQuery(columns);
  if (trend.isPending) return <Skeleton className="h-48" />;
  if (trend.error) return <ErrorNote error={trend.error} />;
  return <TrendChart points={trend.data.points} columns={columns} />;
}

function Regressions() {
  const events = useEventsQuery({ limit: 8, regression: true });
  if (events.isPending) return <Skeleton className="h-32" />;
  if (events.error) return <ErrorNote error={events.error} />;
  if (events.data.events.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No regressions: no tag has lost an architecture since archgrid started watching.</p>;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {events.data.events.map((e) => (
        <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 first:pt-0 last:pb-0">
          <div className="min-w-0">
            <Link href={`/repositories/${e.repositoryId}`} className="font-medium hover:underline">
              {e.reference ?? e.repositoryId}:{e.tag}
            </Link>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {e.kind === "removed-tag" ? "tag removed" : "lost"}{" "}
              {e.removed.map((p) => (
                <span key={p} className="mr-1 inline-flex items-center rounded bg-rose-50 px-1.5 font-mono text-xs text-rose-800 ring-1 ring-inset ring-rose-600/20 dark:bg-rose-950/50 dark:text-rose-300">
                  − {p}
                </span>
              ))}
              {e.added.length > 0 ? (
                <>
                  gained{" "}
                  {e.added.map((p) => (
                    <span key={p} className="mr-1 inline-flex items-center rounded bg-emerald-50 px-1.5 font-mono text-xs text-emerald-800 ring-1 ring-inset ring-emerald-600/20 dark:bg-emerald-950/50 dark:text-emerald-300">
                      + {p}
                    </span>
                  ))}
                </>
              ) : null}
            </p>
          </div>
          <time dateTime={e.at} title={absoluteTime(e.at)} className="shrink-0 text-xs text-slate-500 dark:text-slate-400">
            {relativeTime(e.at)}
          </time>
        </li>
      ))}
    </ul>
  );
}

function ScanStatusCard() {
  const scans = useScansQuery(5);
  if (scans.isPending) return <Skeleton className="h-16" />;
  if (scans.error) return <ErrorNote error={scans.error} />;
  const latest = scans.data.scans[0];
  if (!latest) return <p className="text-sm text-slate-600 dark:text-slate-400">No scan has run yet. Press “Scan all” at the top.</p>;
  const finished = latest.done; // done counts failed jobs too
  return (
    <div className="space-y-2 text-sm">
      <div className="flex items-center justify-between">
        <ScanStatusBadge status={latest.status} />
        <span className="text-xs text-slate-500 dark:text-slate-400" title={absoluteTime(latest.finishedAt ?? latest.startedAt ?? latest.createdAt)}>
          {isActive(latest) ? "started " + relativeTime(latest.startedAt ?? latest.createdAt) : "finished " + relativeTime(latest.finishedAt ?? latest.createdAt)}
        </span>
      </div>
      <ProgressBar label="Latest scan progress" value={finished} max={Math.max(latest.total, 1)} valueText={`${finished} of ${latest.total}`} tone={latest.failed ? "amber" : "accent"} />
      <p className="tabular text-slate-600 dark:text-slate-400">
        {latest.done} of {latest.total} repositories scanned{latest.failed ? `, ${latest.failed} failed` : ""}
      </p>
    </div>
  );
}

function RateLimits() {
  const registries = useRegistriesQuery();
  if (registries.isPending) return <Skeleton className="h-16" />;
  if (registries.error) return <ErrorNote error={registries.error} />;
  if (registries.data.registries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No registries yet.</p>;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Registry rate limits</caption>
      <thead>
        <tr className="text-left text-xs text-slate-500 dark:text-slate-400">
          <th scope="col" className="pb-1 font-medium">Registry</th>
          <th scope="col" className="pb-1 text-right font-medium">Repos</th>
          <th scope="col" className="pb-1 text-right font-medium">Pulls left</th>
        </tr>
      </thead>
      <tbody className="tabular">
        {registries.data.registries.map((r) => {
          const rl = r.rateLimit;
          const known = rl && rl.remaining != null && rl.limit != null;
          const low = known && rl!.limit! > 0 && rl!.remaining! / rl!.limit! < 0.1;
          return (
            <tr key={r.host} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="max-w-40 truncate py-1.5 text-left font-mono text-xs font-normal" title={r.host}>{r.host}</th>
              <td className="py-1.5 text-right">{r.repositories}</td>
              <td className={`py-1.5 text-right ${low ? "font-semibold text-rose-700 dark:text-rose-400" : ""}`} title={rl?.at ? `as of ${absoluteTime(rl.at)}` : undefined}>
                {known ? `${rl!.remaining} / ${rl!.limit}` : "no limit reported"}
                {known && rl!.windowSeconds ? <span className="text-xs text-slate-500"> per {Math.round(rl!.windowSeconds / 3600)}h</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Welcome() {
  return (
    <div className="mx-auto max-w-3xl py-8">
      <h1 className="text-3xl font-semibold tracking-tight">Which of your images run on arm64?</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-400">
        archgrid reads the manifest lists of your container images (never their layers) and shows, for every
        repository, which CPU architectures it publishes: linux amd64, arm, arm64, ppc64le and s390x, plus
        optional 386, riscv64, mips64le and Windows.
      </p>
      <ol className="mt-6 space-y-3 text-sm">
        {[
          ["Add repositories", "one reference, a pasted list, or a whole registry namespace."],
          ["Scan", "archgrid fetches each tag's index from the registry and records its platforms."],
          ["Close the gaps", "the grid shows what is missing; each repository page gives the exact docker buildx / docker manifest commands to fix it."],
        ].map(([t, d], i) => (
          <li key={t} className="flex gap-3">
            <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">{i + 1}</span>
            <span><strong className="font-semibold">{t}</strong>: {d}</span>
          </li>
        ))}
      </ol>
      <Link href="/repositories/new" className={`${buttonClass("primary")} mt-8 h-10 px-5`}>
        Add your first repository
      </Link>
    </div>
  );
}

function OverviewSkeleton() {
  return (
    <div role="status" className="space-y-6">
      <span className="sr-only">Loading overview…</span>
      <Skeleton className="h-8 w-48" />
      <div className="grid gap-4 md:grid-cols-3">
        <Skeleton className="h-32" />
        <Skeleton className="h-32" />
        <Skeleton className="h-32" />
      </div>
      <div className="grid gap-4 lg:grid-cols-5">
        <Skeleton className="h-64 lg:col-span-2" />
        <Skeleton className="h-64 lg:col-span-3" />
      </div>
    </div>
  );
}
