// Every page runs under the Content-Security-Policy with zero violations in Chromium: the CSP is
// strict (nonce'd scripts only), so a violation means a page is broken, or an injected script ran.
import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/api";
import { imagesOf } from "./support/state";
import { startAttackerSite } from "./support/attacker";

/** Collects CSP violations both ways Chromium reports them: the DOM event and the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__reportCspViolation", (v: string) => void seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  return seen;
}

test("every page renders, hydrates and works with zero CSP violations", async ({ page, request }) => {
  const [image] = imagesOf("security");
  const [repo] = await seed(request, [image.reference]);
  const violations = await watchViolations(page);

  const pages: Array<[string, RegExp]> = [
    ["/", /overview|coverage/i],
    ["/grid", /grid|coverage/i],
    ["/repositories/new", /add/i],
    ["/scans", /scans/i],
    [`/repositories/${repo.id}`, new RegExp(image.repo.split("/").pop() as string)],
    ["/signin", /sign-in is off/i],
    ["/api-docs", /API reference/],
    ["/no-such-page", /not found|404/i],
  ];
  for (const [path, text] of pages) {
    const res = await page.goto(path);
    expect(res, path).not.toBeNull();
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp, `${path} CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res?.headers()["referrer-policy"]).toBe("same-origin");
    expect(res?.headers()["permissions-policy"]).toContain("camera=()");
    await expect(page.locator("body")).toContainText(text);
    // React ran (its scripts carried the nonce): the nav link is wired up.
    await expect
      .poll(() => page.locator("header a").first().evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"))), { timeout: 30_000 })
      .toBe(true);
  }
  // Client-side navigation loads further chunks under 'strict-dynamic'.
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Grid" }).click();
  await expect(page).toHaveURL(/\/grid/);
  await expect(page.getByRole("link", { name: image.reference }).first()).toBeVisible({ timeout: 30_000 });
  expect(violations).toEqual([]);
});

test("API and static responses carry the headers too, and allow nothing to run or frame them", async ({ request, page }) => {
  const api = await request.get("/api/repositories");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  const missing = await request.get("/api/nope");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await page.goto("/");
  const script = await page.locator("script[src]").first().getAttribute("src");
  const asset = await request.get(script as string);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a page of ours cannot be framed by another origin", async ({ page, baseURL }) => {
  const site = await startAttackerSite({ "/": `<iframe id="f" src="${baseURL}/"></iframe>` });
  try {
    const blocked: string[] = [];
    page.on("console", (m) => void blocked.push(m.text()));
    await page.goto(`${site.siteOrigin}/`);
    await expect.poll(() => blocked.join("\n"), { timeout: 15_000 }).toMatch(/frame-ancestors|X-Frame-Options/i);
    await expect(page.frameLocator("#f").locator("header")).toHaveCount(0);
  } finally {
    await site.close();
  }
});
