// What a user sees: the add form tracks exactly the tag or digest typed, and a grid where only
// some repositories were scanned says "N of M scanned" instead of drawing full green bars.
import { expect, test } from "@playwright/test";
import { pushImage } from "./fixtures/pusher";
import { findRepository, scanAndWait, unwatch, watch } from "./support/api";
import { gotoGrid } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState } from "./support/state";

const linux = (architecture: string) => ({ os: "linux", architecture });
const FIVE = ["amd64", "arm", "arm64", "ppc64le", "s390x"].map(linux);

test("the add form tracks the tag or digest typed in the reference", async ({ page, request }) => {
  const { registryHost: host, registryUrl: url } = e2eState();
  await pushImage({ url }, "e2e/typed/web", "1.8.0", { format: "oci-index", platforms: FIVE, seed: "typed-1.8.0" });
  const pinned = (await pushImage({ url }, "e2e/typed/pinned", "v1", { format: "oci-index", platforms: FIVE, seed: "typed-pinned" })).digest;
  await unwatch(request, `${host}/e2e/typed/web`);
  await unwatch(request, `${host}/e2e/typed/pinned`);

  await page.goto("/repositories/new");
  const form = page.getByRole("form", { name: "Add one repository" });
  await expect(form).toBeVisible(PAGE_READY);
  await waitForHydration(form);
  const reference = form.getByRole("textbox", { name: "Image reference" });

  await reference.fill(`${host}/e2e/typed/web:1.8.0`);
  // The form says what it will do with the tag, and the default "latest" field is out of the way.
  await expect(form.getByText("Tracks the tag 1.8.0 only, as typed.")).toBeVisible();
  await expect(form.getByRole("textbox", { name: "Tags" })).toHaveCount(0);
  await form.getByRole("button", { name: "Add repository" }).click();
  await expect(form.getByText(`${host}/e2e/typed/web`).first()).toBeVisible();
  expect((await findRepository(request, `${host}/e2e/typed/web`))?.tagPolicy).toEqual({ kind: "tags", tags: ["1.8.0"] });

  await reference.fill(`${host}/e2e/typed/pinned@${pinned}`);
  await expect(form.getByText(/Tracks the pinned digest sha256:[0-9a-f]{64} only: it cannot change, so it is read once\./)).toBeVisible();
  await form.getByRole("button", { name: "Add repository" }).click();
  await expect.poll(async () => (await findRepository(request, `${host}/e2e/typed/pinned`))?.tagPolicy).toEqual({ kind: "digest", digest: pinned });

  // Removing the tag brings the tag choices back.
  await reference.fill(`${host}/e2e/typed/other`);
  await expect(form.getByRole("textbox", { name: "Tags" })).toBeVisible();
});

test("1 of 2 scanned says so and draws a half-empty bar, not a full green one", async ({ page, request }) => {
  const { registryHost: host, registryUrl: url } = e2eState();
  for (const name of ["one", "two"]) {
    await pushImage({ url }, `e2e/figures/${name}`, "latest", { format: "oci-index", platforms: FIVE, seed: `figures-${name}` });
    await unwatch(request, `${host}/e2e/figures/${name}`);
  }
  const one = await watch(request, `${host}/e2e/figures/one`);
  await watch(request, `${host}/e2e/figures/two`);
  await scanAndWait(request, [one.id]);

  await gotoGrid(page, { q: "e2e/figures/" });
  await expect(page.getByText("Showing 1–2 of 2 repositories", { exact: true })).toBeVisible(PAGE_READY);
  await expect(page.getByText("1 of 2 scanned", { exact: true })).toBeVisible();
  const amd64 = page.getByRole("columnheader", { name: /^amd64/ });
  await expect(amd64).toContainText("100% in every tag · 1 of 2 scanned");
  // The bar is drawn over every watched repository: half green, half "not scanned".
  await expect(amd64.locator("[data-bar-complete]")).toHaveAttribute("data-bar-complete", "50.0");
});

test("a failed repository's error is shown once in the drawer, and worded as the export words it", async ({ page, request }) => {
  const { registryHost: host } = e2eState();
  const reference = `${host}/e2e/errors/apii`; // never pushed
  await unwatch(request, reference);
  const repo = await watch(request, reference);
  await scanAndWait(request, [repo.id]);
  const error = (await (await request.get(`/api/repositories/${repo.id}`)).json()) as { repository: { error?: { message: string } } };
  const message = error.repository.error?.message ?? "";
  expect(message).not.toBe("");

  await gotoGrid(page, { q: "e2e/errors/apii" });
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: reference, exact: true }) });
  await expect(row).toContainText(`Scan failed: ${message}`, PAGE_READY);
  await waitForHydration(row.getByRole("button", { name: "amd64: unknown", exact: true }));
  await row.getByRole("button", { name: "amd64: unknown", exact: true }).click();
  const drawer = page.getByRole("dialog", { name: `amd64 in ${reference}` });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText(message, { exact: true })).toHaveCount(1);
  await expect(drawer).toContainText("could not be read (the error above)");

  const md = await (await request.get("/api/reports/gaps?format=md&q=e2e/errors/apii")).text();
  // The Markdown report escapes what registries wrote (issue 10): read it as a renderer would.
  const rendered = md.replace(/\\([!-/:-@[-`{-~])/g, "$1");
  expect(rendered).toContain(`Scan failed: ${message}`);
});

test("a tag that lost a platform is marked in the grid and found by the regressed-since filter", async ({ page, request }) => {
  const { registryHost: host, registryUrl: url } = e2eState();
  const reference = `${host}/e2e/figures/regress`;
  await pushImage({ url }, "e2e/figures/regress", "latest", { format: "oci-index", platforms: FIVE, seed: "regress-full" });
  await unwatch(request, reference);
  const repo = await watch(request, reference);
  await scanAndWait(request, [repo.id]);
  await pushImage({ url }, "e2e/figures/regress", "latest", { format: "oci-index", platforms: FIVE.filter((p) => p.architecture !== "s390x"), seed: "regress-no-s390x" });
  await scanAndWait(request, [repo.id]);

  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await gotoGrid(page, { q: "e2e/figures/", regressedSince: yesterday });
  await expect(page.getByText(/^Showing 1–1 of 1 repository/)).toBeVisible(PAGE_READY);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: reference, exact: true }) });
  await expect(row.getByText(/Regressed: latest lost s390x/)).toBeAttached();
  await expect(row).toContainText("regressed");
  await expect(page.getByLabel("Regressed since")).toHaveValue(yesterday);
});
