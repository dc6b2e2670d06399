// How a user reads the coverage grid: a row per repository (found by its link), and a cell
// button per architecture whose accessible name says "<column>: present|missing|...".
import { expect, type Locator, type Page } from "@playwright/test";
import { DEFAULT_COLUMNS, type Column } from "./catalog";
import { PAGE_READY, waitForHydration } from "./hydration";

/** The grid (a WAI-ARIA grid: one tab stop, arrow keys between cells). */
export function gridTable(page: Page): Locator {
  return page.getByRole("grid", { name: /Architecture coverage per repository/ });
}

/** The grid row of one repository (the row whose header links to it). */
export function gridRow(page: Page, reference: string): Locator {
  return gridTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: reference, exact: true }) });
}

/** Exactly `missing` is missing in this row; every other default column is present. */
export async function expectCells(row: Locator, missing: readonly Column[]): Promise<void> {
  for (const col of DEFAULT_COLUMNS) {
    const state = missing.includes(col) ? "missing" : "present";
    // The name may go on with what the cell shows after its state ("arm: present, v6 v7").
    await expect(row.getByRole("button", { name: new RegExp(`^${col}: ${state}(, .+)?$`) }), `${col} should be ${state}`).toBeVisible();
  }
  await expect(row.getByRole("button", { name: /: missing$/ })).toHaveCount(missing.length);
  await expect(row.getByRole("button", { name: /: present(, .+)?$/ })).toHaveCount(DEFAULT_COLUMNS.length - missing.length);
}

/** The line above the grid that says how many rows match (or that nothing does). */
export function gridSummary(page: Page): Locator {
  return page.getByText(/^(Showing \d+–\d+ of \d+ repositor(y|ies)|No repositories match\.)/);
}

/** Opens the grid (optionally with URL state) and waits until its data is on screen. */
export async function gotoGrid(page: Page, params: Record<string, string> = {}): Promise<void> {
  const qs = new URLSearchParams(params).toString();
  await page.goto(qs ? `/grid?${qs}` : "/grid");
  await expect(page.getByRole("heading", { level: 1, name: "Coverage grid" })).toBeVisible(PAGE_READY);
  await expect(gridSummary(page).or(page.getByText("No repositories watched yet"))).toBeVisible(PAGE_READY);
}

/** Types into the grid's search box the way a user does (the URL follows after a short debounce). */
export async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole("searchbox", { name: "Search repositories" });
  await waitForHydration(box);
  await box.fill(text);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(&|$)`));
}
