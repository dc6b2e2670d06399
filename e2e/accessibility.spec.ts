// axe (axe-core 4.14, WCAG 2.2 A/AA) on every page, in the light and the dark theme and at a
// phone's 390×844, asserting zero violations. A failure prints each violation with its elements.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import axe from "axe-core";
import { EXTRA_RULES, formatViolations, rulesRun, runAxe } from "./support/axe";
import { pushImage } from "./fixtures/pusher";
import { scanAndWait, watch } from "./support/api";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { e2eState, imagesOf } from "./support/state";

interface Seeded {
  repositoryId: string;
  scanId: string;
  /** A repository whose page has every panel filled: a waiver, a base that lacks arm64, upgrade hints. */
  lineageId: string;
}

const linux = (architecture: string) => ({ os: "linux", architecture });

/** Pushes e2e/axe-lineage/app 1.0 (amd64, s390x) and 1.1 (amd64, arm64) on a base with amd64 only. */
async function pushLineage(): Promise<string> {
  const { registryUrl: url, registryHost: host } = e2eState();
  const base = await pushImage({ url }, "e2e/axe-lineage/base", "1", { format: "oci-index", platforms: [linux("amd64")], seed: "axe-base" });
  const annotations = { "org.opencontainers.image.base.name": `${host}/e2e/axe-lineage/base:1`, "org.opencontainers.image.base.digest": base.digest };
  await pushImage({ url }, "e2e/axe-lineage/app", "1.0", { format: "oci-index", platforms: [linux("amd64"), linux("s390x")], seed: "axe-app-10", annotations });
  await pushImage({ url }, "e2e/axe-lineage/app", "1.1", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "axe-app-11", annotations });
  return `${host}/e2e/axe-lineage/app`;
}

let seeded: Seeded | undefined;

async function seedOnce(request: APIRequestContext): Promise<Seeded> {
  if (seeded) return seeded;
  const images = imagesOf("a11y");
  const repos = [];
  for (const img of images) repos.push(await watch(request, img.reference));
  const lineage = await watch(request, await pushLineage(), ["1.0", "1.1"]);
  const waiver = await request.post(`/api/repositories/${lineage.id}/waivers`, { data: { column: "ppc64le", reason: "No ppc64le runners yet", expiresAt: "2099-06-30" } });
  expect(waiver.status(), await waiver.text()).toBeLessThan(300);
  const scan = await scanAndWait(request, [...repos.map((r) => r.id), lineage.id]);
  expect(scan.status, "seed scan").toBe("succeeded");
  seeded = { repositoryId: repos[1].id, scanId: scan.id, lineageId: lineage.id };
  return seeded;
}

/** Waits until the page shows its data: an h1, React attached, no loading placeholder left. */
async function settled(page: Page): Promise<void> {
  const h1 = page.getByRole("heading", { level: 1 }).first();
  await expect(h1).toBeVisible(PAGE_READY);
  await waitForHydration(page.locator("header select, header button, header a").first());
  await expect(page.locator(".animate-pulse")).toHaveCount(0, PAGE_READY);
}

interface PageCase {
  name: string;
  open: (page: Page, s: Seeded) => Promise<void>;
}

const goto = (path: string) => async (page: Page) => {
  await page.goto(path);
  await settled(page);
};

const PAGES: PageCase[] = [
  { name: "overview", open: goto("/") },
  { name: "grid", open: goto("/grid?q=e2e/a11y") },
  { name: "grid grouped by namespace", open: goto("/grid?q=e2e/a11y&group=namespace") },
  {
    name: "grid with the details drawer open",
    open: async (page) => {
      await goto("/grid?q=e2e/a11y")(page);
      const cell = page.getByRole("button", { name: "arm: missing", exact: true }).first();
      await waitForHydration(cell);
      await cell.click();
      await expect(page.getByRole("dialog", { name: /^arm in .*\/e2e\/a11y\// })).toBeVisible();
    },
  },
  { name: "repository page", open: (page, s) => goto(`/repositories/${s.repositoryId}`)(page) },
  {
    name: "repository page with the policy editor open",
    open: async (page, s) => {
      await goto(`/repositories/${s.repositoryId}`)(page);
      const edit = page.getByRole("region", { name: "What is tracked" }).getByRole("button", { name: "Edit tracking" });
      await waitForHydration(edit);
      await edit.click();
      const form = page.getByRole("form", { name: "Edit what is tracked" });
      await form.getByRole("radio", { name: "Newest N" }).check();
      await expect(form.getByRole("status", { name: "Tags this policy selects" })).toContainText("latest");
    },
  },
  {
    name: "repository page with a waiver, a base image and upgrade hints",
    open: async (page, s) => {
      await goto(`/repositories/${s.lineageId}`)(page);
      await expect(page.getByRole("region", { name: "Waivers" })).toContainText("No ppc64le runners yet");
      await expect(page.getByRole("region", { name: "Base image and upgrades" })).toContainText("blocked by base");
    },
  },
  { name: "settings", open: goto("/settings") },
  {
    name: "printable report",
    open: async (page) => {
      await goto("/reports/print?q=e2e/axe-lineage/&scope=all")(page);
      await expect(page.getByRole("article")).toContainText("Waived");
    },
  },
  { name: "add page", open: goto("/repositories/new") },
  { name: "scans", open: goto("/scans") },
  { name: "a scan", open: (page, s) => goto(`/scans/${s.scanId}`)(page) },
  { name: "check", open: goto("/check") },
  {
    name: "check with a result",
    open: async (page) => {
      await goto("/check")(page);
      const [complete, partial] = imagesOf("a11y");
      const form = page.getByRole("form", { name: "Check a deployment" });
      const text = form.getByRole("textbox", { name: "Compose file or Kubernetes YAML" });
      await waitForHydration(text);
      await text.fill(`services:\n  web: { image: "${complete.reference}:latest" }\n  worker: { image: "${partial.reference}:latest" }\n`);
      await form.getByRole("button", { name: "Check" }).click();
      await expect(page.getByRole("region", { name: "Check results" }).getByRole("status").first()).toContainText("2 containers");
    },
  },
  { name: "webhooks", open: goto("/webhooks") },
  { name: "API reference", open: goto("/api-docs") },
  { name: "sign-in", open: goto("/signin") },
  { name: "not found", open: goto("/no-such-page") },
];

const MODES = [
  { name: "light", colorScheme: "light", viewport: { width: 1280, height: 800 } },
  { name: "dark", colorScheme: "dark", viewport: { width: 1280, height: 800 } },
  { name: "390×844", colorScheme: "light", viewport: { width: 390, height: 844 } },
] as const;

test("axe-core is 4.14 or newer, where label-in-name is a regular WCAG rule, and it runs here", async ({ page }) => {
  const [major, minor] = axe.version.split(".").map(Number);
  expect(major * 100 + minor, `axe-core ${axe.version}`).toBeGreaterThanOrEqual(414);
  await goto("/")(page);
  const results = await runAxe(page);
  expect(results.testEngine.version).toBe(axe.version);
  const ran = rulesRun(results);
  for (const rule of ["label-content-name-mismatch", "color-contrast", "link-in-text-block", ...EXTRA_RULES]) {
    expect(ran.has(rule), `${rule} should run`).toBe(true);
  }
});

for (const mode of MODES) {
  test.describe(`in ${mode.name}`, () => {
    test.use({ colorScheme: mode.colorScheme, viewport: mode.viewport });
    for (const p of PAGES) {
      test(`${p.name} has no axe violations`, async ({ page, request }) => {
        const s = await seedOnce(request);
        await p.open(page, s);
        const { violations } = await runAxe(page);
        expect(violations.length, formatViolations(`${p.name} in ${mode.name} (${page.url()})`, violations)).toBe(0);
      });
    }
  });
}
