// Browsing the grid: search, the "missing arm64" filter, an extra column, and the URL holding
// all of it so a reload (or a shared link) shows the same view.
import { expect, test } from "@playwright/test";
import { seed } from "./support/api";
import { expectCells, gotoGrid, gridRow, gridTable, search } from "./support/grid";
import { PAGE_READY } from "./support/hydration";
import { imagesOf } from "./support/state";

test.beforeEach(async ({ request }) => {
  await seed(
    request,
    imagesOf("browse").map((i) => i.reference),
  );
});

const PREFIX = "e2e/browse/";

function browseImage(name: string) {
  const img = imagesOf("browse").find((i) => i.repo === PREFIX + name);
  if (!img) throw new Error(`no browse image ${name}`);
  return img;
}

test("search, then filter to the repositories missing arm64; a reload keeps the view", async ({ page }) => {
  const images = imagesOf("browse");
  await gotoGrid(page);
  await search(page, PREFIX);
  for (const img of images) await expectCells(gridRow(page, img.reference), img.missing);
  await expect(page.getByText(`Showing 1–${images.length} of ${images.length} repositories`)).toBeVisible();

  // Only the repositories without linux/arm64. The windows image has arm64 on linux and
  // misses amd64 (its amd64 is Windows), so it stays out.
  const missing = page.getByRole("combobox", { name: "Missing architecture" });
  await missing.selectOption("arm64");
  await expect(page).toHaveURL(/[?&]missing=arm64(&|$)/);
  const withoutArm64 = images.filter((i) => i.missing.includes("arm64"));
  expect(withoutArm64.map((i) => i.repo).sort()).toEqual([PREFIX + "armlist", PREFIX + "legacy"]);
  await expect(page.getByText("Showing 1–2 of 2 repositories")).toBeVisible();
  for (const img of withoutArm64) await expect(gridRow(page, img.reference)).toHaveCount(1);
  await expect(gridRow(page, browseImage("complete").reference)).toHaveCount(0);
  await expect(gridRow(page, browseImage("windows").reference)).toHaveCount(0);

  // Reload: the search box, the select and the rows come back from the URL alone.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search repositories" })).toHaveValue(PREFIX);
  await expect(missing).toHaveValue("arm64");
  await expect(page.getByText("Showing 1–2 of 2 repositories")).toBeVisible(PAGE_READY);
  for (const img of withoutArm64) await expectCells(gridRow(page, img.reference), img.missing);
});

test("a shared link opens the filtered view; clearing the filters empties the URL", async ({ page }) => {
  await gotoGrid(page, { q: PREFIX + "arm", missing: "arm64" });
  await expect(page.getByRole("searchbox", { name: "Search repositories" })).toHaveValue(PREFIX + "arm");
  await expect(page.getByRole("combobox", { name: "Missing architecture" })).toHaveValue("arm64");
  await expect(gridRow(page, browseImage("armlist").reference)).toHaveCount(1);
  await expect(gridRow(page, browseImage("legacy").reference)).toHaveCount(0);
  await expect(page.getByText("Showing 1–1 of 1 repository")).toBeVisible();

  // Nothing matches: the grid says so and offers a way out.
  await search(page, PREFIX + "no-such-image");
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear all filters" }).click();
  await expect(page).not.toHaveURL(/[?&](q|missing)=/);
  await expect(page.getByRole("searchbox", { name: "Search repositories" })).toHaveValue("");
  await expect(page.getByRole("combobox", { name: "Missing architecture" })).toHaveValue("");
});

test("an extra column shows Windows images, and it is kept in the URL", async ({ page }) => {
  const windows = browseImage("windows");
  await gotoGrid(page, { q: windows.repo });
  const row = gridRow(page, windows.reference);
  await expectCells(row, windows.missing);
  await expect(gridTable(page).getByRole("columnheader", { name: /windows\/amd64/ })).toHaveCount(0);

  // The checkbox follows the URL, so it turns checked once the URL has changed.
  const extra = page.getByRole("group", { name: "Extra columns" }).getByRole("checkbox", { name: "windows/amd64" });
  await extra.click();
  await expect(extra).toBeChecked();
  await expect(page).toHaveURL(/[?&]extra=windows%2Famd64(&|$)/);
  await expect(gridTable(page).getByRole("columnheader", { name: /windows\/amd64/ })).toHaveCount(1);
  const cell = row.getByRole("button", { name: /^windows\/amd64: present(, .+)?$/ });
  await expect(cell).toBeVisible();
  // The Windows release is named in the cell (os.version 10.0.20348 is Server 2022).
  await expect(cell).toContainText("2022");

  await page.reload();
  await expect(page.getByRole("checkbox", { name: "windows/amd64" })).toBeChecked();
  await expect(row.getByRole("button", { name: /^windows\/amd64: present(, .+)?$/ })).toBeVisible(PAGE_READY);
});

test("a filter picked while the search is still being typed keeps both in the URL", async ({ page }) => {
  await gotoGrid(page);
  await search(page, PREFIX);
  // Type more and pick a filter at once, before the search box's URL write (300 ms) has run:
  // that late write must not drop the filter picked in between.
  await page.getByRole("searchbox", { name: "Search repositories" }).fill(PREFIX + "arm");
  await page.getByRole("combobox", { name: "Missing architecture" }).selectOption("arm64");
  await page.waitForTimeout(600);
  await expect(page).toHaveURL(/[?&]missing=arm64(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(PREFIX + "arm")}(&|$)`));
  await expect(page.getByText("Showing 1–1 of 1 repository")).toBeVisible();
  await expect(gridRow(page, browseImage("armlist").reference)).toHaveCount(1);
});
