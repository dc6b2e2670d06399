// A hostile page on another loopback origin tries every way a browser lets it send a change to
// archgrid without CORS: HTML form posts (text/plain, urlencoded, multipart) and no-cors fetches,
// against every mutating route, plus preflighted fetches. Before the
// browser protections a text/plain form post added repositories and started scans (issue 10).
import { expect, test, type Page } from "@playwright/test";
import { startAttackerSite, type AttackerSite } from "./support/attacker";
import { startApp, type AppServer } from "./support/app-server";

// Its own archgrid in the default configuration (no admin token: the one that was open to this),
// so that "nothing changed" can compare the whole database state, whatever other specs do.
let app: AppServer;
test.beforeAll(async () => {
  app = await startApp({});
});
test.afterAll(async () => {
  await app?.stop();
});

const MUTATIONS = (id: string) => [
  { path: "/api/repositories", body: { reference: "ghcr.io/evil/added" } },
  { path: "/api/repositories/bulk", body: { references: ["ghcr.io/evil/bulk"] } },
  { path: "/api/repositories/import", body: { source: "catalog", registry: "127.0.0.1:1" } },
  { path: "/api/watchlist", body: { repositories: [{ reference: "ghcr.io/evil/watch" }] } },
  { path: "/api/scans", body: {} },
  { path: "/api/scans/any/cancel", body: {} },
  { path: `/api/repositories/${id}`, body: { tags: ["evil"] } },
  { path: "/api/auth/signout", body: {} },
  { path: "/", body: {} },
];

/** The attacker's page: every form and no-cors request fires at load; it reports when all are done. */
function attackPage(target: string, id: string): string {
  const attacks = MUTATIONS(id).map((m) => ({ url: target + m.path, json: JSON.stringify(m.body) }));
  return `<!doctype html><body><script>
  const attacks = ${JSON.stringify(attacks)};
  const pending = [];
  let n = 0;
  for (const a of attacks) {
    for (const enctype of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      const name = "f" + n++;
      const frame = document.createElement("iframe");
      frame.name = name;
      document.body.appendChild(frame);
      pending.push(new Promise((r) => { frame.onload = r; setTimeout(r, 15000); }));
      const form = document.createElement("form");
      form.method = "POST"; form.action = a.url; form.enctype = enctype; form.target = name;
      const input = document.createElement("input");
      // text/plain sends "name=value": a JSON body split across them, as real CSRF pages do.
      input.name = a.json.slice(0, -1) + ',"x":"'; input.value = '"}';
      form.appendChild(input);
      document.body.appendChild(form);
      form.submit();
    }
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      pending.push(fetch(a.url, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": type }, body: a.json }).catch(() => {}));
    }
    for (const method of ["POST", "PATCH", "DELETE"]) {
      pending.push(fetch(a.url, { method, mode: "cors", credentials: "include", headers: { "content-type": "application/json" }, body: method === "DELETE" ? undefined : a.json }).catch(() => {}));
    }
  }
  Promise.all(pending).then(() => { document.title = "done " + pending.length; });
</script></body>`;
}

async function snapshot(page: Page) {
  const state = await page.request.get(`${app.baseURL}/api/repositories`).then((r) => r.json());
  const scans = await page.request.get(`${app.baseURL}/api/scans?limit=100`).then((r) => r.json());
  return { repositories: state.repositories, scans: scans.scans };
}

for (const kind of ["another site (localhost)", "another origin, same site (127.0.0.1, other port)"] as const) {
  test(`a page on ${kind} changes nothing through form posts and fetches`, async ({ page }) => {
    const baseURL = app.baseURL;
    const added = await page.request.post(`${baseURL}/api/repositories`, { data: { reference: `ghcr.io/e2e/keep-${kind.length}` } });
    expect(added.status()).toBe(201);
    const { repository: repo } = (await added.json()) as { repository: { id: string } };
    const before = await snapshot(page);
    let site: AttackerSite | undefined;
    const statuses: string[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(baseURL)) statuses.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
    try {
      site = await startAttackerSite({ "/": attackPage(baseURL, repo.id) });
      await page.goto(`${kind.startsWith("another site") ? site.siteOrigin : site.origin}/`);
      await expect(page).toHaveTitle(/^done \d+$/, { timeout: 60_000 });
    } finally {
      await site?.close();
    }
    const after = await snapshot(page);
    expect(after.repositories).toEqual(before.repositories);
    expect(after.scans).toEqual(before.scans);
    // Every answer the browser saw was a refusal: cross-site (403), wrong type (415), page (405), or no preflight (404/405).
    expect(statuses.length).toBeGreaterThan(20);
    for (const s of statuses) expect(s).toMatch(/ (403|405|404|415)$/);
  });
}
