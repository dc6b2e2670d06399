// Full-page screenshots of the main views, light and dark, for design review.
// Usage: npx tsx scripts/screenshots.ts [baseUrl=http://127.0.0.1:3000] [outDir=screenshots]
import fs from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";

const baseUrl = (process.argv[2] ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const outDir = process.argv[3] ?? "screenshots";

interface CoverageLite {
  repositories: Array<{ id: string; missing: string[]; status: string; tags: unknown[]; cells: Record<string, { state: string }> }>;
}

async function pickRepositoryId(): Promise<string | null> {
  const res = await fetch(`${baseUrl}/api/coverage`);
  if (!res.ok) return null;
  const body = (await res.json()) as CoverageLite;
  const rows = body.repositories;
  // The most instructive page: scanned, with gaps, several tags.
  const best =
    rows.find((r) => Object.values(r.cells).some((c) => c.state === "separate-image")) ??
    rows.filter((r) => r.status === "ok" && r.missing.length > 0).sort((a, b) => b.tags.length - a.tags.length)[0] ??
    rows[0];
  return best?.id ?? null;
}

async function settle(page: Page) {
  await page.waitForLoadState("networkidle").catch(() => {});
  // Wait until no loading skeleton is left on screen (data comes from the API after hydration).
  await page.waitForFunction(() => !document.querySelector(".animate-pulse"), undefined, { timeout: 30_000 }).catch(() => {});
  await page.waitForTimeout(200);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const repoId = await pickRepositoryId();
  const views: Array<{ name: string; url: string; prepare?: (page: Page) => Promise<void> }> = [
    { name: "overview", url: "/" },
    { name: "grid", url: "/grid" },
    { name: "grid-filtered", url: "/grid?missing=s390x&group=namespace&extra=riscv64,windows/amd64" },
    {
      name: "grid-expanded",
      url: "/grid?sort=coverage",
      prepare: async (page) => {
        const expand = page.getByRole("button", { name: /^Show tags of / }).first();
        if (await expand.count()) await expand.click();
        const cell = page.getByRole("button", { name: /: (missing|separate image|partial)$/ }).first();
        if (await cell.count()) await cell.click();
        await page.waitForTimeout(300);
      },
    },
    ...(repoId ? [{ name: "repository", url: `/repositories/${repoId}` }] : []),
    { name: "add", url: "/repositories/new" },
    { name: "scans", url: "/scans" },
  ];

  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme });
      const page = await context.newPage();
      for (const view of views) {
        await page.goto(`${baseUrl}${view.url}`, { waitUntil: "domcontentloaded" });
        await settle(page);
        if (view.prepare) await view.prepare(page);
        const file = path.join(outDir, `${view.name}-${colorScheme}.png`);
        // SHOTS_VIEWPORT=1 keeps to the first screen (what a 1366×768 laptop shows).
        await page.screenshot({ path: file, fullPage: !view.prepare && !process.env.SHOTS_VIEWPORT });
        console.log(file);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
