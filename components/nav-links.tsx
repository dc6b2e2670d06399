"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type FocusEvent } from "react";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/grid", label: "Grid" },
  { href: "/repositories/new", label: "Add repositories" },
  { href: "/check", label: "Check a deployment" },
  { href: "/scans", label: "Scans" },
  { href: "/api-docs", label: "API" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/settings", label: "Settings" },
];

/**
 * The main nav. From 64rem up: a row of links, as always. Below: a "Menu" button that discloses
 * the same list (WAI-ARIA disclosure navigation: aria-expanded on the button; Escape closes and
 * hands focus back to it; leaving the menu by Tab, tapping outside or following a link closes it).
 * Seven links never fit a phone's header: they used to scroll away sideways behind "Gr".
 */
export function NavLinks() {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // A new page closes the menu (set during render, so it never paints open over the new page).
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      if (wrapper.current?.contains(document.activeElement)) button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    // Tab past the last link: focus left the menu, so it closes behind it.
    if (e.relatedTarget && !e.currentTarget.contains(e.relatedTarget as Node)) setOpen(false);
  };

  return (
    <div ref={wrapper} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="main-nav-links"
        onClick={() => setOpen((o) => !o)}
        className="inline-flex min-h-9 items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:hidden dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
          {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />}
        </svg>
        Menu
      </button>
      <ul
        id="main-nav-links"
        className={`${open ? "max-lg:flex" : "max-lg:hidden"} items-center gap-1 max-lg:absolute max-lg:inset-x-0 max-lg:top-full max-lg:flex-col max-lg:items-stretch max-lg:border-b max-lg:border-slate-200 max-lg:bg-white max-lg:p-2 max-lg:shadow-lg lg:flex dark:max-lg:border-slate-800 dark:max-lg:bg-slate-900`}
      >
        {LINKS.map((l) => {
          const current = l.href === "/" ? pathname === "/" : pathname.startsWith(l.href);
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                // No viewport prefetch: on load the header's links sent 12 RSC requests, each a
                // render of the root layout, just when a user (and bench:ui) first searches the
                // grid; at 10,000 repositories the search waited behind them (bench/FINDINGS.md,
                // "third pass"). A click still navigates; it just fetches then.
                prefetch={false}
                aria-current={current ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors max-lg:block max-lg:px-3 max-lg:py-2.5 max-lg:text-base ${
                  current
                    ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white"
                    : "text-slate-600 hover:bg-slate-50 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-white"
                }`}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
