"use client";

// What the overview shows before there is anything to show: the welcome and the loading skeleton.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

export function Welcome() {
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

export function OverviewSkeleton() {
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
