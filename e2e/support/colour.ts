// Colours as the user sees them: the relative luminance of a computed CSS colour.
import { expect, type Page } from "@playwright/test";

/** Relative luminance (0 black .. 1 white) of a computed CSS property of the first match. */
export async function luminance(page: Page, selector: string, property: "backgroundColor" | "color"): Promise<number> {
  const color = await page.locator(selector).first().evaluate((el, prop) => getComputedStyle(el)[prop], property);
  // Chromium reports rgb(), or lab()/oklch() for Tailwind 4 colours; a canvas converts any of them.
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

/** Dark page: near-black background (the light theme's is near-white). */
export async function isDark(page: Page): Promise<boolean> {
  return (await luminance(page, "body", "backgroundColor")) < 0.05;
}
