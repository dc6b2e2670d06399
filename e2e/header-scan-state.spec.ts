// The header's scan state follows the real scans: with a slow registry (a fault proxy that holds
// every manifest answer for a few seconds) "Scan all", pressed in the header, runs while a scan
// started by a script waits behind it; the header shows the running one ("Scanning n/2"), then the
// next ("Scanning 0/1"), and returns to "Scan all" once both have ended — never left at
// "Scanning 0/1" (issue 12). Its own server, allowed to reach the proxy.
import { expect, test } from "@playwright/test";
import { startFaultProxy, type FaultProxy } from "./fixtures/fault-proxy";
import { pushImage } from "./fixtures/pusher";
import { startApp, type AppServer } from "./support/app-server";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState } from "./support/state";

const HOLD_MS = 8000;
let proxy: FaultProxy;
let app: AppServer;

test.beforeAll(async () => {
  const { registryUrl } = e2eState();
  for (const name of ["first", "second"]) {
    await pushImage({ url: registryUrl }, `e2e/slow-scan/${name}`, "latest", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], seed: `slow-${name}` });
  }
  proxy = await startFaultProxy(registryUrl);
  app = await startApp({ ARCHGRID_INSECURE_REGISTRIES: proxy.host });
});
test.afterAll(async () => {
  await app?.stop();
  await proxy?.stop();
});

test("the header shows the scan that runs, then the one behind it, then Scan all once both ended", async ({ browser, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  const ids: string[] = [];
  for (const name of ["first", "second"]) {
    const res = await api.post("/api/repositories", { data: { reference: `${proxy.host}/e2e/slow-scan/${name}` } });
    expect(res.status(), await res.text()).toBe(201);
    ids.push(((await res.json()) as { repository: { id: string } }).repository.id);
  }
  const page = await (await browser.newContext({ baseURL: app.baseURL })).newPage();
  await page.goto("/");
  const header = page.getByRole("banner");
  const scanAll = header.getByRole("button", { name: "Scan all" });
  await waitForHydration(scanAll);

  // From now on the registry is slow: every manifest answer is held for a few seconds.
  proxy.setRules([{ name: "slow manifests", path: /\/manifests\//, delayMs: HOLD_MS }]);
  // "Scan all" pressed in the header…
  await scanAll.click();
  await expect(header.getByRole("link", { name: /^Scanning [0-2]\/2$/ })).toBeVisible(PAGE_READY);
  const all = ((await (await api.get("/api/scans")).json()) as { scans: Array<{ id: string }> }).scans[0].id;
  // …and, while it runs, a scan of one repository started elsewhere (a script, another tab): it waits behind.
  const res = await api.post("/api/scans", { data: { repositoryIds: [ids[0]] } });
  expect(res.status(), await res.text()).toBe(202);
  const queued = ((await res.json()) as { scan: { id: string } }).scan.id;
  // The header keeps showing the scan that runs, not the one queued behind it: after two of its
  // list polls that include the queued scan (the first one's answer is rendered by then)…
  const status = async (id: string) => ((await (await api.get(`/api/scans/${id}`)).json()) as { scan: { status: string } }).scan.status;
  for (let i = 0; i < 2; i++) await page.waitForResponse(async (r) => r.url().includes("/api/scans?limit=") && (await r.text()).includes(queued));
  expect([await status(all), await status(queued)]).toEqual(["running", "queued"]);
  await expect(header.getByRole("link", { name: /^Scanning [0-2]\/2$/ })).toBeVisible();
  await expect(header.getByRole("link", { name: "Scan queued" })).toHaveCount(0);
  // …then the one that was waiting, once it runs.
  await expect(header.getByRole("link", { name: "Scanning 0/1" })).toBeVisible({ timeout: 30_000 });
  const [first, second] = [all, queued];

  // Both scans end on the server…
  await expect.poll(async () => [await status(first), await status(second)], { timeout: 60_000, intervals: [250] }).toEqual(["succeeded", "succeeded"]);
  expect(proxy.hits()["slow manifests"]).toBeGreaterThanOrEqual(3);
  // …and the header follows within its polling interval: Scan all, no progress left behind.
  await expect(scanAll).toBeVisible({ timeout: 5000 });
  await expect(header.getByRole("link", { name: /^Scanning|^Scan queued/ })).toHaveCount(0);
  await expect(header.getByRole("progressbar")).toHaveCount(0);
  await page.context().close();
});
