// The repository page: tags newest first by version (2.0.0, 1.10.0, 1.9.0), and "What to do"
// starting from the newest tag without ever rebuilding over a released version.
import { expect, test } from "@playwright/test";
import { pushImage } from "./fixtures/pusher";
import { findRepository, scanAndWait, unwatch } from "./support/api";
import { PAGE_READY } from "./support/hydration";
import { e2eState } from "./support/state";
import type { ApiRepository } from "../lib/api-types";

const linux = (architecture: string) => ({ os: "linux", architecture });

test("newest tag first (semver), and its fix is published as a new version, not over 2.0.0", async ({ page, request }) => {
  const { registryHost: host, registryUrl: url } = e2eState();
  const reference = `${host}/e2e/advice/api`;
  // Names chosen so that neither string order (ascending: 1.10.0, 1.9.0, 2.0.0; descending:
  // 2.0.0, 1.9.0, 1.10.0) matches the semver order 2.0.0, 1.10.0, 1.9.0.
  for (const tag of ["1.9.0", "1.10.0"]) {
    await pushImage({ url }, "e2e/advice/api", tag, { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: `advice-${tag}` });
  }
  await pushImage({ url }, "e2e/advice/api", "2.0.0", { format: "oci-index", platforms: [linux("amd64")], seed: "advice-2.0.0" });
  await unwatch(request, reference);
  const res = await request.post("/api/repositories", { data: { reference, tagPolicy: { kind: "newest", count: 5 } } });
  expect(res.status(), await res.text()).toBe(201);
  const repo = ((await res.json()) as { repository: ApiRepository }).repository;
  await scanAndWait(request, [repo.id]);
  expect(await findRepository(request, reference)).toBeDefined();

  await page.goto(`/repositories/${repo.id}`);
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible(PAGE_READY);
  await expect(page.getByRole("heading", { level: 3, name: /^Tag / })).toHaveText(["Tag 2.0.0", "Tag 1.10.0", "Tag 1.9.0"]);

  const todo = page.getByRole("region", { name: "What to do" });
  await expect(todo).toContainText("Start with 2.0.0: publish arm64, arm, ppc64le, s390x as 2.0.1.");
  await expect(todo).toContainText("2.0.0 is a released version that people may have pinned, so it is not rebuilt in place");
  await expect(todo).toContainText(`-t ${reference}:2.0.1 --push .`);
  await expect(todo).not.toContainText(`-t ${reference}:2.0.0`);
  await expect(todo.getByRole("listitem").filter({ hasText: "1.10.0 lacks" })).toContainText("a released version: left as it is");
});
