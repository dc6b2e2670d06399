// axe (axe-core 4.14, WCAG 2.2 A/AA) on every page, in the light and the dark theme and at a
// phone's 390×844, asserting zero violations. A failure prints each violation with its elements.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import axe from "axe-core";
import { EXTRA_RULES, formatViolations, rulesRun, runAxe } from "./support/axe";
import { scanAndWait, watch } from "./support/api";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { imagesOf } from "./support/state";

interface Seeded {
  repositoryId: string;
  scanId: string;
}

let seeded: Seeded | undefined;

async function seedOnce(request: APIRequestContext): Promise<Seeded> {
  if (seeded) return seeded;
  const images = imagesOf("a11y");
  const repos = [];
  for (const img of images) repos.push(await watch(request, img.reference));
  const scan = await scanAndWait(request, repos.map((r) => r.id));
  expect(scan.status, "seed scan").toBe("succeeded");
  seeded = { repositoryId: repos[1].id, scanId: scan.id };
  return seeded;
}

/** Waits until the page shows its data: an h1, React attached, no loading placeholder left. */
async function settled(page: Page): Promise<void> {
  const h1 = page.getByRole("heading", { level: 1 }).first();
  await expect(h1).toBeVisible(PAGE_READY);
  await waitForHydration(page.locator("header select, header button, header a").first());
  await expect(page.locator(".animate-pulse")).toHaveCount(0, PAGE_READY);
}

interface PageCase {
  name: string;
  open: (page: Page, s: Seeded) => Promise<void>;
}

const goto = (path: string) => async (page: Page) => {
  await page.goto(path);
  await settled(page);
};

const PAGES: PageCase[] = [
  { name: "overview", open: goto("/") },
  { name: "grid", open: goto("/grid?q=e2e/a11y") },
  { name: "grid grouped by namespace", open: goto("/grid?q=e2e/a11y&group=namespace") },
  {
    name: "grid with the details drawer open",
    open: async (page) => {
      await goto("/grid?q=e2e/a11y")(page);
      const cell = page.getByRole("button", { name: "arm: missing", exact: true }).first();
      await waitForHydration(cell);
      await cell.click();
      await expect(page.getByRole("dialog", { name: /^arm in .*\/e2e\/a11y\// })).toBeVisible();
    },
  },
  { name: "repository page", open: (page, s) => goto(`/repositories/${s.repositoryId}`)(page) },
  { name: "add page", open: goto("/repositories/new") },
  { name: "scans", open: goto("/scans") },
  { name: "a scan", open: (page, s) => goto(`/scans/${s.scanId}`)(page) },
  { name: "check", open: goto("/check") },
  { name: "webhooks", open: goto("/webhooks") },
  { name: "API reference", open: goto("/api-docs") },
  { name: "sign-in", open: goto("/signin") },
  { name: "not found", open: goto("/no-such-page") },
];

const MODES = [
  { name: "light", colorScheme: "light", viewport: { width: 1280, height: 800 } },
  { name: "dark", colorScheme: "dark", viewport: { width: 1280, height: 800 } },
  { name: "390×844", colorScheme: "light", viewport: { width: 390, height: 844 } },
] as const;

test("axe-core is 4.14 or newer, where label-in-name is a regular WCAG rule, and it runs here", async ({ page }) => {
  const [major, minor] = axe.version.split(".").map(Number);
  expect(major * 100 + minor, `axe-core ${axe.version}`).toBeGreaterThanOrEqual(414);
  await goto("/")(page);
  const results = await runAxe(page);
  expect(results.testEngine.version).toBe(axe.version);
  const ran = rulesRun(results);
  for (const rule of ["label-content-name-mismatch", "color-contrast", "link-in-text-block", ...EXTRA_RULES]) {
    expect(ran.has(rule), `${rule} should run`).toBe(true);
  }
});

for (const mode of MODES) {
  test.describe(`in ${mode.name}`, () => {
    test.use({ colorScheme: mode.colorScheme, viewport: mode.viewport });
    for (const p of PAGES) {
      test(`${p.name} has no axe violations`, async ({ page, request }) => {
        const s = await seedOnce(request);
        await p.open(page, s);
        const { violations } = await runAxe(page);
        expect(violations.length, formatViolations(`${p.name} in ${mode.name} (${page.url()})`, violations)).toBe(0);
      });
    }
  });
}
