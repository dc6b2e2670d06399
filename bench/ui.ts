// `npm run bench:ui`: how fast the grid is in a real browser at organization scale.
// For each size (BENCH_UI_SIZES, default "2000,10000"; BENCH_UI_REPOS=N for one size) seeds N
// repositories × 4 tags straight into a fresh database, starts the production server, and in
// Debian's Chromium measures (median of BENCH_UI_RUNS, 5):
//   - time until the grid is interactive: navigation start -> a cell is on screen and the toolbar
//     is enabled (React hydrated it), recorded by the page itself;
//   - time to apply a filter: typing a search that matches one repository -> "Showing 1–1 of 1"
//     painted (debounce, API request and render included), measured inside the page;
//   - time to apply the "Missing architecture" select -> the row count changes, painted.
//   - beside the browser: GET /api/coverage?offset=0&limit=50 (the grid's page, median of 20) and
//     the server's peak RSS (process group) over the whole size.
// Targets from the issues: interactive < 2 s, a filter < 200 ms, one API page < 150 ms, RSS < 400 MB.
// BENCH_UI_PROFILE=1 prints where the page's main thread spends the first search.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import type { Prisma } from "../lib/generated/prisma/client";
import { benchDatabase, benchPostgres, createMigrated, seedClient } from "./pg";
import { ensureBuild, migrate, sampleRss, startServer } from "./server";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";

const SIZES = (process.env.BENCH_UI_REPOS ?? process.env.BENCH_UI_SIZES ?? "2000,10000").split(",").map((x) => {
  const n = Number(x.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_UI_SIZES must be a comma-separated list of repository counts, got ${JSON.stringify(x)}`);
  return n;
});
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 5);
const ARCHES = ["amd64", "arm64", "arm", "ppc64le", "s390x", "riscv64"];

export async function seed(url: string, count = SIZES[0]): Promise<void> {
  const prisma = seedClient(url);
  try {
    const reg = await prisma.registry.create({ data: { host: "registry.example.com" } });
    const now = new Date();
    for (let start = 0; start < count; start += 250) {
      const repos: Prisma.RepositoryCreateManyInput[] = [];
      const tags: Prisma.TagCreateManyInput[] = [];
      const platforms: Prisma.TagPlatformCreateManyInput[] = [];
      for (let i = start; i < Math.min(count, start + 250); i++) {
        const id = `repo${i}`;
        repos.push({ id, registryId: reg.id, name: `team${i % 25}/service-${i}`, reference: `registry.example.com/team${i % 25}/service-${i}`, tagPolicy: '{"kind":"tags","tags":["latest","1.0","1.1","2.0"]}', status: "ok", lastScannedAt: now });
        ["latest", "1.0", "1.1", "2.0"].forEach((tag, t) => {
          const tagId = `${id}-${t}`;
          tags.push({ id: tagId, repositoryId: id, name: tag, digest: `sha256:${(i * 4 + t).toString(16).padStart(64, "0")}`, mediaType: "application/vnd.oci.image.index.v1+json", checkedAt: now, changedAt: now });
          const n = 1 + ((i + t) % ARCHES.length);
          for (const arch of ARCHES.slice(0, n)) {
            platforms.push({ tagId, os: "linux", architecture: arch, variant: arch === "arm" ? "v7" : null, rawOs: "linux", rawArchitecture: arch, rawVariant: arch === "arm" ? "v7" : null, digest: `sha256:${"c".repeat(64)}` });
          }
        });
      }
      await prisma.$transaction([prisma.repository.createMany({ data: repos }), prisma.tag.createMany({ data: tags }), prisma.tagPlatform.createMany({ data: platforms })]);
    }
  } finally {
    await prisma.$disconnect();
  }
}

type CpuProfile = { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples?: number[]; timeDeltas?: number[] };

/** Self time by function, top 25, from a CDP CPU profile. */
function summarizeProfile(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = (profile.timeDeltas?.[i] ?? 0) / 1000;
    total += dt;
    const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  return [`main-thread profile: ${total.toFixed(0)} ms sampled`, ...top.map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`)].join("\n");
}

/**
 * Sets a control's value the way typing or picking does (React's value setter, then the event),
 * and returns the milliseconds until the grid's live status line matches `done` and the next
 * frame is painted, all measured inside the page (no Playwright polling on the DOM meanwhile).
 */
async function timeInPage(page: import("@playwright/test").Page, selector: string, value: string, event: "input" | "change", done: string | RegExp): Promise<number> {
  const pattern = typeof done === "string" ? { source: done.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags: "" } : { source: done.source, flags: done.flags };
  return page.evaluate(
    ({ selector, value, event, pattern }) =>
      new Promise<number>((resolve, reject) => {
        const control = document.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
        const live = document.querySelector("p[aria-live]");
        if (!control || !live) return reject(new Error(`no ${selector} or status line`));
        const re = new RegExp(pattern.source, pattern.flags);
        const timer = setTimeout(() => reject(new Error(`status never matched ${re}: "${live.textContent}" (${location.search}, ${control.value})`)), 30_000);
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (!re.test(live.textContent ?? "")) return;
          obs.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => setTimeout(() => resolve(Math.round(performance.now() - t0)), 0));
        });
        obs.observe(live, { subtree: true, childList: true, characterData: true });
        const proto = control instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(control, value);
        control.dispatchEvent(new Event(event, { bubbles: true }));
      }),
    { selector, value, event, pattern },
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The grid's own API page, timed from here: request to last byte, median of `n` after 2 warm-ups. */
async function apiPageMs(base: string, n = 20): Promise<{ median: number; p95: number; bytes: number }> {
  const once = async () => {
    const t0 = performance.now();
    const body = await fetch(`${base}/api/coverage?offset=0&limit=50`).then((r) => r.arrayBuffer());
    return { ms: performance.now() - t0, bytes: body.byteLength };
  };
  await once();
  await once();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const r = await once();
    times.push(r.ms);
    bytes = r.bytes;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: Math.round(median(times) * 10) / 10, p95: Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] * 10) / 10, bytes };
}

async function measureSize(REPOS: number): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-bench-ui-"));
  // BENCH_DATABASE=postgres: a fresh migrated database on a throwaway PostgreSQL cluster.
  const onPg = benchDatabase() === "postgres";
  const pgName = `ui_${REPOS}_${Date.now()}`;
  const dbUrl = onPg ? (await createMigrated(benchPostgres(), pgName)).url : `file:${path.join(dir, "ui.db")}`;
  if (!onPg) migrate(dbUrl);
  const t0 = performance.now();
  await seed(dbUrl, REPOS);
  console.log(`seeded ${REPOS} repositories × 4 tags into ${onPg ? "PostgreSQL" : "SQLite"} in ${Math.round(performance.now() - t0)} ms`);
  const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const server = await startServer({ databaseUrl: dbUrl, env: { ARCHGRID_SCAN_INTERVAL_MINUTES: "0" }, logPath: path.join(dir, "server.log") });
  const rss = sampleRss(server.pgid, 100);
  let api: { median: number; p95: number; bytes: number } | undefined;
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const interactive: number[] = [];
  const search: number[] = [];
  const select: number[] = [];
  let breakdown: Record<string, number> = {};
  try {
    // Warm the server once, as a server that has been running is: the first request to each
    // route loads its code.
    await fetch(`${server.url}/grid`).then((r) => r.arrayBuffer());
    await fetch(`${server.url}/api/coverage?limit=1`).then((r) => r.arrayBuffer());
    api = await apiPageMs(server.url);
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      // Interactive = a grid cell is on screen AND the search box is enabled (the toolbar stays
      // :disabled until React has hydrated it, so typed input is never dropped). The page records
      // the moment itself, on the browser's clock from navigation start: no polling from here.
      // (A string, not a function: tsx would wrap named inner functions in a helper the page lacks.)
      await page.addInitScript(`
        new MutationObserver(() => {
          if (window.__archgridInteractive !== undefined) return;
          const box = document.querySelector("#grid-q");
          const cell = document.querySelector('button[aria-label^="amd64: "]');
          if (box && cell && !box.matches(":disabled")) window.__archgridInteractive = performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"] });
      `);
      await page.goto(`${server.url}/grid`);
      const handle = await page
        .waitForFunction(() => (window as unknown as { __archgridInteractive?: number }).__archgridInteractive, undefined, { timeout: 60_000 })
        .catch(async (e: Error) => {
          const state = await page.evaluate(() => ({
            box: document.querySelector("#grid-q")?.outerHTML.slice(0, 200),
            disabled: document.querySelector("#grid-q")?.matches(":disabled"),
            cells: document.querySelectorAll('button[aria-label^="amd64: "]').length,
            status: document.querySelector("p[aria-live]")?.textContent,
          }));
          throw new Error(`the grid never became interactive: ${JSON.stringify(state)}`, { cause: e });
        });
      interactive.push(Math.round((await handle.jsonValue()) as number));
      if (run === 0) {
        // Where the first load's time went, from the browser's own timings.
        breakdown = await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const api = performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/coverage")) as PerformanceResourceTiming[];
          return {
            htmlMs: Math.round(nav.responseEnd),
            htmlTransferBytes: nav.transferSize,
            htmlBodyBytes: nav.decodedBodySize,
            domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
            // -1: the page asked no coverage request (its first page came with the HTML).
            coverageRequestStartMs: Math.round(api[0]?.startTime ?? -1),
            coverageResponseEndMs: Math.round(api[0]?.responseEnd ?? -1),
            coverageTransferBytes: api[0]?.transferSize ?? -1,
            coverageBodyBytes: api[0]?.decodedBodySize ?? -1,
          };
        });
      }

      const box = page.getByRole("searchbox", { name: "Search repositories" });
      // BENCH_UI_PROFILE=1: a CPU profile of the page's main thread during the first search.
      const cdp = process.env.BENCH_UI_PROFILE && run === 0 ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
        await cdp.send("Profiler.start");
      }
      const sPerf = await page.evaluate(() => performance.now());
      search.push(await timeInPage(page, "#grid-q", `service-${REPOS - 1}`, "input", "Showing 1–1 of 1 repository"));
      if (cdp) {
        const { profile } = await cdp.send("Profiler.stop");
        fs.writeFileSync(path.join("bench", "results", "ui-search.cpuprofile"), JSON.stringify(profile));
        console.log(summarizeProfile(profile));
      }
      if (run === 0) {
        // The search's own request, relative to the moment the text was typed.
        breakdown = {
          ...breakdown,
          ...(await page.evaluate((t0) => {
            const rsc = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((x) => x.name.includes("_rsc=")).length;
            const e = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((x) => x.name.includes("/api/coverage") && x.name.includes("q=")).at(-1);
            return { rscPrefetches: rsc, searchRequestStartMs: Math.round((e?.startTime ?? t0 - 1) - t0), searchResponseEndMs: Math.round((e?.responseEnd ?? t0 - 1) - t0) };
          }, sPerf)),
        };
      }

      await box.fill("");
      await page.getByText(`of ${REPOS} repositories`).waitFor();
      const mPerf = await page.evaluate(() => performance.now());
      select.push(await timeInPage(page, "#grid-missing", "arm64", "change", new RegExp(`^Showing 1–\\d+ of (?!${REPOS} )\\d+ repositor`)));
      if (run === 0) {
        breakdown = {
          ...breakdown,
          ...(await page.evaluate((t0) => {
            const e = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((x) => x.name.includes("/api/coverage") && x.name.includes("missing=")).at(-1);
            return { missingRequestStartMs: Math.round((e?.startTime ?? t0 - 1) - t0), missingResponseEndMs: Math.round((e?.responseEnd ?? t0 - 1) - t0) };
          }, mPerf)),
        };
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    if (onPg) await benchPostgres().drop(pgName);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const peak = rss.stop();
  return {
    database: onPg ? "postgres" : "sqlite",
    repositories: REPOS,
    runs: RUNS,
    load: { before: loadBefore, after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    gridInteractiveMs: { median: median(interactive), all: interactive, target: 2000 },
    searchFilterMs: { median: median(search), all: search, target: 200 },
    missingFilterMs: { median: median(select), all: select, target: 200 },
    apiCoveragePageMs: { ...api, target: 150 },
    serverPeakRssMb: { group: Math.round(peak.peakGroupMb), largest: Math.round(peak.peakLargestMb), target: 400 },
    firstLoad: breakdown,
  };
}

async function main(): Promise<void> {
  ensureBuild((s) => console.log(s));
  console.log(`database: ${benchDatabase()}`);
  const sizes: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    sizes.push(await measureSize(n));
    console.log(JSON.stringify(sizes.at(-1), null, 2));
  }
  const result = { when: new Date().toISOString(), nproc: os.availableParallelism(), sizes };
  fs.mkdirSync(path.join("bench", "results"), { recursive: true });
  // The SQLite figures keep their file; PostgreSQL's go beside them.
  fs.writeFileSync(path.join("bench", "results", benchDatabase() === "postgres" ? "ui-postgres.json" : "ui.json"), JSON.stringify(result, null, 2) + "\n");
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith("ui.")) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
