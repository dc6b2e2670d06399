// After adding, "Scan now" explains what went wrong instead of leaving the user guessing: a scan
// that could not start shows the server's message and can be retried, and a scan whose
// repository does not exist ends with a summary that says so next to that repository.
import { expect, test } from "@playwright/test";
import { unwatch } from "./support/api";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState } from "./support/state";

const absent = () => `${e2eState().registryHost}/e2e/scan-failures/absent`;

test.beforeEach(async ({ request }) => {
  await unwatch(request, absent());
});

test("a scan that fails to start can be retried, and a failed scan is summed up", async ({ page }) => {
  const reference = absent();
  await page.goto("/repositories/new");
  const form = page.getByRole("form", { name: "Add one repository" });
  await expect(form).toBeVisible(PAGE_READY);
  await waitForHydration(form);
  await form.getByRole("textbox", { name: "Image reference" }).fill(reference);
  await form.getByRole("button", { name: "Add repository" }).click();
  // The add form asks the registry first; this repository is absent on purpose, so watch it anyway.
  await expect(form.getByRole("alert")).toContainText("e2e/scan-failures/absent not found on");
  await form.getByRole("button", { name: "Add anyway (watch it before it exists)" }).click();
  const added = form.getByRole("status").filter({ hasText: "Added" });
  await expect(added.getByRole("link", { name: reference, exact: true })).toBeVisible();

  // The first start is refused by the server (as a busy or misconfigured one would).
  await page.route(
    "**/api/scans",
    (route) =>
      route.request().method() === "POST"
        ? route.fulfill({ status: 503, json: { error: { code: "unavailable", message: "The scan engine is shutting down" } } })
        : route.fallback(),
    { times: 1 },
  );
  const scanNow = added.getByRole("button", { name: "Scan now" });
  await scanNow.click();
  await expect(added.getByRole("alert")).toHaveText("Could not start the scan: The scan engine is shutting down");
  await expect(added.getByRole("progressbar")).toHaveCount(0);

  // Retrying reaches the real server; the repository does not exist in the registry, so its scan fails.
  await expect(scanNow).toBeEnabled();
  await scanNow.click();
  const doneBar = added.getByRole("progressbar", { name: `Scanned ${reference}`, exact: true });
  await expect(doneBar).toHaveAttribute("aria-valuenow", "1", { timeout: 60_000 });
  await expect(doneBar).toHaveAttribute("aria-valuetext", "1 of 1 done, 1 failed");
  await expect(added.getByRole("alert")).toHaveCount(0);
  await expect(added.getByRole("status").filter({ hasText: /^Scan failed/ })).toHaveText(
    /^Scan failed after \d+s: 0 of 1 repository scanned, 1 failed\.$/,
  );
  const scanned = added.getByRole("list", { name: "Scanned repositories" });
  const item = scanned.getByRole("listitem").filter({ has: page.getByRole("link", { name: reference, exact: true }) });
  await expect(item.getByText(/^failed: \S+/)).toBeVisible();
});
