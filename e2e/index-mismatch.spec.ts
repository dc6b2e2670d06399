// "Index says s390x, the image inside is amd64" (issue 9): with config verification on, the grid
// shows its own state for that column, counted as missing, and the cell's details say why and
// keep the raw spelling the registry wrote.
import { expect, test } from "@playwright/test";
import { pushImage } from "../e2e/fixtures/pusher";
import { findRepository, scanAndWait } from "./support/api";
import { gotoGrid, gridRow, search } from "./support/grid";
import { PAGE_READY } from "./support/hydration";
import { e2eState } from "./support/state";

test("an index entry whose image is another platform reads as a mismatch, not present", async ({ page, request }) => {
  const { registryUrl, registryHost } = e2eState();
  await pushImage({ url: registryUrl }, "e2e/liar", "latest", {
    format: "oci-index",
    platforms: [{ os: "linux", architecture: "x86_64" }, { os: "linux", architecture: "arm64" }],
    lie: { index: { os: "linux", architecture: "s390x" }, config: { os: "linux", architecture: "amd64" } },
    attestations: true,
  });
  const reference = `${registryHost}/e2e/liar`;
  let repo = await findRepository(request, reference);
  if (!repo) {
    const res = await request.post("/api/repositories", { data: { reference, verifyConfigs: true } });
    expect(res.status(), await res.text()).toBe(201);
    repo = (await res.json()).repository;
  }
  await scanAndWait(request, [repo!.id]);

  const coverage = await (await request.get(`/api/coverage?q=${encodeURIComponent("e2e/liar")}`)).json();
  const apiRow = coverage.repositories[0];
  expect(apiRow.cells.s390x.state).toBe("mismatch");
  expect(apiRow.missing).toContain("s390x");

  await gotoGrid(page);
  await search(page, "e2e/liar");
  const row = gridRow(page, reference);
  const cell = row.getByRole("button", { name: "s390x: mismatch", exact: true });
  await expect(cell).toBeVisible(PAGE_READY);
  await expect(row.getByRole("button", { name: "amd64: present", exact: true })).toBeVisible();

  await cell.click();
  const details = page.getByRole("dialog", { name: `s390x in ${reference}` });
  await expect(details).toBeVisible();
  await expect(details).toContainText("latest: index says linux/s390x, the image inside is linux/amd64, so it cannot run there");
  await expect(details).toContainText("mismatch: index says linux/s390x, the image inside is linux/amd64; it cannot run on s390x");
  await details.getByRole("button", { name: "Close details" }).click();

  // The raw spelling the registry wrote stays visible beside the normalized platform.
  await row.getByRole("button", { name: "amd64: present", exact: true }).click();
  const amd64 = page.getByRole("dialog", { name: `amd64 in ${reference}` });
  await expect(amd64).toContainText(/linux\/amd64\s*\(written as linux\/x86_64\)/);
  await expect(amd64).toContainText(/\d+ index entries skipped: not images/);

  // The repository page says the same, and counts the attestations it left out.
  await amd64.getByRole("link", { name: "Open repository and fixes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible(PAGE_READY);
  const table = page.getByRole("table", { name: "Platforms of tag latest" });
  await expect(table.getByRole("rowheader", { name: /^linux\/s390x/ })).toContainText("mismatch: index says linux/s390x, the image inside is linux/amd64; it cannot run there");
  await expect(page.getByText(/^\d+ index entries skipped: not images/)).toBeVisible();
  await expect(page.getByText("Missing arm, ppc64le · Mismatch s390x", { exact: true })).toBeVisible();
});
