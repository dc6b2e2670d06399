// Deleting a repository from its page: a confirmation, then it is gone from the grid and the API.
import { expect, test } from "@playwright/test";
import { findRepository, seed } from "./support/api";
import { gotoGrid, gridRow } from "./support/grid";
import { imagesOf } from "./support/state";
import { PAGE_READY } from "./support/hydration";

test("delete a repository after confirming", async ({ page, request }) => {
  const [image] = imagesOf("deleteRepo");
  const [repo] = await seed(request, [image.reference]);

  await page.goto(`/repositories/${repo.id}`);
  await expect(page.getByRole("heading", { level: 1, name: image.reference })).toBeVisible(PAGE_READY);

  // Cancelling keeps it.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Stop watching this repository?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(image.reference);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await findRepository(request, image.reference)).toBeDefined();

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.getByRole("button", { name: "Delete repository" }).click();
  await expect(page).toHaveURL(/\/grid$/);
  expect(await findRepository(request, image.reference)).toBeUndefined();
  expect((await request.get(`/api/repositories/${repo.id}`)).status()).toBe(404);

  await gotoGrid(page, { q: image.repo });
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
  await expect(gridRow(page, image.reference)).toHaveCount(0);

  // Its old address says it is gone instead of failing.
  await page.goto(`/repositories/${repo.id}`);
  await expect(page.getByText("Repository not found")).toBeVisible(PAGE_READY);
});
