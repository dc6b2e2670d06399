// Dark mode follows the system setting: with a dark colour scheme the pages render dark.
import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/api";
import { gotoGrid, gridRow } from "./support/grid";
import { imagesOf } from "./support/state";

/** Relative luminance (0 black .. 1 white) of a computed CSS property of the first match. */
async function luminance(page: Page, selector: string, property: "backgroundColor" | "color"): Promise<number> {
  const color = await page.locator(selector).first().evaluate((el, prop) => getComputedStyle(el)[prop], property);
  // Chromium reports rgb(), or lab()/oklch() for Tailwind 4 colours; let a canvas convert it.
  const rgba = await page.evaluate((c) => {
    const ctx = document.createElement("canvas").getContext("2d");
    if (!ctx) throw new Error("no 2d canvas");
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    return Array.from(ctx.getImageData(0, 0, 1, 1).data);
  }, color);
  expect(rgba[3], `${property} of ${selector} (${color}) should be opaque`).toBe(255);
  const [r, g, b] = rgba.slice(0, 3).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test.use({ colorScheme: "dark" });

test("with a dark colour scheme the grid is dark, and it turns light with the system setting", async ({ page, request }) => {
  const [image] = imagesOf("darkMode");
  await seed(request, [image.reference]);
  await gotoGrid(page, { q: image.repo });
  const row = gridRow(page, image.reference);
  await expect(row).toHaveCount(1);
  expect(await luminance(page, "body", "backgroundColor")).toBeLessThan(0.05);
  expect(await luminance(page, "body", "color")).toBeGreaterThan(0.6);
  // A missing cell keeps its meaning in text, not only colour.
  await expect(row.getByRole("button", { name: "arm64: missing", exact: true })).toContainText("Missing");

  // No toggle to find: the page follows prefers-color-scheme as it changes.
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => luminance(page, "body", "backgroundColor")).toBeGreaterThan(0.8);
  expect(await luminance(page, "body", "color")).toBeLessThan(0.1);
});
