// The theme switch in the header: light, dark or the system's, remembered across visits and
// already applied in the server's HTML (no flash of the wrong theme, no inline script for the CSP).
import { expect, test } from "@playwright/test";
import { isDark } from "./support/colour";
import { PAGE_READY, waitForHydration } from "./support/hydration";

test.use({ colorScheme: "light" });

test("picking Dark applies at once, is remembered, and the next page arrives dark before any script runs", async ({ page, browser, baseURL }) => {
  await page.goto("/scans");
  const picker = page.getByRole("combobox", { name: "Theme" });
  await expect(picker).toHaveValue("system", PAGE_READY);
  expect(await isDark(page)).toBe(false);

  await waitForHydration(picker);
  await picker.selectOption("dark");
  await expect.poll(() => isDark(page)).toBe(true);
  const cookie = (await page.context().cookies()).find((c) => c.name === "archgrid-theme");
  expect(cookie?.value).toBe("dark");
  expect(await page.evaluate(() => localStorage.getItem("archgrid-theme"))).toBe("dark");

  // The server writes the choice into the HTML it sends.
  const res = await page.goto("/webhooks");
  expect(await res?.text()).toMatch(/<html[^>]*data-theme="dark"/);
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark");

  // With JavaScript off the page is dark too: the first paint needs nothing but the cookie and CSS.
  const noJs = await browser.newContext({ javaScriptEnabled: false, colorScheme: "light" });
  await noJs.addCookies([{ name: "archgrid-theme", value: "dark", url: baseURL! }]);
  const bare = await noJs.newPage();
  await bare.goto("/webhooks");
  expect(await isDark(bare)).toBe(true);
  await noJs.close();
});

test("System follows the operating system live; Light stays light on a dark system", async ({ page }) => {
  await page.goto("/scans");
  const picker = page.getByRole("combobox", { name: "Theme" });
  await waitForHydration(picker);
  await picker.selectOption("system");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => isDark(page)).toBe(true);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => isDark(page)).toBe(false);

  await page.emulateMedia({ colorScheme: "dark" });
  await picker.selectOption("light");
  await expect.poll(() => isDark(page)).toBe(false);
  await page.reload();
  expect(await isDark(page)).toBe(false);
});

test("a cleared cookie is restored from this browser's memory of the choice", async ({ page, context }) => {
  await page.goto("/scans");
  const picker = page.getByRole("combobox", { name: "Theme" });
  await waitForHydration(picker);
  await picker.selectOption("dark");
  await context.clearCookies({ name: "archgrid-theme" });
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Theme" })).toHaveValue("dark", PAGE_READY);
  await expect.poll(() => isDark(page)).toBe(true);
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === "archgrid-theme")?.value).toBe("dark");
});
