// Issue 9's conformance suite: every document of image-spec's schema tests and containerd's
// TestValidateMediaType is served from a registry and scanned through the HTTP API (route
// handlers, scan engine, Prisma-migrated SQLite). Served by the real Distribution registry when
// it stores the document, else by a loopback server that serves the exact bytes
// (test/support/served-body.ts). For each case: the platforms (or the error) stored, and what
// GET /api/coverage returns. The agreement figure is printed and must be 100%.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushRawBlob, putManifest, sha256 } from "../../e2e/fixtures/pusher";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { startServedBodies, type ServedBodies } from "../../test/support/served-body";
import type { ApiRepository, ApiRepositoryRow, ApiScan, CoverageResponseFull } from "../api-types";
import { CASES, type Child, type ConformanceCase } from "../registry/conformance/cases";

let registry: RunningRegistry;
let served: ServedBodies;
let api: {
  repositories: typeof import("../../app/api/repositories/route");
  scans: typeof import("../../app/api/scans/route");
  coverage: typeof import("../../app/api/coverage/route");
};
let queries: typeof import("../queries");
let waitForScan: (id: string) => Promise<ApiScan>;

const base = "http://archgrid.test";
const post = (path: string, body: unknown) => new Request(base + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
/** Distinct normalized platform keys (two raw spellings of one platform are two rows, one key). */
const keys = (ps: Array<{ os: string; architecture: string; variant?: string }>) => [...new Set(ps.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/")))].sort();

async function add(reference: string): Promise<ApiRepository> {
  const res = await api.repositories.POST(post("/api/repositories", { reference, tags: ["t"] }));
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { repository: ApiRepository }).repository;
}

async function scan(repositoryIds: string[]): Promise<void> {
  const res = await api.scans.POST(post("/api/scans", { repositoryIds }));
  expect(res.status).toBe(202);
  await waitForScan(((await res.json()) as { scan: ApiScan }).scan.id);
}

async function coverage(): Promise<CoverageResponseFull> {
  const res = await api.coverage.GET(new Request(`${base}/api/coverage`));
  expect(res.status).toBe(200);
  return (await res.json()) as CoverageResponseFull;
}

type Content = { blobs: Buffer[]; manifest?: { body: Buffer; mediaType: string }; digest: string };

/** The content a placeholder digest stands for (see Child in cases.ts). */
function content(child: Child, salt: string): Content {
  const layer = Buffer.from(`layer of ${salt}`);
  const image = (configBody: Buffer, configType: string, extra: Record<string, unknown> = {}, layerType = "application/vnd.oci.image.layer.v1.tar+gzip") => {
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        ...extra,
        config: { mediaType: configType, digest: sha256(configBody), size: configBody.length },
        layers: [{ mediaType: layerType, digest: sha256(layer), size: layer.length }],
      }),
    );
    return { blobs: [configBody, layer], manifest: { body, mediaType: "application/vnd.oci.image.manifest.v1+json" }, digest: sha256(body) };
  };
  const config = (p: { os: string; architecture: string; variant?: string }) => Buffer.from(JSON.stringify({ ...p, rootfs: { type: "layers", diff_ids: [] }, config: { Labels: { salt } } }));
  switch (child.kind) {
    case "image":
      return image(config(child.platform), "application/vnd.oci.image.config.v1+json");
    case "artifact":
      return image(Buffer.from("{}"), "application/vnd.oci.empty.v1+json", { artifactType: "application/vnd.example1+type" }, "application/vnd.example1+type");
    case "config": {
      const b = config(child.platform);
      return { blobs: [b], digest: sha256(b) };
    }
    case "layer":
      return { blobs: [layer], digest: sha256(layer) };
  }
}

interface Placed {
  c: ConformanceCase;
  via: "distribution" | "served-body";
  repository: ApiRepository;
}
const placed: Placed[] = [];

/** Pushes the case to Distribution; when it refuses the document, serves the exact bytes instead. */
async function place(c: ConformanceCase): Promise<Placed> {
  const repo = `conformance/${c.slug}`;
  let body = c.body;
  const contents: Content[] = [];
  for (const [placeholder, child] of Object.entries(c.children)) {
    const k = content(child, `${c.slug} ${placeholder}`);
    contents.push(k);
    body = body.split(placeholder).join(k.digest);
  }
  for (const k of contents) {
    for (const b of k.blobs) served.putBlob(b);
    if (k.manifest) served.putManifest(repo, null, k.manifest.body, k.manifest.mediaType);
  }
  const reg = { url: registry.url };
  if (c.contentType !== null) {
    try {
      for (const k of contents) {
        for (const b of k.blobs) await pushRawBlob(reg, repo, b);
        if (k.manifest) await putManifest(reg, repo, k.digest, k.manifest.body, k.manifest.mediaType);
      }
      await putManifest(reg, repo, "t", body, c.contentType);
      return { c, via: "distribution", repository: await add(`${registry.host}/${repo}`) };
    } catch (e) {
      if (!(e instanceof Error && e.name === "PushError")) throw e;
    }
  }
  served.putManifest(repo, "t", body, c.contentType);
  return { c, via: "served-body", repository: await add(`${served.host}/${repo}`) };
}

/** Why archgrid's stored and reported outcome differs from the case's expectation, or null. */
async function judge(p: Placed, row: ApiRepositoryRow | undefined): Promise<string | null> {
  if (!row) return "no coverage row";
  const tag = row.tags.find((t) => t.tag === "t");
  if (!tag) return "no tag in /api/coverage";
  const stored = (await queries.getStoredTags(p.repository.id)).get("t");
  if (!stored) return "nothing stored";
  const e = p.c.expect;
  if ("platforms" in e) {
    if (tag.error) return `error instead of platforms: ${tag.error.message}`;
    if (row.status !== "ok") return `repository status ${row.status}`;
    if (JSON.stringify(keys(tag.platforms)) !== JSON.stringify(e.platforms)) return `platforms ${JSON.stringify(keys(tag.platforms))}, want ${JSON.stringify(e.platforms)}`;
    if (JSON.stringify(stored.platformKeys) !== JSON.stringify(e.platforms)) return `stored platforms ${JSON.stringify(stored.platformKeys)}`;
    if ((tag.skipped ?? 0) !== e.skipped) return `skipped ${tag.skipped ?? 0}, want ${e.skipped}`;
    return null;
  }
  if (!tag.error) return `no error; platforms ${JSON.stringify(keys(tag.platforms))} (a silent "ok")`;
  if (tag.digest !== null || tag.platforms.length > 0 || stored.platformKeys.length > 0) return "an error tag that still has platforms";
  if (!stored.errorCode) return "error not stored";
  if (row.status !== "error" || Object.values(row.cells).some((cell) => cell.state !== "unknown")) return "error tag not shown as unknown";
  if (!e.error.test(tag.error.message)) return `message ${JSON.stringify(tag.error.message)} does not match ${e.error}`;
  const isAmbiguity = /CVE-2021-41190/.test(tag.error.message);
  if (Boolean(e.ambiguous) !== isAmbiguity) return `ambiguity verdict ${isAmbiguity}, want ${Boolean(e.ambiguous)}`;
  if (/Prisma|undefined|\[object|at .*\.ts:/.test(tag.error.message) || tag.error.message.length > 800) return `message not in plain words: ${tag.error.message}`;
  return null;
}

const verdicts = new Map<string, string | null>();

beforeAll(async () => {
  registry = await startRegistry();
  served = await startServedBodies();
  process.env.ARCHGRID_INSECURE_REGISTRIES = `${registry.host},${served.host}`;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  api = {
    repositories: await import("../../app/api/repositories/route"),
    scans: await import("../../app/api/scans/route"),
    coverage: await import("../../app/api/coverage/route"),
  };
  queries = await import("../queries");
  const { engine } = await import("./engine");
  waitForScan = (id) => engine().wait(id);
  for (const c of CASES) placed.push(await place(c));
  await scan(placed.map((p) => p.repository.id));
  const rows = new Map((await coverage()).repositories.map((r) => [r.id, r]));
  for (const p of placed) verdicts.set(p.c.slug, await judge(p, rows.get(p.repository.id)));
}, 240_000);

afterAll(async () => {
  await served?.stop();
  await registry?.stop();
});

describe("reference documents, scanned as a new user would", () => {
  it.each(CASES.map((c) => [c.slug, c] as const))("%s", (slug, c) => {
    expect(verdicts.get(slug), `${c.cite}\nreference: ${c.reference}`).toBeNull();
  });

  it("keeps the raw values beside the normalized ones, and a padded architecture fills no column", async () => {
    const rows = (await coverage()).repositories;
    const row = (slug: string) => rows.find((r) => r.id === placed.find((p) => p.c.slug === slug)?.repository.id)!;
    const spellings = row("platforms-spellings").tags[0].platforms;
    expect(spellings.find((p) => p.architecture === "386")?.raw).toEqual({ os: "linux", architecture: "i386" });
    expect(spellings.find((p) => p.architecture === "amd64" && !p.variant)?.raw).toEqual({ os: "Linux", architecture: "x86_64" });
    expect(spellings.filter((p) => p.architecture === "arm64" && !p.variant).map((p) => p.raw ?? null)).toEqual(expect.arrayContaining([{ os: "linux", architecture: "aarch64" }]));
    const untrimmed = row("platforms-untrimmed");
    expect(untrimmed.missing).toContain("amd64");
    expect(untrimmed.cells.amd64.state).toBe("missing");
    expect(untrimmed.cells.s390x.state).toBe("present");
  });

  it("agrees with the references on every case (the figure issue 9 asks for)", () => {
    const agree = [...verdicts.values()].filter((v) => v === null).length;
    const viaDistribution = placed.filter((p) => p.via === "distribution").map((p) => p.c.slug);
    console.log(
      `conformance: ${agree}/${CASES.length} cases agree (${((agree / CASES.length) * 100).toFixed(1)}%); ` +
        `${viaDistribution.length} served by Distribution (${viaDistribution.join(", ")}), ${CASES.length - viaDistribution.length} by the served-body fixture`,
    );
    expect(verdicts.size).toBe(CASES.length);
    expect(agree).toBe(CASES.length);
    // The valid documents that Distribution stores really went through it.
    expect(viaDistribution.length).toBeGreaterThanOrEqual(5);
  });
});
