// The core flow: a user adds one repository in the browser, scans it, reads its gaps in the
// grid and downloads the gap report.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import type { ApiScan } from "../lib/api-types";
import { unwatch } from "./support/api";
import { DEFAULT_COLUMNS } from "./support/catalog";
import { expectCells, gridRow, gridSummary, search } from "./support/grid";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { imagesOf } from "./support/state";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test.beforeEach(async ({ request }) => {
  // A retry runs against the same database: start from "not watched".
  await unwatch(request, imagesOf("addScan")[0].reference);
});

test("add a repository, scan it, see its gaps and export them", async ({ page }) => {
  const [image] = imagesOf("addScan");
  const tag = image.tags[0];
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Add repositories" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add repositories" })).toBeVisible(PAGE_READY);
  await expect(page.getByRole("tab", { name: "One repository" })).toHaveAttribute("aria-selected", "true");

  const form = page.getByRole("form", { name: "Add one repository" });
  await waitForHydration(form);
  await form.getByRole("textbox", { name: "Image reference" }).fill(image.reference);
  await expect(form.getByRole("textbox", { name: "Tags", exact: true })).toHaveValue("latest");
  await form.getByRole("button", { name: "Add repository" }).click();

  const added = form.getByRole("status").filter({ hasText: "Added" });
  await expect(added.getByRole("link", { name: image.reference, exact: true })).toBeVisible();
  await expect(form.getByRole("textbox", { name: "Image reference" })).toHaveValue("");

  // Start the scan of just this repository and follow its progress right where the button was.
  const scanStarted = page.waitForResponse((r) => r.url().endsWith("/api/scans") && r.request().method() === "POST");
  await added.getByRole("button", { name: "Scan now" }).click();
  const res = await scanStarted;
  expect(res.status()).toBe(202);
  const { scan } = (await res.json()) as { scan: ApiScan };
  // The bar is named by what it scans: "Scanning <reference>" while it runs, "Scanned <reference>" after.
  const anyBar = added.getByRole("progressbar", { name: new RegExp(`^Scann(ing|ed) ${escapeRegExp(image.reference)}$`) });
  await expect(anyBar).toHaveAttribute("aria-valuemax", "1");
  const doneBar = added.getByRole("progressbar", { name: `Scanned ${image.reference}`, exact: true });
  // Generous: with two workers, another spec's scan may run first (scans run one after another).
  await expect(doneBar).toHaveAttribute("aria-valuenow", "1", { timeout: 60_000 });
  await expect(doneBar).toHaveAttribute("aria-valuetext", "1 of 1 done, 0 failed");
  await expect(added.getByText("1 of 1 done, 0 failed", { exact: true })).toBeVisible();
  await expect(added.getByRole("status").filter({ hasText: /^Scan finished/ })).toHaveText(
    /^Scan finished in \d+s: 1 of 1 repository scanned, none failed\.$/,
  );
  // The summary links to the new repository's page (with how its scan went) and to the grid filtered to it.
  const scanned = added.getByRole("list", { name: "Scanned repositories" });
  const repoLink = scanned.getByRole("link", { name: image.reference, exact: true });
  await expect(repoLink).toHaveAttribute("href", /^\/repositories\/[^/]+$/);
  const item = scanned.getByRole("listitem").filter({ has: page.getByRole("link", { name: image.reference, exact: true }) });
  await expect(item.getByText("scanned", { exact: true })).toBeVisible();
  await expect(added.getByRole("link", { name: "See the results in the grid" })).toHaveAttribute("href", `/grid?q=${encodeURIComponent(image.reference)}`);

  // The Scans page names the scan by what started it and what it covered; the id is secondary text.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scans" }).click();
  const scanRow = page.getByRole("row").filter({ hasText: scan.id });
  await expect(scanRow.getByRole("rowheader")).toContainText("Manual scan of 1 repository", PAGE_READY);
  await expect(scanRow.getByRole("rowheader").getByText(scan.id, { exact: true })).toBeVisible();
  const progress = scanRow.getByRole("progressbar", { name: /^Manual scan of 1 repository, started (just now|\d+ minutes? ago)$/ });
  await expect(progress).toHaveAttribute("aria-valuemax", "1");
  await expect(progress).toHaveAttribute("aria-valuenow", "1");
  await expect(scanRow).toContainText("Succeeded");
  await expect(scanRow).toContainText("1/1");
  await expect(scanRow.getByRole("cell").nth(4)).toHaveText(/^\d+s$/, { useInnerText: true }); // Duration, once finished (the phone layout's "Took" label is hidden here)
  await expect(scanRow.locator("time")).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  // The grid: exactly the missing columns are marked missing.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Grid" }).click();
  await expect(gridSummary(page)).toBeVisible(PAGE_READY);
  await search(page, image.repo);
  const row = gridRow(page, image.reference);
  await expect(row).toHaveCount(1);
  await expectCells(row, image.missing);
  await expect(row).toContainText(`1 tag · Missing ${image.missing.join(", ")}`);
  await expect(page.getByText("Showing 1–1 of 1 repository")).toBeVisible();

  // The export follows the grid's filter (stated in words on its second line); its listing has one
  // header line and one line for our only tag (the report's summary and changes come first).
  const downloading = page.waitForEvent("download");
  await page.getByRole("group", { name: "Export gap report" }).getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^archgrid-gaps-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = await download.path();
  const all = fs.readFileSync(file, "utf8").split("\r\n").filter(Boolean);
  expect(all[1]).toContain(`filters: name contains ""${image.repo}""`);
  const lines = all.slice(all.findIndex((l) => l.startsWith("reference,tag,")));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toBe(["reference", "tag", "digest", "status", "platforms", ...DEFAULT_COLUMNS.map((c) => `has_${c}`), "missing", "error", "last_checked_utc", "status_words"].join(","));
  expect(lines[1]).toMatch(/,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,Scanned$/);
  expect(lines[1].replace(/,[^,]*,Scanned$/, "")).toBe(
    [
      image.reference,
      tag.tag,
      tag.digest,
      // The same codes as JSON's status and the grid's cell states (lib/coverage/vocabulary.ts).
      "ok",
      tag.platforms.join(" "),
      ...DEFAULT_COLUMNS.map((c) => (image.missing.includes(c) ? "missing" : "present")),
      image.missing.join(" "),
      "",
    ].join(","),
  );
});
