// The printable gap report: reached from the grid's export menu with the grid's filters, it
// states them, sums up per architecture, lists only the repositories with gaps (one section each),
// and under print media drops the app's header and nav and puts each repository on its own page.
import { expect, test } from "@playwright/test";
import { pushImage } from "./fixtures/pusher";
import { scanAndWait, unwatch, watch } from "./support/api";
import { gotoGrid } from "./support/grid";
import { PAGE_READY } from "./support/hydration";
import { e2eState } from "./support/state";

const linux = (architecture: string) => ({ os: "linux", architecture });

test("the printable report: from the grid's export menu, filtered like the grid, print stylesheet", async ({ page, request }) => {
  const { registryHost: host, registryUrl: url } = e2eState();
  await pushImage({ url }, "e2e/print/web", "latest", { format: "oci-index", platforms: ["amd64", "arm64"].map(linux), seed: "print-web" });
  await pushImage({ url }, "e2e/print/full", "latest", { format: "oci-index", platforms: ["amd64", "arm", "arm64", "ppc64le", "s390x"].map(linux), seed: "print-full" });
  const ids: string[] = [];
  for (const name of ["web", "full"]) {
    await unwatch(request, `${host}/e2e/print/${name}`);
    ids.push((await watch(request, `${host}/e2e/print/${name}`)).id);
  }
  await scanAndWait(request, ids);

  await gotoGrid(page, { q: "e2e/print/" });
  const exports = page.getByRole("group", { name: "Export gap report" });
  await expect(exports.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /[?&]q=e2e%2Fprint%2F(&|$)/);
  await exports.getByRole("link", { name: "Printable report" }).click();
  await expect(page).toHaveURL(/\/reports\/print\?.*q=e2e%2Fprint%2F/);

  const report = page.getByRole("article");
  await expect(report.getByRole("heading", { level: 1, name: "archgrid gap report" })).toBeVisible(PAGE_READY);
  await expect(report.getByText(/^Generated \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC · filters: name contains "e2e\/print\/"$/)).toBeVisible();
  const summary = report.getByRole("table", { name: /Repositories per architecture/ });
  await expect(summary.getByRole("row", { name: /^s390x 1 1 0 0 50% · all 2 scanned$/ })).toBeVisible();
  // Gaps only: web has a section of its own, full (complete) does not.
  await expect(report.getByRole("heading", { level: 2, name: `${host}/e2e/print/web` })).toBeVisible();
  await expect(report.getByRole("heading", { level: 2, name: `${host}/e2e/print/full` })).toHaveCount(0);
  await expect(report.getByRole("region", { name: `${host}/e2e/print/web`, exact: true })).toContainText("Missing arm, ppc64le, s390x");

  const nav = page.getByRole("navigation", { name: "Main" });
  const printButton = page.getByRole("button", { name: "Print or save as PDF" });
  await expect(nav).toBeVisible();
  await expect(printButton).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(nav).toBeHidden();
  await expect(printButton).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(report).toBeVisible();
  const section = page.locator(".ag-report-repo").first();
  expect(await section.evaluate((el) => getComputedStyle(el).breakBefore)).toBe("page");
  // Black on white, whatever the screen theme.
  expect(await report.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor])).toEqual(["rgb(0, 0, 0)", "rgb(255, 255, 255)"]);

  await page.emulateMedia({ media: "screen" });
  await expect(nav).toBeVisible();
  // The other scope: every matching repository.
  await page.getByRole("link", { name: "Show all repositories" }).click();
  await expect(page.getByRole("heading", { level: 2, name: `${host}/e2e/print/full` })).toBeVisible(PAGE_READY);
});

test("at 390 px the printable report never widens the page: wide tables scroll in their own focusable box", async ({ page, request }) => {
  const { registryHost: host, registryUrl: url } = e2eState();
  await pushImage({ url }, "e2e/print-narrow/web", "latest", { format: "oci-index", platforms: ["amd64", "arm64"].map(linux), seed: "print-narrow-web" });
  await unwatch(request, `${host}/e2e/print-narrow/web`);
  const repo = await watch(request, `${host}/e2e/print-narrow/web`);
  await scanAndWait(request, [repo.id]);

  await page.setViewportSize({ width: 390, height: 844 });
  // Every extra column: the tag table is then nine architectures wide.
  await page.goto("/reports/print?q=e2e/print-narrow/&columns=amd64,arm,arm64,ppc64le,s390x,386,riscv64,mips64le,windows/amd64");
  const tags = page.getByRole("region", { name: `Tags of ${host}/e2e/print-narrow/web` });
  await expect(tags).toBeVisible(PAGE_READY);
  // The page itself does not scroll sideways…
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // …the table does, inside its box, and the box is reachable by keyboard and scrolls with arrows.
  expect(await tags.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  // tabindex said, not left to Chromium's own focusable scrollers (other browsers have none).
  await expect(tags).toHaveAttribute("tabindex", "0");
  await tags.focus();
  await expect(tags).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => tags.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});
