// Sign-in with the admin token: with ARCHGRID_ADMIN_TOKEN and ARCHGRID_READ_REQUIRES_SIGN_IN set,
// a stranger sees only the sign-in page; the token becomes an HttpOnly session cookie, the UI
// can then change things (before this it never sent the token), and signing out locks it again.
import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { waitForHydration } from "./support/hydration";

const TOKEN = "e2e-admin-token-0123456789";
let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ ARCHGRID_ADMIN_TOKEN: TOKEN, ARCHGRID_READ_REQUIRES_SIGN_IN: "true" });
});
test.afterAll(async () => {
  await app?.stop();
});

test("a stranger reads nothing; the token signs in, the UI changes things, signing out locks it again", async ({ page, playwright }) => {
  const anon = await playwright.request.newContext({ baseURL: app.baseURL });
  for (const path of ["/api/coverage", "/api/repositories", "/api/scans", "/api/reports/gaps?format=csv", "/api/watchlist"]) {
    expect((await anon.get(path)).status(), path).toBe(401);
  }
  expect((await anon.get("/api/repositories", { headers: { authorization: `bEaReR ${TOKEN}` } })).status()).toBe(200);

  // Every page sends a stranger to the sign-in page, remembering where they were going.
  await page.goto(`${app.baseURL}/repositories/new`);
  await expect(page).toHaveURL(/\/signin\?next=%2Frepositories%2Fnew$/);
  const panel = page.getByRole("region", { name: "Sign in to archgrid" });
  await expect(panel).toBeVisible();
  await expect(page.getByRole("heading", { name: "Add repositories" })).toHaveCount(0);

  const field = panel.getByLabel("Admin token");
  await waitForHydration(field);
  await field.fill("not-the-token");
  await panel.getByRole("button", { name: "Sign in with the admin token" }).click();
  await expect(panel.getByRole("alert")).toHaveText("that is not the admin token");

  await field.fill(TOKEN);
  await panel.getByRole("button", { name: "Sign in with the admin token" }).click();
  await expect(page).toHaveURL(`${app.baseURL}/repositories/new`);
  await expect(page.getByRole("heading", { level: 1, name: "Add repositories" })).toBeVisible({ timeout: 30_000 });

  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "archgrid_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  expect(cookie.value).not.toContain(TOKEN);
  expect(await page.evaluate(() => document.cookie)).not.toContain("archgrid_session");

  // The UI now changes things: the add form's request carries the session, not the token.
  const form = page.getByRole("form", { name: "Add one repository" });
  await waitForHydration(form);
  await form.getByRole("textbox", { name: "Image reference" }).fill("ghcr.io/e2e/signed-in");
  // The form asks the registry first; ghcr.io cannot be reached from tests, so "Add anyway" sends the add.
  await form.getByRole("button", { name: "Add repository" }).click();
  const added = page.waitForResponse((r) => r.url().endsWith("/api/repositories") && r.request().method() === "POST" && r.status() !== 502);
  await form.getByRole("button", { name: "Add anyway" }).click();
  const res = await added;
  expect(res.status()).toBe(201);
  expect(res.request().headers()["authorization"]).toBeUndefined();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("region", { name: "Sign in to archgrid" })).toBeVisible();
  expect((await page.context().cookies()).filter((c) => c.name === "archgrid_session")).toEqual([]);
  // The sealed cookie from before still opens nothing once it is gone from the browser; a forged one neither.
  const forged = await playwright.request.newContext({ baseURL: app.baseURL, extraHTTPHeaders: { cookie: `archgrid_session=${cookie.value.slice(0, -4)}AAAA` } });
  expect((await forged.get("/api/repositories")).status()).toBe(401);
  await forged.dispose();
  await anon.dispose();
});
