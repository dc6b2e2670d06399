"use client";

import { useEffect, useState } from "react";
import { parseTheme, themeCookie, THEME_COOKIE, THEME_STORAGE_KEY, THEMES, type Theme } from "@/lib/theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

function apply(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.cookie = themeCookie(theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage can be off (private windows, policies); the cookie alone still carries the choice.
  }
}

/**
 * The header's theme picker. `initial` is what the server read from the cookie and already put on
 * <html>, so the first paint is right; a change applies at once and is remembered in both places.
 */
export function ThemeSwitch({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);

  // The cookie is gone but this browser remembers a choice: bring it back (only then can the page
  // flash once, on the first visit after the cookie was cleared).
  useEffect(() => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      return;
    }
    const remembered = parseTheme(stored);
    if (stored && remembered !== initial && !document.cookie.includes(`${THEME_COOKIE}=`)) {
      apply(remembered);
      setTheme(remembered);
    }
  }, [initial]);

  return (
    <label className="flex items-center gap-1 text-xs text-slate-700 dark:text-slate-300">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
        <circle cx="8" cy="8" r="5.5" />
        <path d="M8 2.5a5.5 5.5 0 010 11z" fill="currentColor" />
      </svg>
      <span className="sr-only">Theme</span>
      <select
        value={theme}
        onChange={(e) => {
          const next = parseTheme(e.target.value);
          setTheme(next);
          apply(next);
        }}
        className="h-8 rounded-md border border-slate-300 bg-white px-1.5 text-xs text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABELS[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
