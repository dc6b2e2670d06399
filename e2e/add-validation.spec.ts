// Adding: a wrong reference is explained next to the field and nothing is added.
import { expect, test, type Page } from "@playwright/test";
import { findRepository, listRepositories, watch } from "./support/api";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState, imagesOf } from "./support/state";

async function openAddForm(page: Page) {
  await page.goto("/repositories/new");
  const form = page.getByRole("form", { name: "Add one repository" });
  await expect(form).toBeVisible(PAGE_READY);
  await waitForHydration(form);
  return { form, reference: form.getByRole("textbox", { name: "Image reference" }), submit: form.getByRole("button", { name: "Add repository" }) };
}

/** Records every POST /api/repositories the page sends. */
function countAddRequests(page: Page): { count: () => number } {
  let n = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/repositories") n++;
  });
  return { count: () => n };
}

const INVALID: Array<{ input: (host: string) => string; error: RegExp }> = [
  { input: (h) => `${h}/e2e/validation/Has-Upper`, error: /must be lowercase/ },
  { input: (h) => `http://${h}/e2e/validation/with-scheme`, error: /Leave out the URL scheme/ },
  { input: (h) => `${h}/e2e/validation/two words`, error: /cannot contain spaces/ },
  { input: (h) => `${h}/e2e/validation/bad-tag:-rc`, error: /Tag "-rc" must be/ },
];

test("an invalid reference is explained inline and nothing is added", async ({ page, request }) => {
  const host = e2eState().registryHost;
  const adds = countAddRequests(page);
  const { form, reference, submit } = await openAddForm(page);

  for (const { input, error } of INVALID) {
    await test.step(error.source, async () => {
      const value = input(host);
      await reference.fill(value);
      await submit.click();

      await expect(reference).toHaveAttribute("aria-invalid", "true");
      const alert = form.getByRole("alert");
      await expect(alert).toHaveText(error);
      // The error is tied to the field, so a screen reader reads it with the input.
      const alertId = await alert.getAttribute("id");
      expect(alertId).not.toBeNull();
      await expect(reference).toHaveAttribute("aria-describedby", new RegExp(`(^| )${alertId}( |$)`));
      await expect(form.getByRole("status")).toHaveCount(0);
      await expect(reference).toHaveValue(value);
    });
  }

  // Fixing the text clears the error as the user types.
  await reference.fill(`${host}/e2e/validation/fixed`);
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expect(reference).toHaveAttribute("aria-invalid", "false");

  expect(adds.count(), "the form must not send an invalid reference").toBe(0);
  const watchedOnPurpose = imagesOf("validation")[0].reference;
  const all = await listRepositories(request);
  expect(all.filter((r) => r.reference.includes("e2e/validation/") && r.reference !== watchedOnPurpose)).toEqual([]);
});

test("adding a repository that is already watched is refused inline", async ({ page, request }) => {
  const [image] = imagesOf("validation");
  await watch(request, image.reference);
  const { form, reference, submit } = await openAddForm(page);
  await reference.fill(image.reference);
  await submit.click();

  await expect(form.getByRole("alert")).toContainText(/already/i);
  await expect(reference).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("status")).toHaveCount(0);
  const all = await listRepositories(request);
  expect(all.filter((r) => r.reference === image.reference)).toHaveLength(1);
  expect(await findRepository(request, image.reference)).toBeDefined();
});
