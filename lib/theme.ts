// The colour theme a person picked: light, dark, or whatever their system says. Read by the root
// layout from a cookie so the first HTML already carries it (no flash, and no inline script, which
// the nonce CSP in proxy.ts would have to let through); globals.css turns `data-theme` into colours.
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "archgrid-theme";
/** Also kept in localStorage, so a cleared or expired cookie is restored on the next visit. */
export const THEME_STORAGE_KEY = "archgrid-theme";

/** Anything unknown (no cookie, a hand-edited one) means "follow the system". */
export function parseTheme(value: string | null | undefined): Theme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

/** The Set-Cookie text for `document.cookie`: a year, the whole site, never sent cross-site. */
export function themeCookie(theme: Theme): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
