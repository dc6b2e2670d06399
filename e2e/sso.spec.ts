// Single sign-on end to end in Chromium: archgrid configured with ARCHGRID_OIDC_* against a real
// OpenID provider on loopback. Members of the writers group change things; other signed-in
// users read; a tampered callback signs nobody in.
import { expect, test, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { startOidcProvider, type RunningProvider } from "./support/oidc-provider";
import { freePort } from "./fixtures/registry";
import { waitForHydration } from "./support/hydration";

let app: AppServer;
let idp: RunningProvider;

test.beforeAll(async () => {
  const port = await freePort();
  idp = await startOidcProvider({
    redirectUri: `http://127.0.0.1:${port}/api/auth/oidc/callback`,
    groupsOf: (login) => (login === "alice" ? ["archgrid-admins", "staff"] : ["staff"]),
  });
  app = await startApp(
    {
      ARCHGRID_OIDC_ISSUER: idp.issuer,
      ARCHGRID_OIDC_CLIENT_ID: idp.clientId,
      ARCHGRID_OIDC_CLIENT_SECRET: idp.clientSecret,
      ARCHGRID_OIDC_WRITERS: "archgrid-admins",
    },
    port,
  );
});
test.afterAll(async () => {
  await app?.stop();
  await idp?.close();
});

async function signInAs(page: Page, login: string, next = "/"): Promise<void> {
  await page.goto(`${app.baseURL}/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${app.baseURL}${next}`);
}

/** A change sent the way the UI sends it (same origin, JSON, the session cookie). */
async function addFromPage(page: Page, reference: string): Promise<number> {
  return page.evaluate(async (ref) => {
    const res = await fetch("/api/repositories", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference: ref }) });
    return res.status;
  }, reference);
}

test("a reader signs in through the provider and may read but not change", async ({ page, playwright }) => {
  const anon = await playwright.request.newContext({ baseURL: app.baseURL });
  expect((await anon.post("/api/repositories", { data: { reference: "ghcr.io/e2e/anon" } })).status()).toBe(401);
  await anon.dispose();

  await signInAs(page, "bob", "/scans");
  await expect(page.getByText("bob@example.org (read only)")).toBeVisible();
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "archgrid_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect((await page.context().cookies()).filter((c) => c.name === "archgrid_oidc")).toEqual([]);
  expect(await addFromPage(page, "ghcr.io/e2e/by-bob")).toBe(403);
  expect(await page.evaluate(async () => (await fetch("/api/repositories")).status)).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
});

test("a member of the writers group changes things from the UI", async ({ page }) => {
  await signInAs(page, "alice", "/repositories/new");
  await expect(page.getByText("alice@example.org", { exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: "Add one repository" });
  await waitForHydration(form);
  await form.getByRole("textbox", { name: "Image reference" }).fill("ghcr.io/e2e/by-alice");
  // The form asks the registry first; ghcr.io cannot be reached from tests, so "Add anyway" sends the add.
  await form.getByRole("button", { name: "Add repository" }).click();
  const added = page.waitForResponse((r) => r.url().endsWith("/api/repositories") && r.request().method() === "POST" && r.status() !== 502);
  await form.getByRole("button", { name: "Add anyway" }).click();
  expect((await added).status()).toBe(201);
});

test("a callback that was not started here, or whose state was tampered with, signs nobody in", async ({ page }) => {
  await page.goto(`${app.baseURL}/api/auth/oidc/callback?code=forged&state=forged`);
  await expect(page).toHaveURL(/\/signin\?error=/);
  await expect(page.locator("main").getByRole("alert")).toContainText("try again");

  // Start a real sign-in (the browser context now holds the sealed state cookie), then come
  // back with another state value; then with the right state but a code the provider never issued.
  const start = async () => {
    const res = await page.request.get(`${app.baseURL}/api/auth/oidc/login`, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    return new URL(res.headers()["location"]).searchParams.get("state") as string;
  };
  const back = (state: string, code = "made-up") => page.goto(`${app.baseURL}/api/auth/oidc/callback?code=${code}&state=${encodeURIComponent(state)}`);
  const state = await start();
  await back("tampered");
  await expect(page).toHaveURL(/\/signin\?error=/);
  await expect(page.locator("main").getByRole("alert")).toContainText("Single sign-on failed");
  // The failed attempt used up the saved state: the right state cannot be replayed now.
  await back(state);
  await expect(page.locator("main").getByRole("alert")).toContainText("try again");
  // Right state, forged code: the provider refuses the exchange.
  await back(await start());
  await expect(page.locator("main").getByRole("alert")).toContainText("Single sign-on failed");
  expect((await page.context().cookies()).filter((c) => c.name === "archgrid_session")).toEqual([]);
});
