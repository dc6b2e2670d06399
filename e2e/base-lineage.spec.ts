// Base-image lineage (issue 13 item 5) as a user sees it: an image built on a base that lacks arm64
// reads "by base" in its arm64 cell, the cell's details say "blocked by base: <base> has no arm64",
// the grid's "Blocked by base image" filter keeps it, and the repository page names the base.
import { expect, test } from "@playwright/test";
import { pushImage } from "../e2e/fixtures/pusher";
import { findRepository, scanAndWait } from "./support/api";
import { gotoGrid, gridRow, search } from "./support/grid";
import { PAGE_READY } from "./support/hydration";
import { e2eState } from "./support/state";

test("a gap the base image causes says so in the cell, its details, the filter and the repository page", async ({ page, request }) => {
  const { registryUrl, registryHost } = e2eState();
  const base = await pushImage({ url: registryUrl }, "e2e/lineage-base", "1", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }], seed: "e2e-base" });
  const baseName = `${registryHost}/e2e/lineage-base:1`;
  await pushImage({ url: registryUrl }, "e2e/lineage-app", "1.0", {
    format: "oci-index",
    platforms: [{ os: "linux", architecture: "amd64" }],
    seed: "e2e-app",
    annotations: { "org.opencontainers.image.base.name": baseName, "org.opencontainers.image.base.digest": base.digest },
  });
  const reference = `${registryHost}/e2e/lineage-app`;
  let repo = await findRepository(request, reference);
  if (!repo) {
    const res = await request.post("/api/repositories", { data: { reference, tags: ["1.0"] } });
    expect(res.status(), await res.text()).toBe(201);
    repo = (await res.json()).repository;
  }
  await scanAndWait(request, [repo!.id]);

  await gotoGrid(page);
  await search(page, "e2e/lineage-app");
  const row = gridRow(page, reference);
  // The cell's name holds every word it shows, "by base" included.
  const cell = row.getByRole("button", { name: "arm64: missing, by base", exact: true });
  await expect(cell).toBeVisible(PAGE_READY);
  await expect(cell).toContainText("by base");

  await cell.click();
  const details = page.getByRole("dialog", { name: `arm64 in ${reference}` });
  await expect(details).toContainText(`blocked by base: ${baseName} has no arm64`);
  await details.getByRole("button", { name: "Close details" }).click();

  // click, not check(): the box follows the URL, which the grid writes a moment after the click.
  await page.getByLabel("Blocked by base image").click();
  await expect(page.getByLabel("Blocked by base image")).toBeChecked();
  await expect(page).toHaveURL(/blockedByBase=1/);
  await expect(gridRow(page, reference)).toBeVisible();

  await page.goto(`/repositories/${repo!.id}`);
  const section = page.getByRole("region", { name: "Base image and upgrades" });
  await expect(section).toBeVisible(PAGE_READY);
  await expect(section).toContainText(`blocked by base: ${baseName} has no arm64`);
  await expect(section.getByRole("table", { name: "Base image of each tag" })).toContainText(baseName);
});

test("the repository page names where a missing architecture arrives across tracked versions", async ({ page, request }) => {
  const { registryUrl, registryHost } = e2eState();
  const reg = { url: registryUrl };
  await pushImage(reg, "e2e/hinted", "1.0", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "s390x" }], seed: "h10" });
  await pushImage(reg, "e2e/hinted", "1.1", { format: "oci-index", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }], seed: "h11" });
  const reference = `${registryHost}/e2e/hinted`;
  let repo = await findRepository(request, reference);
  if (!repo) {
    const res = await request.post("/api/repositories", { data: { reference, tagPolicy: { kind: "pattern", include: ["1.*"] } } });
    expect(res.status(), await res.text()).toBe(201);
    repo = (await res.json()).repository;
  }
  await scanAndWait(request, [repo!.id]);

  await page.goto(`/repositories/${repo!.id}`);
  const section = page.getByRole("region", { name: "Base image and upgrades" });
  await expect(section).toBeVisible(PAGE_READY);
  await expect(section.getByRole("listitem").filter({ hasText: "arm64 from 1.1 (1.0 lacks it)" })).toBeVisible();
  await expect(section.getByRole("listitem").filter({ hasText: "1.1 dropped s390x (1.0 had it)" })).toBeVisible();
});
