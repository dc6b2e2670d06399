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
  await expect(page.getByText(/^Showing 1–2 of 2 repositories · 1 of 2 scanned$/)).toBeVisible(PAGE_READY);
  const amd64 = page.getByRole("columnheader", { name: /^amd64/ });
  await expect(amd64).toContainText("100% in every tag · 1 of 2 scanned");
  // The bar is drawn over every watched repository: half green, half "not scanned".
  await expect(amd64.locator("[data-bar-complete]")).toHaveAttribute("data-bar-complete", "50.0");
});
