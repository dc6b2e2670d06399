// Full-page screenshots of the main views, light and dark, for design review.
// Usage: npx tsx scripts/screenshots.ts [baseUrl=http://127.0.0.1:3000] [outDir=screenshots]
//    or: npx tsx scripts/screenshots.ts --seed 2000 [outDir]   (builds if needed, seeds a fresh
//        database with that many repositories × 4 tags, some failed and some not yet scanned,
//        starts the production server on a free port, and shoots the views at that scale)
import fs from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";

const seedIndex = process.argv.indexOf("--seed");
const seedCount = seedIndex >= 0 ? Number(process.argv[seedIndex + 1]) : 0;
const positional = seedIndex >= 0 ? process.argv.slice(2).filter((_, i) => i !== seedIndex - 2 && i !== seedIndex - 1) : process.argv.slice(2);
let baseUrl = (seedCount ? "" : (positional[0] ?? "http://127.0.0.1:3000")).replace(/\/$/, "");
const outDir = (seedCount ? positional[0] : positional[1]) ?? "screenshots";

/** A production server on a fresh database of `count` repositories, for looking at scale. */
async function seededServer(count: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const os = await import("node:os");
  const { ensureBuild, migrate, startServer } = await import("../bench/server");
  const { seed } = await import("../bench/ui");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-shots-"));
  const url = `file:${path.join(dir, "shots.db")}`;
  ensureBuild((line) => console.log(line));
  migrate(url);
  await seed(url, count);
  // Some variety: a failed repository every 40, one not scanned yet every 50.
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(url.slice("file:".length));
  db.prepare(`UPDATE "Repository" SET "status" = 'error', "errorCode" = 'repository-not-found', "errorMessage" = 'The registry has no repository by this name (MANIFEST_UNKNOWN)' WHERE CAST(substr("id", 5) AS INTEGER) % 40 = 7`).run();
  db.prepare(`UPDATE "Repository" SET "status" = 'pending', "lastScannedAt" = NULL WHERE CAST(substr("id", 5) AS INTEGER) % 50 = 11`).run();
  db.prepare(`UPDATE "Tag" SET "digest" = NULL, "checkedAt" = NULL WHERE "repositoryId" IN (SELECT "id" FROM "Repository" WHERE "status" <> 'ok')`).run();
  db.prepare(`DELETE FROM "TagPlatform" WHERE "tagId" IN (SELECT t."id" FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" WHERE r."status" <> 'ok')`).run();
  db.close();
  const server = await startServer({ databaseUrl: url, env: { ARCHGRID_SCAN_INTERVAL_MINUTES: "0" }, logPath: path.join(dir, "server.log") });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
  const seeded = seedCount > 0 ? await seededServer(seedCount) : null;
  if (seeded) baseUrl = seeded.url;
  try {
    await shoot();
  } finally {
    await seeded?.stop();
  }
}

async function shoot() {
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
