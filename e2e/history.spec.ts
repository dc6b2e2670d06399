// History: the same tag is rebuilt without arm64; a rescan from the repository page records a
// regression, and the grid turns arm64 from present to missing.
import { expect, test } from "@playwright/test";
import { pushImage } from "./fixtures/pusher";
import { seed, unwatch } from "./support/api";
import { CATALOG, REBUILDS } from "./support/catalog";
import { expectCells, gotoGrid, gridRow } from "./support/grid";
import { e2eState, imagesOf } from "./support/state";
import { PAGE_READY } from "./support/hydration";

test("a rebuild that drops arm64 shows up as a regression", async ({ page, request }) => {
  const [image] = imagesOf("history");
  const registry = { url: e2eState().registryUrl };
  // Start from the original image and a fresh watch, whatever an earlier attempt left behind.
  await pushImage(registry, image.repo, "latest", CATALOG.history[0].tags[0].spec);
  await unwatch(request, image.reference);
  const [repo] = await seed(request, [image.reference]);

  await page.goto(`/repositories/${repo.id}`);
  await expect(page.getByRole("heading", { level: 1, name: image.reference })).toBeVisible(PAGE_READY);
  const history = page.getByRole("list", { name: "Platform change history" });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await expect(history.getByRole("listitem").first()).toContainText("first seen");
  await expect(page.getByRole("listitem", { name: "arm64: present" })).toBeVisible();

  // The maintainers' next build forgets arm64.
  await pushImage(registry, image.repo, "latest", REBUILDS.historyWithoutArm64);
  const scan = page.getByRole("button", { name: "Scan this repository" });
  await scan.click();
  // The page follows its own scan and refreshes when it ends.
  await expect(scan).toBeEnabled(PAGE_READY);
  const regression = history.getByRole("listitem").filter({ hasText: "platforms changed" });
  await expect(regression).toHaveCount(1, PAGE_READY);
  await expect(regression).toContainText("Regression");
  await expect(regression).toContainText("removed − linux/arm64");
  await expect(page.getByRole("listitem", { name: "arm64: missing" })).toBeVisible();

  await gotoGrid(page, { q: image.repo });
  await expectCells(gridRow(page, image.reference), ["arm", "arm64", "ppc64le", "s390x"]);
});
