// The Webhooks page in Chromium: adding one (the server's refusal of an unlisted loopback target
// shown in plain words), its delivery log after "Send test", and deleting it. Deliveries to a
// receiver and signatures are proven in lib/webhooks/webhooks.integration.test.ts.
import { expect, test } from "@playwright/test";
import { PAGE_READY, waitForHydration } from "./support/hydration";

test("add a webhook, refuse an unlisted loopback target, send a test, see the log, delete", async ({ page }) => {
  await page.goto("/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible(PAGE_READY);
  const url = page.getByRole("textbox", { name: "URL" });
  await waitForHydration(url);

  await url.fill("http://127.0.0.1:9/hook");
  await page.getByLabel(/Signing secret/).fill("a-secret-of-enough-length");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "refused by policy" })).toContainText(`list "127.0.0.1:9" in ARCHGRID_WEBHOOK_ALLOWED_HOSTS`);
  await expect(page.getByText("No webhooks yet.")).toBeVisible();

  // A public-looking https target that does not resolve: stored (the host may exist later), and its test delivery is logged as not delivered.
  await url.fill("https://hooks.archgrid.invalid/x");
  await page.getByRole("checkbox", { name: "gap-closed" }).uncheck();
  await page.getByRole("button", { name: "Add webhook" }).click();
  const hook = page.getByRole("region", { name: "hooks.archgrid.invalid" });
  await expect(hook).toContainText("regression, gap-opened");
  await expect(page.getByText("a-secret-of-enough-length")).toHaveCount(0);
  await hook.getByRole("button", { name: "Send test" }).click();
  const row = hook.getByRole("row").filter({ hasText: "test" });
  await expect(row).toContainText(/pending|failed/);
  await expect(row.getByRole("cell").nth(3)).toHaveText("1");

  page.once("dialog", (d) => void d.accept());
  await hook.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No webhooks yet.")).toBeVisible();
});
