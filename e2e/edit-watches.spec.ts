// Editing watches in place (issue 12 items 2 and 5): the repository page's policy editor with its
// live preview, a missing tracked tag answered with the newest tags to pick from, the add form's
// registry check (did you mean, newest tags), and a pruning watch-list import with its confirmation.
import { expect, test } from "@playwright/test";
import { pushImage } from "./fixtures/pusher";
import { findRepository, repositoryDetail, scanAndWait, unwatch, watch } from "./support/api";
import { startApp, type AppServer } from "./support/app-server";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState } from "./support/state";

const amd64 = (seed: string) => ({ format: "oci-image" as const, platform: { os: "linux", architecture: "amd64" }, seed });

async function pushTags(repo: string, tags: string[]) {
  for (const t of tags) await pushImage({ url: e2eState().registryUrl }, repo, t, amd64(`${repo}:${t}`));
}

test("the policy editor previews the tags it selects, saves in place and keeps history", async ({ page, request }) => {
  const host = e2eState().registryHost;
  await pushTags("e2e/edit-watch/app", ["1.0.0", "1.1.0", "2.0.0", "2.1.0-rc1"]);
  const reference = `${host}/e2e/edit-watch/app`;
  await unwatch(request, reference);
  const repo = await watch(request, reference, ["1.0.0"]);
  await scanAndWait(request, [repo.id]);
  const eventsBefore = (await repositoryDetail(request, repo.id)).events.length;
  expect(eventsBefore).toBeGreaterThan(0);

  await page.goto(`/repositories/${repo.id}`);
  const tracking = page.getByRole("region", { name: "What is tracked" });
  await expect(tracking).toContainText("tags 1.0.0; image configs not verified.", PAGE_READY);
  await waitForHydration(tracking.getByRole("button", { name: "Edit tracking" }));
  await tracking.getByRole("button", { name: "Edit tracking" }).click();

  const form = tracking.getByRole("form", { name: "Edit what is tracked" });
  const preview = form.getByRole("status", { name: "Tags this policy selects" });
  await expect(preview).toHaveText("Selects 1 tag now: 1.0.0 (named tags are not looked up until the scan)");
  await form.getByRole("radio", { name: "Newest N" }).check();
  await form.getByRole("spinbutton", { name: "How many newest tags" }).fill("2");
  await expect(preview).toHaveText("Selects 2 tags now of 4 on the registry: 2.1.0-rc1, 2.0.0");
  await form.getByRole("textbox", { name: "Exclude patterns" }).fill("*-rc*");
  await expect(preview).toHaveText("Selects 2 tags now of 4 on the registry: 2.0.0, 1.1.0");
  await form.getByRole("textbox", { name: "Include patterns" }).fill("9.*");
  await expect(preview).toHaveText(/^Selects no tag now of 4 on the registry/);
  await form.getByRole("textbox", { name: "Include patterns" }).fill("");
  await form.getByRole("spinbutton", { name: "How many newest tags" }).fill("0");
  await expect(form.getByRole("alert")).toHaveText("Enter a whole number from 1 to 100");
  await expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  await form.getByRole("spinbutton", { name: "How many newest tags" }).fill("2");
  await form.getByRole("checkbox", { name: /Verify image configs/ }).check();
  await form.getByRole("button", { name: "Save" }).click();

  await expect(tracking.getByRole("status")).toHaveText(/^Saved\. The next scan reads the tags this policy selects; the history so far is kept\.$/);
  await expect(tracking).toContainText("newest 2 tags except *-rc*; image configs verified.");
  const saved = await findRepository(request, reference);
  expect(saved?.id).toBe(repo.id);
  expect(saved?.tagPolicy).toEqual({ kind: "newest", count: 2, include: [], exclude: ["*-rc*"] });
  expect(saved?.verifyConfigs).toBe(true);

  await scanAndWait(request, [repo.id]);
  const after = await repositoryDetail(request, repo.id);
  expect(after.coverage.tags.map((t) => t.tag).sort()).toEqual(["1.1.0", "2.0.0"]);
  expect(after.events.length).toBeGreaterThan(eventsBefore); // earlier events kept, new ones added
});

test("a tracked tag the registry lacks offers its newest tags; one click switches and rescans", async ({ page, request }) => {
  const host = e2eState().registryHost;
  await pushTags("e2e/edit-watch/no-latest", ["3.0.0", "3.1.0"]);
  const reference = `${host}/e2e/edit-watch/no-latest`;
  await unwatch(request, reference);
  const repo = await watch(request, reference); // tracks "latest", which was never pushed
  await scanAndWait(request, [repo.id]);

  await page.goto(`/repositories/${repo.id}`);
  const panel = page.getByRole("region", { name: 'The registry has no tag "latest"' });
  await expect(panel).toBeVisible(PAGE_READY);
  const newest = panel.getByRole("list", { name: "Newest tags" });
  await expect(newest.getByRole("button")).toHaveText(["3.1.0", "3.0.0"]);
  await waitForHydration(newest.getByRole("button", { name: "Track 3.1.0" }));
  await newest.getByRole("button", { name: "Track 3.1.0" }).click();

  await expect(panel).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "What is tracked" })).toContainText("tags 3.1.0;");
  await expect.poll(async () => (await repositoryDetail(request, repo.id)).coverage.tags.map((t) => [t.tag, t.error?.code ?? null])).toEqual([["3.1.0", null]]);
});

test("adding checks the registry: did you mean, then the newest tags, each submit clearing the last answer", async ({ page, request }) => {
  const host = e2eState().registryHost;
  await pushTags("e2e/edit-watch/typo-target", ["1.0", "1.1"]);
  await unwatch(request, `${host}/e2e/edit-watch/typo-target`);

  await page.goto("/repositories/new");
  const form = page.getByRole("form", { name: "Add one repository" });
  await expect(form).toBeVisible(PAGE_READY);
  await waitForHydration(form);
  await form.getByRole("textbox", { name: "Image reference" }).fill(`${host}/e2e/edit-watch/typo-targett`);
  await form.getByRole("button", { name: "Add repository" }).click();
  const alert = form.getByRole("alert");
  await expect(alert).toContainText(`e2e/edit-watch/typo-targett not found on ${host} — did you mean e2e/edit-watch/typo-target?`);
  await alert.getByRole("button", { name: `${host}/e2e/edit-watch/typo-target`, exact: true }).click();

  // The suggestion is tried at once; it has no "latest", so its newest tags are offered.
  await expect(alert).toContainText(`e2e/edit-watch/typo-target on ${host} has no tag latest; its newest tags: 1.1, 1.0`);
  await expect(alert).toHaveCount(1);
  await alert.getByRole("button", { name: "Track 1.1" }).click();
  const added = form.getByRole("status").filter({ hasText: "Added" });
  await expect(added.getByRole("link", { name: `${host}/e2e/edit-watch/typo-target`, exact: true })).toBeVisible();
  await expect(form.getByRole("alert")).toHaveCount(0);
  expect((await findRepository(request, `${host}/e2e/edit-watch/typo-target`))?.tagPolicy).toEqual({ kind: "tags", tags: ["1.1"] });

  // A new submit that fails leaves no "Added" panel from the previous one under its error.
  await form.getByRole("textbox", { name: "Image reference" }).fill(`${host}/e2e/edit-watch/typo-target`);
  await form.getByRole("button", { name: "Add repository" }).click();
  await expect(form.getByRole("alert")).toContainText("already watched");
  await expect(form.getByRole("status").filter({ hasText: "Added" })).toHaveCount(0);
});

test.describe("watch-list import with prune (its own server: pruning the shared one would remove other specs' repositories)", () => {
  let app: AppServer;
  test.beforeAll(async () => {
    app = await startApp({});
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("prune asks with the count and names, Cancel changes nothing, and the result lists each outcome", async ({ page, playwright }) => {
    const api = await playwright.request.newContext({ baseURL: app.baseURL });
    const seeded = await api.post("/api/watchlist", {
      data: "repositories:\n  - ghcr.io/acme/keep\n  - ghcr.io/acme/edit\n  - ghcr.io/acme/gone\n",
      headers: { "content-type": "application/yaml" },
    });
    expect(seeded.status(), await seeded.text()).toBe(200);
    const list = async () => ((await (await api.get("/api/repositories")).json()) as { repositories: Array<{ id: string; reference: string; tagPolicy: unknown }> }).repositories;
    const editId = (await list()).find((r) => r.reference === "ghcr.io/acme/edit")?.id;

    await page.goto(`${app.baseURL}/repositories/new?tab=file`);
    const form = page.getByRole("form", { name: "Import" });
    const text = form.getByRole("textbox", { name: "Or paste its contents" });
    await expect(text).toBeVisible(PAGE_READY);
    await waitForHydration(text);
    await text.fill("repositories:\n  - ghcr.io/acme/keep\n  - reference: ghcr.io/acme/edit\n    tagPolicy: { kind: newest, count: 3 }\n  - ghcr.io/acme/new\n");
    await form.getByRole("checkbox", { name: /Prune: remove repositories absent from the file/ }).check();
    await form.getByRole("button", { name: "Import watch list" }).click();

    const dialog = page.getByRole("dialog", { name: "Remove 1 repository absent from the file?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("list", { name: "To be removed" }).getByRole("listitem")).toHaveText(["ghcr.io/acme/gone"]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect((await list()).map((r) => r.reference)).toEqual(["ghcr.io/acme/edit", "ghcr.io/acme/gone", "ghcr.io/acme/keep"]);

    await form.getByRole("button", { name: "Import watch list" }).click();
    await dialog.getByRole("button", { name: "Remove 1 and import" }).click();
    const result = form.getByRole("status", { name: "Import result" });
    await expect(result).toContainText("Imported: 1 created, 1 updated, 1 unchanged, 1 removed.");
    await expect(result.getByRole("list", { name: "Created" }).getByRole("listitem")).toHaveText(["ghcr.io/acme/new"]);
    await expect(result.getByRole("list", { name: /^Updated/ }).getByRole("listitem")).toHaveText(["ghcr.io/acme/edit"]);
    await expect(result.getByRole("list", { name: "Unchanged" }).getByRole("listitem")).toHaveText(["ghcr.io/acme/keep"]);
    await expect(result.getByRole("list", { name: /^Removed/ }).getByRole("listitem")).toHaveText(["ghcr.io/acme/gone"]);

    const after = await list();
    expect(after.map((r) => r.reference)).toEqual(["ghcr.io/acme/edit", "ghcr.io/acme/keep", "ghcr.io/acme/new"]);
    const edited = after.find((r) => r.reference === "ghcr.io/acme/edit");
    expect(edited?.id).toBe(editId); // updated in place, not deleted and re-added
    expect(edited?.tagPolicy).toEqual({ kind: "newest", count: 3 });
    await api.dispose();
  });
});
