// The required set decides what the grid shows: a column made required in Settings (windows/amd64)
// appears by itself, counted as a gap; an extra column switched on but not required is
// informational (muted, and says so in its name and tooltip); the repository page shows the
// required columns and offers a waiver on each. Its own server: changing the required set on the
// shared one would change what every other spec sees.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { startApp, type AppServer } from "./support/app-server";
import { gridRow, gridTable } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState, imagesOf } from "./support/state";

let app: AppServer;
test.beforeAll(async () => {
  // The shared registry is on loopback: allow it, as the shared server does.
  app = await startApp({ ARCHGRID_INSECURE_REGISTRIES: e2eState().registryHost });
});
test.afterAll(async () => {
  await app?.stop();
});

async function pageOn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseURL });
  return context.newPage();
}

async function seed(api: APIRequestContext, references: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const reference of references) {
    const res = await api.post("/api/repositories", { data: { reference } });
    expect(res.status(), await res.text()).toBe(201);
    ids.push(((await res.json()) as { repository: { id: string } }).repository.id);
  }
  const scan = await api.post("/api/scans", { data: { repositoryIds: ids } });
  expect(scan.status()).toBe(202);
  const { scan: s } = (await scan.json()) as { scan: { id: string } };
  await expect.poll(async () => ((await (await api.get(`/api/scans/${s.id}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 30_000 }).toBe("succeeded");
  return ids;
}

test("a column required in Settings is in the grid by itself; a merely switched-on one is informational", async ({ browser, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  const [linuxOnly, mixed] = [imagesOf("a11y")[0], imagesOf("a11y")[2]];
  const [linuxId] = await seed(api, [linuxOnly.reference, mixed.reference]);
  const put = await api.put("/api/settings", { data: { requiredColumns: ["amd64", "arm", "arm64", "ppc64le", "s390x", "windows/amd64"] } });
  expect(put.status(), await put.text()).toBe(200);

  const page = await pageOn(browser);
  await page.goto("/grid");
  const grid = gridTable(page);
  await expect(grid).toBeVisible(PAGE_READY);
  // No `extra` in the URL, yet the required column is there and counts: a Linux-only image misses it.
  await expect(page).not.toHaveURL(/extra=/);
  await expect(grid.getByRole("columnheader", { name: /^windows\/amd64/ })).toBeVisible();
  const linuxRow = gridRow(page, linuxOnly.reference);
  const windowsCell = linuxRow.getByRole("button", { name: "windows/amd64: missing", exact: true });
  await expect(windowsCell).toBeVisible();
  await expect(windowsCell).not.toHaveClass(/ag-info/);
  await expect(gridRow(page, mixed.reference).getByRole("button", { name: /^windows\/amd64: present/ })).toBeVisible();
  // Its "Extra columns" box is on and fixed: it is shown because it is required.
  const box = page.getByRole("group", { name: "Extra columns" }).getByRole("checkbox", { name: /windows\/amd64/ });
  await expect(box).toBeChecked();
  await expect(box).toBeDisabled();

  // riscv64 switched on but not required: shown, muted, and named informational.
  const riscv = page.getByRole("group", { name: "Extra columns" }).getByRole("checkbox", { name: "riscv64" });
  await waitForHydration(riscv);
  // click, not check(): the box follows the URL, which the grid updates a moment after the click.
  await riscv.click();
  await expect(page).toHaveURL(/extra=riscv64/);
  await expect(riscv).toBeChecked();
  const info = linuxRow.getByRole("button", { name: "riscv64: missing, informational", exact: true });
  await expect(info).toBeVisible();
  await expect(info).toHaveClass(/ag-info/);
  await expect(info).toHaveAttribute("title", /informational/);
  // Muted: neutral colours, not the rose of a gap.
  const [infoBg, gapBg] = await Promise.all([info.evaluate((el) => getComputedStyle(el).backgroundColor), windowsCell.evaluate((el) => getComputedStyle(el).backgroundColor)]);
  expect(infoBg).not.toBe(gapBg);

  // The repository page shows the required column and offers a waiver on it.
  await page.goto(`/repositories/${linuxId}`);
  await expect(page.getByRole("listitem", { name: "windows/amd64: missing" })).toBeVisible(PAGE_READY);
  const panel = page.getByRole("region", { name: "Waivers" });
  const column = panel.getByLabel("Architecture");
  await waitForHydration(column);
  await column.selectOption("windows/amd64");
  await panel.getByLabel("Reason").fill("Linux-only service");
  await panel.getByRole("button", { name: "Add waiver" }).click();
  await expect(page.getByRole("listitem", { name: "windows/amd64: waived" })).toBeVisible();
  await page.context().close();
});
