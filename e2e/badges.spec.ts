// Coverage badges: the SVG a README embeds loads in Chromium as an <img>, says what it should,
// and the repository page offers its Markdown.
import { expect, test } from "@playwright/test";
import { seed } from "./support/api";
import { PAGE_READY } from "./support/hydration";
import { imagesOf } from "./support/state";

const badgeUrl = (reference: string) => `/api/badges/${encodeURIComponent(reference)}.svg`;

/** Loads `src` as an <img> in the page, as a README viewer does; answers its drawn size. */
async function imgSize(page: import("@playwright/test").Page, src: string) {
  return page.evaluate(
    (s) =>
      new Promise<{ w: number; h: number }>((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve({ w: img.naturalWidth, h: img.naturalHeight });
        img.onerror = () => reject(new Error(`${s} did not load as an image`));
        img.src = s;
      }),
    src,
  );
}

test("badges load as images, by reference and by id; an unknown repository gets a grey 'not watched' badge", async ({ page, request }) => {
  const [complete, legacy] = imagesOf("badges");
  const [completeRepo] = await seed(request, [complete.reference, legacy.reference]);

  // Opened on its own, Chromium draws the SVG; its accessible name is the badge's text.
  const res = await page.goto(badgeUrl(complete.reference));
  expect(res?.status()).toBe(200);
  expect(res?.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
  await expect(page.getByRole("img", { name: "arch: 5/5 arch" })).toBeVisible();
  await page.goto(badgeUrl(legacy.reference));
  await expect(page.getByRole("img", { name: "arch: amd64" })).toBeVisible();
  await page.goto(`/api/badges/${completeRepo.id}.svg`);
  await expect(page.getByRole("img", { name: "arch: 5/5 arch" })).toBeVisible();
  const unknown = await page.goto(badgeUrl("ghcr.io/nobody/nothing"));
  expect(unknown?.status()).toBe(200);
  await expect(page.getByRole("img", { name: "arch: not watched" })).toBeVisible();

  // As an <img>: decoded with a real size (a README shows nothing for a broken image).
  await page.goto("/");
  for (const ref of [complete.reference, legacy.reference, "ghcr.io/nobody/nothing"]) {
    const size = await imgSize(page, badgeUrl(ref));
    expect(size.h, ref).toBe(20);
    expect(size.w, ref).toBeGreaterThan(40);
  }
});

test("the repository page shows the badge and the Markdown to copy", async ({ page, request }) => {
  const [complete] = imagesOf("badges");
  const [repo] = await seed(request, [complete.reference]);
  await page.goto(`/repositories/${repo.id}`);
  const section = page.getByRole("region", { name: "Badge" });
  await expect(section).toBeVisible(PAGE_READY);
  const img = section.getByRole("img", { name: `Architecture badge of ${complete.reference}` });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  const origin = new URL(page.url()).origin;
  await expect(section.getByLabel("Badge Markdown", { exact: true })).toHaveText(`[![architectures](${origin}${badgeUrl(complete.reference)})](${origin}/repositories/${repo.id})`);
  await expect(section.getByRole("button", { name: "Copy badge Markdown" })).toBeVisible();
});
