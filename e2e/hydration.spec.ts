// No page may fail hydration. The server renders relative times ("just now", "3 minutes ago")
// into its HTML; a browser that computes them at another moment (hydration takes seconds on a
// busy machine, so right after a scan "just now" turns into "1 minute ago") used to make React
// throw #418 and re-render the page. The browser's clock is set 10 minutes ahead here, which makes
// any server/browser difference in time-dependent text certain instead of a matter of timing.
import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/api";
import { PAGE_READY } from "./support/hydration";
import { imagesOf } from "./support/state";

const HYDRATION = /hydrat|Minified React error #(418|423|425)|did not match/i;

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test("pages with times in them hydrate without errors, even with the browser's clock 10 minutes ahead", async ({ page, request }) => {
  const [image] = imagesOf("hydration");
  const [repo] = await seed(request, [image.reference]);
  await page.clock.setFixedTime(Date.now() + 10 * 60_000);
  const errors = collectErrors(page);

  // A scan of this repository runs while the scans page is open, as in the report.
  const started = await request.post("/api/scans", { data: { repositoryIds: [repo.id] } });
  expect(started.status()).toBe(202);
  for (const path of ["/scans", `/grid?q=${encodeURIComponent(image.repo)}`, "/", `/repositories/${repo.id}`, "/scans"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible(PAGE_READY);
    // Hydration is over once React handles the header's controls.
    await expect(page.locator("header select")).toBeEnabled(PAGE_READY);
    await expect.poll(() => page.locator("header select").evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$")))).toBe(true);
  }
  // The grid row's "last scanned" is the time-dependent text the server rendered.
  await page.goto(`/grid?q=${encodeURIComponent(image.repo)}`);
  await expect(page.getByRole("link", { name: image.reference, exact: true })).toBeVisible(PAGE_READY);
  await expect.poll(() => page.locator("header select").evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$")))).toBe(true);
  expect(errors.filter((e) => HYDRATION.test(e)), errors.join("\n")).toEqual([]);

  // The scan has ended: the header says so too, instead of keeping its last progress.
  const header = page.getByRole("banner");
  await expect(header.getByRole("button", { name: "Scan all" })).toBeVisible(PAGE_READY);
  await expect(header.getByText(/Scanning|Scan queued/)).toHaveCount(0);
});
