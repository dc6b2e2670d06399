// The grid at more than one page: the server pages, sorts and groups the rows; the pager, the
// sort and the grouping are held in the URL. Sixty repositories are watched (not scanned: their
// cells read "unknown"), named so their order is known.
import { expect, test } from "@playwright/test";
import { gotoGrid, gridSummary, gridTable } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState } from "./support/state";

const COUNT = 60;
const PREFIX = "e2e/paging/";
const name = (i: number) => `${PREFIX}svc-${String(i).padStart(2, "0")}`;

test.beforeAll(async ({ request }) => {
  const host = e2eState().registryHost;
  const references = Array.from({ length: COUNT }, (_, i) => `${host}/${name(i)}`);
  const res = await request.post("/api/repositories/bulk", { data: { references } });
  expect(res.status(), await res.text()).toBeLessThan(300);
});

/** The references of the repository rows on screen, top to bottom. */
async function rowNames(page: import("@playwright/test").Page): Promise<string[]> {
  const links = gridTable(page).getByRole("rowheader").getByRole("link");
  return (await links.allTextContents()).map((t) => t.replace(/^[^/]+\//, ""));
}

test("fifty rows a page, the next page from the pager, and both kept in the URL", async ({ page }) => {
  await gotoGrid(page, { q: PREFIX });
  await expect(gridSummary(page)).toHaveText(`Showing 1–50 of ${COUNT} repositories`, PAGE_READY);
  // Every row of the page, the ones rendered after the first screen included, in name order.
  await expect.poll(() => rowNames(page)).toEqual(Array.from({ length: 50 }, (_, i) => name(i)));
  await expect(page.getByText(`Page 1 of 2`)).toBeVisible();

  const next = page.getByRole("button", { name: "Next page →" });
  await waitForHydration(next);
  await next.click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(gridSummary(page)).toHaveText(`Showing 51–60 of ${COUNT} repositories`);
  await expect.poll(() => rowNames(page)).toEqual(Array.from({ length: 10 }, (_, i) => name(50 + i)));
  await expect(next).toBeDisabled();

  // A reload (or a shared link) opens the same page.
  await page.reload();
  await expect(gridSummary(page)).toHaveText(`Showing 51–60 of ${COUNT} repositories`, PAGE_READY);
  await expect.poll(() => rowNames(page)).toEqual(Array.from({ length: 10 }, (_, i) => name(50 + i)));

  // Back to the first page with the browser's Back button.
  await page.goBack();
  await expect(gridSummary(page)).toHaveText(`Showing 1–50 of ${COUNT} repositories`, PAGE_READY);
});

test("sorting Z–A starts again at page 1 from the other end; grouping counts every page", async ({ page }) => {
  await gotoGrid(page, { q: PREFIX, page: "2" });
  await expect(gridSummary(page)).toHaveText(`Showing 51–60 of ${COUNT} repositories`, PAGE_READY);

  const sort = page.getByRole("combobox", { name: "Sort by" });
  await waitForHydration(sort);
  await sort.selectOption({ label: "Name (Z–A)" });
  await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(gridSummary(page)).toHaveText(`Showing 1–50 of ${COUNT} repositories`);
  await expect.poll(async () => (await rowNames(page)).slice(0, 3)).toEqual([name(59), name(58), name(57)]);

  await page.getByRole("combobox", { name: "Group by" }).selectOption("namespace");
  await expect(page).toHaveURL(/[?&]group=namespace(&|$)/);
  // One namespace, its count over all 60 rows although only 50 are on this page.
  const header = gridTable(page).getByRole("columnheader", { name: new RegExp(`/e2e/paging \\(${COUNT}\\)$`) });
  await expect(header).toBeVisible();
});
