// Scans you can open: a partly failed scan, opened from the scans list, names the repository
// that failed and the registry's error, beside the one that was scanned fine.
import { expect, test } from "@playwright/test";
import { scanAndWait, watch } from "./support/api";
import { PAGE_READY } from "./support/hydration";
import { e2eState, imagesOf } from "./support/state";

test("a partly failed scan opened from the scans list shows the failed repository and its error", async ({ page, request }) => {
  const fine = await watch(request, imagesOf("scanPage")[0].reference);
  const absentRef = `${e2eState().registryHost}/e2e/scan-page/absent`;
  const absent = await watch(request, absentRef);
  const scan = await scanAndWait(request, [fine.id, absent.id]);
  expect(scan).toMatchObject({ status: "partial", total: 2, failed: 1 });

  // The pages render under a strict nonce CSP: any inline script or style of ours would be refused and logged.
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto("/scans");
  const row = page.getByRole("row").filter({ hasText: scan.id });
  await expect(row).toBeVisible(PAGE_READY);
  await row.getByRole("link", { name: "1 failed: see which" }).click();

  await expect(page).toHaveURL(new RegExp(`/scans/${scan.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Manual scan of 2 repositories");
  const table = page.getByRole("table", { name: "Repositories in this scan" });
  const failedRow = table.getByRole("row").filter({ has: page.getByRole("link", { name: absentRef, exact: true }) });
  await expect(failedRow.getByRole("cell").nth(0)).toHaveText("Failed");
  // The registry's error, as the engine recorded it (a code and a sentence), not a blank cell.
  await expect(failedRow.getByRole("cell").nth(1)).toHaveText(/^\S+ .{5,}/);
  const fineRow = table.getByRole("row").filter({ has: page.getByRole("link", { name: fine.reference, exact: true }) });
  await expect(fineRow.getByRole("cell").nth(0)).toHaveText("OK");
  // Failures come first.
  await expect(table.getByRole("row").nth(1)).toContainText(absentRef);
  // Loaded directly too (server-rendered HTML, where an inline script would be refused; a
  // client-side navigation never runs one, so it alone would not show a violation).
  await page.goto(`/scans/${scan.id}`);
  await expect(failedRow.getByRole("cell").nth(0)).toHaveText("Failed", PAGE_READY);
  expect(cspErrors).toEqual([]);
});

test("the favicon is served and linked from every page", async ({ page, request }) => {
  const icon = await request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/scans");
  await expect(page.locator('link[rel="icon"][href*="icon.svg"]')).toHaveCount(1);
});
