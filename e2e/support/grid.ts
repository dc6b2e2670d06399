// How a user reads the coverage grid: a row per repository (found by its link), and a cell
// button per architecture whose accessible name says "<column>: present|missing|...".
import { expect, type Locator, type Page } from "@playwright/test";
import { DEFAULT_COLUMNS, type Column } from "./catalog";

export function gridTable(page: Page): Locator {
  return page.getByRole("table", { name: /Architecture coverage per repository/ });
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
    await expect(row.getByRole("button", { name: `${col}: ${state}`, exact: true }), `${col} should be ${state}`).toBeVisible();
  }
  await expect(row.getByRole("button", { name: /: missing$/ })).toHaveCount(missing.length);
  await expect(row.getByRole("button", { name: /: present$/ })).toHaveCount(DEFAULT_COLUMNS.length - missing.length);
}

/** Types into the grid's search box the way a user does (the URL follows after a short debounce). */
export async function search(page: Page, text: string): Promise<void> {
  await page.getByRole("searchbox", { name: "Search repositories" }).fill(text);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(&|$)`));
}
