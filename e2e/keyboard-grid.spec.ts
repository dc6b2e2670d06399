// Keyboard only: the grid is one tab stop (WAI-ARIA grid pattern, roving tabindex), arrow keys
// move between cells, Enter opens a cell's details and Escape brings focus back to that cell;
// the skip link jumps over the header, and every page is reachable from the nav.
import { expect, test, type Page } from "@playwright/test";
import { gotoGrid, gridRow, gridTable } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { ALL_FIVE, AMD64_ARM64, AMD64_ONLY, pushAndSeed } from "./support/own-images";

const PREFIX = "e2e/keyboard/";

/** A short description of the focused element: its accessible label or its text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "";
    return (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
  });
}

/** Whether focus is inside the grid. */
function inGrid(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean(document.activeElement?.closest('[role="grid"]')));
}

test("one tab stop, arrows between cells, Enter opens details, focus comes back", async ({ page, request }) => {
  const repos = await pushAndSeed(request, [
    { repo: `${PREFIX}alpha`, tags: [["latest", ALL_FIVE]] },
    { repo: `${PREFIX}beta`, tags: [["latest", AMD64_ARM64]] },
    { repo: `${PREFIX}gamma`, tags: [["latest", AMD64_ONLY]] },
  ]);
  const [alpha, beta, gamma] = repos;
  await gotoGrid(page, { q: PREFIX });
  const grid = gridTable(page);
  await expect(gridRow(page, gamma.reference)).toBeVisible(PAGE_READY);
  await waitForHydration(gridRow(page, alpha.reference).getByRole("link"));

  // The markup has exactly one element in the tab order (the page has 3 rows × 7 controls).
  const tabbable = await grid.evaluate((el) => [...el.querySelectorAll<HTMLElement>("a, button, [tabindex]")].filter((e) => e.tabIndex >= 0 && !e.hasAttribute("disabled")).length);
  expect(tabbable).toBe(1);

  // From the search box, Tab reaches the grid once and the next Tab leaves it.
  const search = page.getByRole("searchbox", { name: "Search repositories" });
  await search.focus();
  let steps = 0;
  while (!(await inGrid(page))) {
    await page.keyboard.press("Tab");
    expect(++steps, "Tab never reached the grid").toBeLessThan(30);
  }
  // The tab stop is the first repository's name.
  expect(await focused(page)).toBe(alpha.reference);
  await page.keyboard.press("Tab");
  expect(await inGrid(page), "a second Tab stayed in the grid").toBe(false);
  await page.keyboard.press("Shift+Tab");
  expect(await focused(page)).toBe(alpha.reference);

  // Arrows: right into the cells, down to the next repository, End / Home along the row.
  await page.keyboard.press("ArrowRight");
  expect(await focused(page)).toBe("amd64: present");
  await page.keyboard.press("ArrowRight");
  // ALL_FIVE publishes linux/arm/v7: the cell shows (and is named with) its variant.
  expect(await focused(page)).toBe("arm: present, v7");
  await page.keyboard.press("ArrowDown");
  await expect(gridRow(page, beta.reference).getByRole("button", { name: "arm: missing", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(gridRow(page, gamma.reference).getByRole("button", { name: "arm: missing", exact: true })).toBeFocused();
  // Past the last row nothing moves.
  await page.keyboard.press("ArrowDown");
  await expect(gridRow(page, gamma.reference).getByRole("button", { name: "arm: missing", exact: true })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(gridRow(page, gamma.reference).getByRole("button", { name: `Show tags of ${gamma.reference}` })).toBeFocused();
  await page.keyboard.press("End");
  await expect(gridRow(page, gamma.reference).getByRole("gridcell").last()).toBeFocused();
  await page.keyboard.press("Control+Home");
  // The header row is part of the grid: its first cell is the name sort.
  await expect(grid.getByRole("columnheader").first().getByRole("button", { name: /Repository/ })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const betaArm64 = gridRow(page, beta.reference).getByRole("button", { name: "arm64: present", exact: true });
  await expect(betaArm64).toBeFocused();

  // Enter opens the cell's details; Escape closes them and focus is back on that cell.
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: `arm64 in ${beta.reference}` });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Close details" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(betaArm64).toBeFocused();
  // Space does the same, and the drawer's close button returns focus too.
  await page.keyboard.press("Space");
  await expect(drawer).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(drawer).toBeHidden();
  await expect(betaArm64).toBeFocused();

  // The grid remembers the cell: Tab out and Shift+Tab back lands on it, still the only stop.
  await page.keyboard.press("Tab");
  expect(await inGrid(page)).toBe(false);
  await page.keyboard.press("Shift+Tab");
  await expect(betaArm64).toBeFocused();
  const stops = await grid.evaluate((el) => [...el.querySelectorAll<HTMLElement>("a, button, [tabindex]")].filter((e) => e.tabIndex >= 0).length);
  expect(stops).toBe(1);

  // Enter on a name follows its link.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  expect(await focused(page)).toBe(beta.reference);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/repositories/${beta.id}$`));
});

test("a focused cell is never hidden under the sticky headers", async ({ page, request }) => {
  await pushAndSeed(request, [
    { repo: `${PREFIX}alpha`, tags: [["latest", ALL_FIVE]] },
    { repo: `${PREFIX}beta`, tags: [["latest", AMD64_ARM64]] },
    { repo: `${PREFIX}gamma`, tags: [["latest", AMD64_ONLY]] },
  ]);
  await page.setViewportSize({ width: 1280, height: 600 });
  await gotoGrid(page, { q: PREFIX });
  const grid = gridTable(page);
  const alphaAmd64 = grid.getByRole("button", { name: "amd64: present", exact: true }).first();
  const first = grid.getByRole("rowheader").first().getByRole("link");
  await waitForHydration(first);
  // Room to scroll (the test's own padding: three rows make a short page).
  await page.evaluate(() => {
    document.body.style.paddingBottom = "2000px";
  });
  await first.focus();
  await page.keyboard.press("ArrowRight");
  await expect(alphaAmd64).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  // Scroll so the first row sits right under the site header, behind the grid's sticky column
  // headers, while the third row (focused) is still in view; then arrow back up to the first.
  await page.evaluate(() => {
    const row = document.querySelector('[role="grid"] tbody tr') as HTMLElement;
    window.scrollBy(0, row.getBoundingClientRect().top - 64);
  });
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(alphaAmd64).toBeFocused();
  const covered = await alphaAmd64.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + 4);
    return !(hit && (hit === el || el.contains(hit)));
  });
  expect(covered, "the focused cell is under a sticky header").toBe(false);
});

test("skip link and nav: every page reachable from the keyboard", async ({ page }) => {
  await page.goto("/grid");
  await expect(page.getByRole("heading", { level: 1, name: "Coverage grid" })).toBeVisible(PAGE_READY);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // The next Tab is inside the page's content, past the header and its nav.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);

  // Each nav destination by Tab and Enter, from the top of a fresh page.
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [label, path, heading] of [
    ["Scans", /\/scans$/, "Scans"],
    ["Add repositories", /\/repositories\/new$/, /Add repositories/],
    ["Overview", /\/$/, undefined],
  ] as const) {
    const link = nav.getByRole("link", { name: label });
    await waitForHydration(link);
    let steps = 0;
    // A fresh load: Tab starts from the top of the page (skip link, home link, then the nav).
    await page.reload();
    await waitForHydration(link);
    while (!(await link.evaluate((el) => el === document.activeElement))) {
      await page.keyboard.press("Tab");
      expect(++steps, `Tab never reached ${label}`).toBeLessThan(20);
    }
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(path);
    await expect(page.getByRole("heading", heading ? { level: 1, name: heading } : { level: 1 })).toBeVisible(PAGE_READY);
  }
});
