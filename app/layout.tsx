import type { Metadata } from "next";
import { connection } from "next/server";
import Link from "next/link";
import { LogoMark } from "@/components/logo";
import { NavLinks } from "@/components/nav-links";
import { ScanControl } from "@/components/scans/scan-control";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "archgrid", template: "%s · archgrid" },
  description: "Architecture coverage of your organization's container images",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: proxy.ts gives each one a fresh CSP nonce, which Next.js can
  // only put on its scripts while rendering (a prerendered page would carry none and be blocked).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-slate-900"
          >
            Skip to content
          </a>
          <header className="sticky top-0 z-30 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div className="mx-auto flex h-14 max-w-[1400px] items-center gap-6 px-4 sm:px-6">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight" aria-label="archgrid home">
                <LogoMark />
                <span className="text-[15px]">archgrid</span>
              </Link>
              <nav aria-label="Main" className="min-w-0 flex-1 overflow-x-auto">
                <NavLinks />
              </nav>
              <ScanControl />
            </div>
          </header>
          <main id="main" className="mx-auto max-w-[1400px] px-4 py-6 sm:px-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
