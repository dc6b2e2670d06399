import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { LogoMark } from "@/components/logo";
import { NavLinks } from "@/components/nav-links";
import { ScanControl } from "@/components/scans/scan-control";
import { AccountControl } from "@/components/auth/account-control";
import { SignInPanel } from "@/components/auth/sign-in-panel";
import { ThemeSwitch } from "@/components/theme/theme-switch";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { env } from "@/lib/env";
import { oidcConfigured, signInConfigured, viewerOf } from "@/lib/auth/session";
import { localPath } from "@/lib/auth/respond";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "archgrid", template: "%s · archgrid" },
  description: "Architecture coverage of your organization's container images",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request makes every page render per request: proxy.ts gives each one a fresh CSP
  // nonce, which Next.js can only put on its scripts while rendering.
  const h = await headers();
  const found = await viewerOf(h);
  const viewer = found === "bad-token" ? null : found;
  const e = env();
  // Checked here as well as in proxy.ts, so a page is never rendered for a stranger even if the
  // proxy were skipped (CVE-2025-29927); the sign-in panel takes the page's place.
  const locked = e.ARCHGRID_READ_REQUIRES_SIGN_IN && !viewer;
  // The picked theme is on <html> in the first byte of HTML: no flash, no inline script.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers serverNow={Date.now()}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-slate-900"
          >
            Skip to content
          </a>
          <header className="sticky top-0 z-30 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            {/* Below 64rem the nav is a menu button (its list drops below the header) and the
                row may wrap (a running scan's progress); from 64rem up it is one 3.5rem row. */}
            <div className="mx-auto flex min-h-14 max-w-[1400px] flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 sm:px-6 lg:h-14 lg:flex-nowrap lg:gap-6 lg:py-0">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight" aria-label="archgrid home">
                <LogoMark />
                <span className="text-[15px] max-[420px]:hidden">archgrid</span>
              </Link>
              <nav aria-label="Main" className="min-w-0 flex-1">
                <NavLinks />
              </nav>
              {locked ? null : <ScanControl />}
              <ThemeSwitch initial={theme} />
              <AccountControl viewer={viewer} signInOffered={signInConfigured(e)} />
            </div>
          </header>
          {/* tabIndex -1: the skip link moves focus here, so the next Tab starts in the content. */}
          <main id="main" tabIndex={-1} className="mx-auto max-w-[1400px] px-4 py-6 outline-none sm:px-6">
            {locked ? <SignInPanel token={Boolean(e.ARCHGRID_ADMIN_TOKEN)} oidc={oidcConfigured(e)} next={localPath(decoded(h.get("x-archgrid-next")))} error={decoded(h.get("x-archgrid-error"))} /> : children}
          </main>
        </Providers>
      </body>
    </html>
  );
}

function decoded(v: string | null): string {
  try {
    return decodeURIComponent(v ?? "");
  } catch {
    return "";
  }
}
