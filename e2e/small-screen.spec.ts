// A phone's width (390 × 844, an iPhone 12–15): the grid reads as a list with full names and
// gaps as chips, nothing hides under a sticky header, the nav is a menu, the repository page's
// platform tables fit the width, and the scans list shows every scan's status.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { gotoGrid, gridRow } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { ALL_FIVE, AMD64_ARM64, pushAndSeed } from "./support/own-images";

const WIDTH = 390;
test.use({ viewport: { width: WIDTH, height: 844 }, hasTouch: true, isMobile: true });

// A long but ordinary name: on a phone it used to be cut to "127.0.0.1:PORT/e2e/…".
const LONG = "e2e/small-screen/platform-team/payments-reconciliation-service";
const COMPLETE = "e2e/small-screen/platform-team/complete";
const MANY_TAGS = "e2e/small-screen/detail/many-tags";

/** The page scrolls sideways: something is wider than the screen. */
async function pageOverflow(page: Page): Promise<number> {
  const { overflow, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getBoundingClientRect().width > 0)
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()}> right ${Math.round(el.getBoundingClientRect().right)}: ${(el.textContent ?? "").slice(0, 60)}`);
    return { overflow: document.documentElement.scrollWidth - width, culprits };
  });
  // Name what sticks out, so a failure says where to look.
  if (overflow > 0) console.log(`[small-screen] ${overflow} px too wide:\n  ${culprits.join("\n  ")}`);
  return overflow;
}

/** What is drawn at the centre of `target`: true when `target` (or its content) is on top, not a header over it. */
async function onTop(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return Boolean(hit && (hit === el || el.contains(hit)));
  });
}

test("the grid is a list: full names, status, gaps as chips, nothing under the sticky header", async ({ page, request }) => {
  const [long] = await pushAndSeed(request, [
    { repo: LONG, tags: [["latest", AMD64_ARM64]] },
    { repo: COMPLETE, tags: [["latest", ALL_FIVE]] },
  ]);
  await gotoGrid(page, { q: "e2e/small-screen/platform-team" });
  const row = gridRow(page, long.reference);
  const name = row.getByRole("link", { name: long.reference, exact: true });
  await expect(name).toBeVisible(PAGE_READY);

  // Facts first (logged, so a failure shows them all), then the claims. The first row is
  // brought on screen (it is below the toolbar) before asking what is drawn over it.
  const firstName = page.getByRole("rowheader").first().getByRole("link");
  await firstName.scrollIntoViewIfNeeded();
  const nameBox = await name.boundingBox();
  const facts = {
    overflow: await pageOverflow(page),
    nameCut: await name.evaluate((el) => el.scrollWidth > el.clientWidth + 1),
    nameRight: nameBox ? nameBox.x + nameBox.width : -1,
    firstRowOnTop: await onTop(firstName),
  };
  console.log(`[small-screen] grid at ${WIDTH} px: ${JSON.stringify(facts)}`);
  // Nothing is wider than the screen: no sideways scrolling anywhere on the page.
  expect(facts.overflow).toBeLessThanOrEqual(0);
  // The whole name is drawn (wrapped, not cut) and inside the screen.
  await expect(name).toHaveText(long.reference);
  expect(nameBox!.x).toBeGreaterThanOrEqual(0);
  expect(facts.nameRight).toBeLessThanOrEqual(WIDTH);
  expect(facts.nameCut, "the name is cut off").toBe(false);
  expect(facts.firstRowOnTop, "the first row is covered").toBe(true);

  // Status in words, then one chip per gap (tap one for its details); present columns are not chips.
  await expect(row.getByText("1 tag · Missing arm, ppc64le, s390x")).toBeVisible();
  for (const col of ["arm", "ppc64le", "s390x"]) {
    const chip = row.getByRole("button", { name: `${col}: missing`, exact: true });
    await expect(chip).toBeVisible();
    await expect(chip).toContainText(col);
    const box = await chip.boundingBox();
    expect(box!.x + box!.width, `${col} chip inside the screen`).toBeLessThanOrEqual(WIDTH);
  }
  const present = row.getByRole("button", { name: /: present$/, includeHidden: true });
  await expect(present).toHaveCount(2);
  for (const chip of await present.all()) await expect(chip).toBeHidden();

  // The first row is not under a header after scrolling the list up to just below the site's
  // sticky header either.
  const header = page.getByRole("banner");
  const headerBox = await header.boundingBox();
  const firstBox = await firstName.boundingBox();
  // As far as the page lets it go (a short page may not scroll the row all the way up).
  const want = await page.evaluate((dy) => {
    const y = Math.min(window.scrollY + dy, document.documentElement.scrollHeight - window.innerHeight);
    window.scrollTo(0, y);
    return y;
  }, firstBox!.y - headerBox!.height - 4);
  await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(Math.round(want));
  expect(await onTop(firstName), "the first row is covered after scrolling").toBe(true);

  // A tap on a chip opens that cell's details, full width; closing returns to the chip.
  await page.evaluate(() => window.scrollTo(0, 0));
  const chip = row.getByRole("button", { name: "s390x: missing", exact: true });
  await waitForHydration(chip);
  await chip.tap();
  const drawer = page.getByRole("dialog", { name: `s390x in ${long.reference}` });
  await expect(drawer).toBeVisible();
  expect((await drawer.boundingBox())!.width).toBeLessThanOrEqual(WIDTH);
  await drawer.getByRole("button", { name: "Close details" }).tap();
  await expect(drawer).toBeHidden();
  await expect(chip).toBeFocused();
  await page.screenshot({ path: test.info().outputPath("grid-390.png"), fullPage: true });
});

test("the nav is a menu button: opens, closes on Escape, navigates by keyboard", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible(PAGE_READY);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Grid" })).toBeHidden();
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  // The header's own controls all fit on the screen.
  for (const control of await page.getByRole("banner").getByRole("button").all()) {
    const box = await control.boundingBox();
    if (box) expect(box.x + box.width, `${await control.textContent()} inside the screen`).toBeLessThanOrEqual(WIDTH);
  }

  await waitForHydration(menu);
  await menu.tap();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const links = nav.getByRole("link");
  await expect(links).toHaveText(["Overview", "Grid", "Add repositories", "Check a deployment", "Scans", "API", "Webhooks", "Settings"]);
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    expect(box, `${await link.textContent()} is drawn`).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
    // Big enough to tap (WCAG 2.5.8: 24 px; these are full-width rows).
    expect(box!.height).toBeGreaterThanOrEqual(24);
  }
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

  // Escape closes it and focus goes back to the button.
  await nav.getByRole("link", { name: "Grid" }).focus();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Grid" })).toBeHidden();
  await expect(menu).toBeFocused();

  // Keyboard only: open, Tab into the list, follow a link; the menu is closed on the new page.
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Overview" })).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Scans" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/scans$/);
  await expect(page.getByRole("heading", { level: 1, name: "Scans" })).toBeVisible(PAGE_READY);
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  // A tap outside closes an open menu.
  await menu.tap();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.touchscreen.tap(WIDTH / 2, 820);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("the repository page fits the width: platform tables without a squeezed column, a sane height", async ({ page, request }) => {
  const [repo] = await pushAndSeed(request, [
    { repo: MANY_TAGS, tags: [["latest", ALL_FIVE], ["2.1", ALL_FIVE], ["2.0", ALL_FIVE], ["1.9", AMD64_ARM64]] },
  ]);
  await page.goto(`/repositories/${repo.id}`);
  await expect(page.getByRole("heading", { level: 1, name: repo.reference })).toBeVisible(PAGE_READY);
  const table = page.getByRole("table", { name: "Platforms of tag latest" });
  await expect(table.getByRole("rowheader")).toHaveCount(5);

  const overflow = await pageOverflow(page);
  const measure = await page.evaluate(() => {
    const tables = [...document.querySelectorAll("table")].filter((t) => /^Platforms of tag /.test(t.querySelector("caption")?.textContent ?? ""));
    const codes = tables.flatMap((t) => [...t.querySelectorAll("code")]);
    return {
      height: document.documentElement.scrollHeight,
      // Every table as wide as its box at most (nothing scrolls sideways inside it).
      overflowing: tables.filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 1).length,
      // The pull reference is the long part: it used to get an 89 px column and wrap into ~12 lines.
      narrowestPull: Math.min(...codes.map((c) => c.getBoundingClientRect().width)),
      tallestPull: Math.max(...codes.map((c) => c.getBoundingClientRect().height)),
    };
  });
  test.info().annotations.push({ type: "measure", description: `repository page at ${WIDTH} px: ${JSON.stringify(measure)}` });
  console.log(`[small-screen] repository page at ${WIDTH} px: ${JSON.stringify({ overflow, ...measure })}`);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(measure.overflowing).toBe(0);
  expect(measure.narrowestPull).toBeGreaterThanOrEqual(250);
  // A pull reference is ~120 characters (a sha256 digest alone is 71): five lines at most.
  expect(measure.tallestPull).toBeLessThanOrEqual(5 * 22);
  // 4 tags × up to 5 platforms, remediation and history: under 8 screens tall.
  expect(measure.height).toBeLessThan(8 * 844);
  // The platform name and the copy buttons stay reachable by touch.
  await page.screenshot({ path: test.info().outputPath("repository-390.png") });
  const copy = table.getByRole("button", { name: "Copy pull command for linux/arm64" });
  const box = await copy.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
});

test("the scans list shows each scan's status without scrolling sideways", async ({ page, request }) => {
  const [repo] = await pushAndSeed(request, [{ repo: COMPLETE, tags: [["latest", ALL_FIVE]] }]);
  const res = await request.post("/api/scans", { data: { repositoryIds: [repo.id] } });
  expect(res.status()).toBe(202);
  const { scan } = (await res.json()) as { scan: { id: string } };
  await page.goto("/scans");
  const row = page.getByRole("row").filter({ hasText: scan.id });
  await expect(row).toBeVisible(PAGE_READY);
  // The badge (an icon, then the word): the scan of one small repository ends within seconds.
  const status = row.getByText(/^\W*Succeeded$/);
  await expect(status).toBeVisible();
  const box = await status.boundingBox();
  console.log(`[small-screen] scans at ${WIDTH} px: status box ${JSON.stringify(box)}, page overflow ${await pageOverflow(page)}`);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  // No region that scrolls sideways (axe's scrollable-region-focusable came from one).
  const scrollers = await page.evaluate(() =>
    [...document.querySelectorAll("main *")]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(scrollers).toEqual([]);
  // The link to the scan is there, whole, on the row.
  await expect(row.getByRole("link").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("scans-390.png") });
});

test("no page scrolls sideways at 390 px", async ({ page }) => {
  const wide: Record<string, number> = {};
  for (const path of ["/", "/grid", "/repositories/new", "/scans", "/check", "/webhooks", "/settings", "/reports/print?scope=all", "/api-docs", "/signin"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible(PAGE_READY);
    await expect(page.locator(".animate-pulse")).toHaveCount(0, PAGE_READY);
    const over = await pageOverflow(page);
    if (over > 0) wide[path] = over;
  }
  expect(wide, "pages wider than the screen (px too wide)").toEqual({});
});
