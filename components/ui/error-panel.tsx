"use client";

import { buttonClass } from "./button";

export function ErrorPanel({ error, reset, title = "Something went wrong" }: { error: Error; reset: () => void; title?: string }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-rose-200 bg-rose-50 p-6 dark:border-rose-900 dark:bg-rose-950/40">
      <h1 className="text-lg font-semibold text-rose-900 dark:text-rose-200">{title}</h1>
      <p className="mt-2 text-sm text-rose-800 dark:text-rose-300">{error.message || "An unexpected error occurred."}</p>
      <button type="button" onClick={reset} className={`${buttonClass("secondary")} mt-4`}>
        Retry
      </button>
    </div>
  );
}
