// Adding many at once: a pasted list (with a comment and a bad line), and a whole namespace
// read from the registry's /v2/_catalog.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { listRepositories, unwatch } from "./support/api";
import { expectCells, gridRow, gridSummary } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState, imagesOf, type PushedImage } from "./support/state";

async function openTab(page: Page, tab: string) {
  await page.goto("/repositories/new");
  const tablist = page.getByRole("tablist", { name: "Ways to add repositories" });
  await waitForHydration(tablist);
  await tablist.getByRole("tab", { name: tab }).click();
  await expect(page.getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
}

/**
 * Presses "Scan now" in the result box, follows the scan's progress there, then opens the grid
 * from the summary's link (filtered to just these repositories) and checks every image's row.
 */
async function scanAndCheckGrid(page: Page, result: Locator, images: PushedImage[]) {
  const n = images.length;
  await result.getByRole("button", { name: "Scan now" }).click();
  await expect(result.getByRole("progressbar", { name: new RegExp(`^Scann(ing|ed) ${n} repositories$`) })).toHaveAttribute("aria-valuemax", String(n));
  const doneBar = result.getByRole("progressbar", { name: `Scanned ${n} repositories`, exact: true });
  // Generous: with two workers, another spec's scan may run first (scans run one after another).
  await expect(doneBar).toHaveAttribute("aria-valuenow", String(n), { timeout: 60_000 });
  await expect(result.getByText(`${n} of ${n} done, 0 failed`, { exact: true })).toBeVisible();
  await expect(result.getByRole("status").filter({ hasText: /^Scan finished/ })).toHaveText(
    new RegExp(`^Scan finished in \\d+s: ${n} of ${n} repositories scanned, none failed\\.$`),
  );
  const scanned = result.getByRole("list", { name: "Scanned repositories" });
  for (const img of images) {
    const link = scanned.getByRole("link", { name: img.reference, exact: true });
    await expect(link).toHaveAttribute("href", /^\/repositories\/[^/]+$/);
    const item = scanned.getByRole("listitem").filter({ has: page.getByRole("link", { name: img.reference, exact: true }) });
    await expect(item.getByText("scanned", { exact: true })).toBeVisible();
  }

  await result.getByRole("link", { name: "See the results in the grid" }).click();
  await expect(page).toHaveURL(/\/grid\?q=/);
  await expect(gridSummary(page)).toBeVisible(PAGE_READY);
  // The link filters by the path the new repositories share.
  const query = await page.getByRole("searchbox", { name: "Search repositories" }).inputValue();
  expect(query).toMatch(/\/$/);
  for (const img of images) expect(img.reference.startsWith(query), `${img.reference} starts with ${query}`).toBe(true);
  for (const img of images) {
    const row = gridRow(page, img.reference);
    await expect(row).toContainText(img.missing.length ? `Missing ${img.missing.join(", ")}` : "Present: every architecture", PAGE_READY);
    await expectCells(row, img.missing);
  }
  await expect(page.getByText(`Showing 1–${n} of ${n} repositories`)).toBeVisible();
}

test("paste a list of references", async ({ page, request }) => {
  const images = imagesOf("addMany");
  for (const img of images) await unwatch(request, img.reference);
  const bad = `${e2eState().registryHost}/e2e/add-many/Not-Lowercase`;

  await openTab(page, "Paste a list");
  const form = page.getByRole("form", { name: "Add a list of repositories" });
  const text = ["# our images", ...images.map((i) => i.reference), "", bad].join("\n");
  await form.getByRole("textbox", { name: "Image references, one per line" }).fill(text);
  // Counted and checked while typing, before anything is sent.
  await expect(form.getByText(`${images.length + 1} references; 1 looks invalid`)).toBeVisible();
  await form.getByRole("button", { name: "Add repositories" }).click();

  const result = form.getByRole("status").filter({ hasText: "Added" });
  await expect(result).toContainText(`Added ${images.length} repositories, 1 invalid.`);
  await expect(result.getByText("Not added:")).toBeVisible();
  await expect(result.getByRole("listitem").filter({ hasText: bad })).toBeVisible();
  await result.getByText("Added", { exact: true }).click(); // open the <details> list
  for (const img of images) await expect(result.getByRole("link", { name: img.reference, exact: true })).toBeVisible();

  const watched = (await listRepositories(request)).map((r) => r.reference);
  for (const img of images) expect(watched).toContain(img.reference);
  expect(watched.some((r) => r.toLowerCase().includes("not-lowercase"))).toBe(false);

  await scanAndCheckGrid(page, result, images);
});

test("import a whole namespace from the registry catalog", async ({ page, request }) => {
  const images = imagesOf("importCatalog");
  for (const img of images) await unwatch(request, img.reference);
  const namespace = images[0].repo.split("/")[0];

  await openTab(page, "Whole namespace");
  const form = page.getByRole("form", { name: "Import a whole namespace" });
  await expect(form.getByRole("radio", { name: "Registry catalog (/v2/_catalog)" })).toBeChecked();

  // Without a registry host the form explains what is missing.
  await form.getByRole("button", { name: "Import namespace" }).click();
  await expect(form.getByRole("alert")).toContainText("Enter the registry host");

  await form.getByRole("textbox", { name: "Registry host" }).fill(e2eState().registryHost);
  await form.getByRole("textbox", { name: "Namespace (optional)" }).fill(namespace);
  await form.getByRole("button", { name: "Import namespace" }).click();

  const result = form.getByRole("status").filter({ hasText: "Added" });
  await expect(result).toContainText(`Added ${images.length} repositories.`);
  await result.getByText("Added", { exact: true }).click();
  for (const img of images) await expect(result.getByRole("link", { name: img.reference, exact: true })).toBeVisible();
  // Only that namespace: the registry holds many other e2e repositories.
  await expect(result.getByRole("link")).toHaveCount(images.length);

  await scanAndCheckGrid(page, result, images);
});
