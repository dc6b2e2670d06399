// The repository page: every tag x platform (as on Docker Hub's tag page), copying digests and
// pull references, the commands that fix the gaps, and the history of platform changes.
import { expect, test } from "@playwright/test";
import { repositoryDetail, seed } from "./support/api";
import { gotoGrid, gridRow, search } from "./support/grid";
import { imagesOf } from "./support/state";
import { PAGE_READY } from "./support/hydration";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("every tag and platform, digest copy, remediation and history", async ({ page, request }) => {
  const [image] = imagesOf("repositoryPage");
  // Both tags are tracked, not just latest.
  const tags = image.tags.map((t) => t.tag);
  const [full] = await seed(request, [image.reference], tags);
  const detail = await repositoryDetail(request, full.id);
  expect(detail.coverage.tags.map((t) => t.tag).sort()).toEqual([...tags].sort());

  // Reach the page the way a user does: from the grid.
  await gotoGrid(page);
  await search(page, image.repo);
  await gridRow(page, image.reference).getByRole("link", { name: image.reference, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/repositories/${full.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: image.reference })).toBeVisible(PAGE_READY);
  // The badge sums up the strip in its words: latest lacks arm, 1.0 lacks arm64, so those two are
  // Partial (some tags), never "Missing" over a strip that says Partial.
  await expect(page.getByText("Missing ppc64le, s390x · Partial arm, arm64", { exact: true })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "arm64: partial" })).toBeVisible();

  // Every tag, and in each every platform (attestations never show up).
  for (const t of image.tags) {
    const table = page.getByRole("table", { name: `Platforms of tag ${t.tag}` });
    const rowHeaders = table.getByRole("rowheader");
    await expect(rowHeaders).toHaveText(t.platforms.map((p) => new RegExp(`^${p.replace(/\//g, "\\/")}`)));
    await expect(table.getByText("unknown/unknown")).toHaveCount(0);
  }

  // Copy the digest of one platform and the pull reference of a tag.
  const latest = image.tags.find((t) => t.tag === "latest");
  if (!latest) throw new Error("no latest tag");
  const arm64 = detail.coverage.tags.find((t) => t.tag === "latest")?.platforms.find((p) => p.architecture === "arm64");
  expect(arm64?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  const copyDigest = page.getByRole("button", { name: "Copy digest of linux/arm64" });
  await copyDigest.click();
  await expect(copyDigest.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(arm64?.digest);

  const copyPull = page.getByRole("button", { name: "Copy pull reference of tag latest" });
  await copyPull.click();
  await expect(copyPull.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${image.reference}@${latest.digest}`);

  // What to do: a buildx command that publishes every required platform under the tag.
  const todo = page.getByRole("region", { name: "What to do" });
  await expect(todo).toBeVisible();
  const commands = todo.getByLabel(/^Commands: /);
  await expect(commands.first()).toBeVisible();
  await expect(todo).toContainText(`docker buildx build --platform`);
  await expect(todo).toContainText(`-t ${image.reference}:latest`);
  await expect(todo).toContainText("linux/ppc64le");
  await expect(todo).toContainText("linux/s390x");
  await expect(todo.getByRole("button", { name: /^Copy commands: / }).first()).toBeVisible();

  // History: the first scan saw each tag for the first time.
  const history = page.getByRole("list", { name: "Platform change history" });
  for (const t of image.tags) {
    await expect(history.getByRole("listitem").filter({ hasText: t.tag }).filter({ hasText: "first seen" })).toHaveCount(1);
  }
});
