// Waivers as a user sets them: on the repository page, a reason for an accepted gap; the grid then
// says "Waived" in that cell (the reason on hover) and the column's gap count drops. The spec only
// touches its own repositories: the required set is shared by every spec, so it is left alone.
import { expect, test } from "@playwright/test";
import { seed } from "./support/api";
import { gotoGrid, gridRow, gridTable } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { imagesOf } from "./support/state";

test("a waiver set on the repository page shows as Waived in the grid, and the arm64 gap count drops", async ({ page, request }) => {
  const [gpu, complete] = imagesOf("waivers");
  const [gpuRepo] = await seed(request, [gpu.reference, complete.reference]);

  const arm64Header = gridTable(page).getByRole("columnheader", { name: /^arm64/ });
  await gotoGrid(page, { q: "e2e/waivers/" });
  const row = gridRow(page, gpu.reference);
  await expect(row.getByRole("button", { name: "arm64: missing", exact: true })).toBeVisible();
  await expect(arm64Header).toContainText("50% in every tag, 1 missing · all 2 scanned");

  await page.goto(`/repositories/${gpuRepo.id}`);
  const panel = page.getByRole("region", { name: "Waivers" });
  await expect(panel.getByText("No waivers: every required gap counts.")).toBeVisible(PAGE_READY);
  const reason = panel.getByLabel("Reason");
  await waitForHydration(reason);
  // An empty reason is refused by the form itself; a reason is all a waiver needs.
  await panel.getByLabel("Architecture").selectOption("arm64");
  await reason.fill("GPU image, amd64 only");
  await panel.getByRole("button", { name: "Add waiver" }).click();
  await expect(panel.getByRole("listitem").filter({ hasText: "GPU image, amd64 only" })).toContainText("No expiry.");
  await expect(page.getByRole("listitem", { name: "arm64: waived" })).toBeVisible();

  await gotoGrid(page, { q: "e2e/waivers/" });
  const waived = row.getByRole("button", { name: "arm64: waived", exact: true });
  await expect(waived).toContainText("Waived");
  await expect(waived).toHaveAttribute("title", /waived: GPU image, amd64 only/);
  await expect(row.getByRole("button", { name: /: missing$/ })).toHaveCount(3);
  await expect(arm64Header).toContainText("50% in every tag, 1 waived · all 2 scanned");
  await expect(arm64Header).not.toContainText("missing");

  // Removing it on the repository page brings the gap back.
  await page.goto(`/repositories/${gpuRepo.id}`);
  const remove = page.getByRole("button", { name: "Remove the waiver on arm64" });
  await waitForHydration(remove);
  await remove.click();
  await expect(page.getByRole("listitem", { name: "arm64: missing" })).toBeVisible();
});
