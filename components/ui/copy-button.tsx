"use client";

import { useState } from "react";
import { buttonClass } from "./button";

/** Copies `value`; `label` is the accessible name ("Copy digest of linux/arm64"). */
export function CopyButton({
  value,
  label,
  className = "",
  onDark = false,
}: {
  value: string;
  label: string;
  className?: string;
  /** On a dark surface (code blocks) in both colour schemes. */
  onDark?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API needs a secure context; fall back to a hidden textarea.
      const ta = document.createElement("textarea");
      ta.value = value;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" onClick={copy} aria-label={label} title={label} className={`${onDark ? "inline-flex h-7 items-center gap-1.5 rounded-md px-1.5 text-slate-300 hover:bg-slate-700 hover:text-white" : `${buttonClass("ghost", "sm")} h-7 px-1.5`} ${className}`}>
      {copied ? (
        <>
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 text-emerald-600" fill="none" stroke="currentColor" strokeWidth="2"><path d="M3 8.5l3 3 7-7" /></svg>
          <span className="text-xs" role="status">Copied</span>
        </>
      ) : (
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5"><rect x="5" y="5" width="8.5" height="8.5" rx="1.5" /><path d="M10.5 5V3.5A1.5 1.5 0 009 2H3.5A1.5 1.5 0 002 3.5V9a1.5 1.5 0 001.5 1.5H5" /></svg>
      )}
    </button>
  );
}
