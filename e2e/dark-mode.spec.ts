// Dark mode follows the system setting: with a dark colour scheme the pages render dark.
import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/api";
import { gotoGrid, gridRow } from "./support/grid";
import { imagesOf } from "./support/state";

/** Relative luminance (0 black .. 1 white) of an element's computed background colour. */
async function backgroundLuminance(page: Page, selector: string): Promise<number> {
  const color = await page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);
  // Chromium reports rgb()/rgba(), or oklch() for Tailwind 4 colours; let a canvas convert it.
  const rgb = await page.evaluate((c) => {
    const ctx = document.createElement("canvas").getContext("2d");
    if (!ctx) throw new Error("no 2d canvas");
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3]];
  }, color);
  expect(rgb[3], `background of ${selector} (${color}) should be opaque`).toBe(255);
  const lin = rgb.slice(0, 3).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

test.describe("dark colour scheme", () => {
  test.use({ colorScheme: "dark" });

  test("the grid renders on a dark background with light text", async ({ page, request }) => {
    const [image] = imagesOf("darkMode");
    await seed(request, [image.reference]);
    await gotoGrid(page, { q: image.repo });
    await expect(gridRow(page, image.reference)).toHaveCount(1);
    expect(await backgroundLuminance(page, "body")).toBeLessThan(0.05);
    const text = await page.locator("body").evaluate((el) => getComputedStyle(el).color);
    expect(text).not.toBe("rgb(0, 0, 0)");
    // A missing cell keeps its meaning in text, not only colour.
    await expect(gridRow(page, image.reference).getByRole("button", { name: "arm64: missing", exact: true })).toContainText("No");
  });
});

test.describe("light colour scheme", () => {
  test.use({ colorScheme: "light" });

  test("the same page is light", async ({ page }) => {
    await gotoGrid(page);
    expect(await backgroundLuminance(page, "body")).toBeGreaterThan(0.8);
  });
});
