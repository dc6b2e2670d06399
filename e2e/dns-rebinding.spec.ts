// DNS rebinding: a browser on the attacker's site, whose name now resolves to the archgrid
// server, sees archgrid as "same origin". The Host header (the attacker's name) is the only tell,
// and it is refused with 421 on pages and API alike.
import { expect, test } from "@playwright/test";
import { listRepositories } from "./support/api";
import { CHROMIUM_LAUNCH } from "./support/chromium";

// Chromium resolves the attacker's name to our loopback address, as a rebinding DNS server would.
// Its Private Network Access checks would already stop the page's requests; they are switched
// off so that archgrid's own defence is what is tested (other browsers have no such check).
test.use({
  launchOptions: {
    ...CHROMIUM_LAUNCH,
    args: [
      ...CHROMIUM_LAUNCH.args,
      "--host-resolver-rules=MAP rebind.attacker.example 127.0.0.1",
      "--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks",
    ],
  },
});

test("a name rebound to the server gets 421 for pages and API, and changes nothing", async ({ page, request, baseURL }) => {
  const port = new URL(baseURL as string).port;
  const res = await page.goto(`http://rebind.attacker.example:${port}/`);
  expect(res?.status()).toBe(421);
  expect(await page.textContent("body")).toContain("ARCHGRID_PUBLIC_URL");
  // The attack proper: the attacker's own page was loaded while the name still pointed at the
  // attacker (played here by fulfilling the document), then the name rebinds to archgrid, and
  // the page's requests reach archgrid as "same origin". The Host header is the only tell.
  await page.route(`http://rebind.attacker.example:${port}/`, (r) => r.fulfill({ contentType: "text/html", body: "<!doctype html><title>attacker</title>" }));
  await page.goto(`http://rebind.attacker.example:${port}/`);
  await expect(page).toHaveTitle("attacker");
  const answers = await page.evaluate(async () => {
    const add = await fetch("/api/repositories", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference: "ghcr.io/evil/rebound" }) });
    const read = await fetch("/api/repositories");
    return [add.status, read.status, (await read.text()).includes("unknown-host")];
  });
  expect(answers).toEqual([421, 421, true]);
  // Another spec may add repositories meanwhile: look for this attack's own, not at the count.
  expect((await listRepositories(request)).map((r) => r.reference)).not.toContain("ghcr.io/evil/rebound");
});
