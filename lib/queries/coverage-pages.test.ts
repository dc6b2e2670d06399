// A page of GET /api/coverage against a real migrated SQLite file: filtering, counting and sorting
// use lean rows (no tags) and a name order computed once per snapshot, and the page's rows are
// built in full. Whatever the path, a page must be exactly the slice of the full answer that
// sortRows gives, with its tags, and the summary must describe every matching row.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { sortRows, type GroupKey, type SortDir, type SortKey } from "../coverage";
import { loadCoverage } from "./coverage";

const columns = ["amd64", "arm", "arm64", "ppc64le", "s390x"];
let registryId = "";

async function addRepository(name: string, tags: Record<string, string[]>): Promise<void> {
  const repo = await prisma.repository.create({
    data: { registryId, name, reference: `reg.example/${name}`, tagPolicy: '{"kind":"tags","tags":["latest"]}', status: "ok", lastScannedAt: new Date() },
  });
  for (const [tag, archs] of Object.entries(tags)) {
    await prisma.tag.create({
      data: {
        repositoryId: repo.id,
        name: tag,
        digest: `sha256:${"b".repeat(64)}`,
        checkedAt: new Date(),
        platforms: { create: archs.map((architecture) => ({ os: "linux", architecture, rawOs: "linux", rawArchitecture: architecture, digest: `sha256:${"c".repeat(64)}` })) },
      },
    });
  }
}

// Natural order ("service-2" before "service-10") and names a numeric collator calls equal ("x-1", "x-01").
const names = ["team/service-10", "team/service-2", "team/x-01", "other/app", "team/x-1", "team/service-1", "z", "other/x-1", "team/service-02"];

beforeAll(async () => {
  registryId = (await prisma.registry.create({ data: { host: "reg.example" } })).id;
  for (const [i, name] of names.entries()) {
    const all = ["amd64", "arm", "arm64", "ppc64le", "s390x"];
    await addRepository(name, { latest: all.slice(0, 1 + (i % 5)), "1.0": all.slice(0, 1 + ((i + 2) % 5)) });
  }
});

const views: Array<{ sort?: SortKey; dir?: SortDir; group?: GroupKey; offset?: number; limit?: number }> = [
  { offset: 0, limit: 4 },
  { offset: 4, limit: 4 },
  { sort: "name", dir: "desc", limit: 100 },
  { sort: "coverage", limit: 5 },
  { group: "namespace", limit: 100 },
  { offset: 0, limit: 100 },
];

describe("loadCoverage pages", () => {
  it("is the full answer, ordered by sortRows and sliced, with every row's tags", async () => {
    for (const filters of [{ columns }, { columns, missing: "s390x" }, { columns, q: "x-" }]) {
      const whole = await loadCoverage(filters);
      for (const v of views) {
        const page = await loadCoverage(filters, v);
        const ordered = sortRows(whole.repositories, { sort: v.sort ?? "name", dir: v.dir ?? "asc", group: v.group ?? "none", columns });
        const offset = page.page?.offset ?? 0; // a page past the end shows the last page
        expect(page.repositories.map((r) => r.reference)).toEqual(ordered.slice(offset, offset + (v.limit ?? ordered.length)).map((r) => r.reference));
        expect(page.repositories).toEqual(ordered.slice(offset, offset + (v.limit ?? ordered.length)));
        expect(page.summary).toEqual(whole.summary);
        expect(page.page?.total).toBe(whole.repositories.length);
        for (const r of page.repositories) expect(r.tags.length).toBe(2);
      }
    }
  });

  it("orders a repository added since the last answer in its place by name", async () => {
    const before = await loadCoverage({ columns }, { limit: 100 });
    expect(before.repositories.map((r) => r.reference)).toContain("reg.example/team/service-10");
    await addRepository("team/service-3", { latest: ["amd64"] });
    const after = await loadCoverage({ columns }, { limit: 100 });
    const refs = after.repositories.map((r) => r.reference);
    expect(refs.indexOf("reg.example/team/service-3")).toBe(refs.indexOf("reg.example/team/service-2") + 1);
    expect(refs.indexOf("reg.example/team/service-10")).toBe(refs.indexOf("reg.example/team/service-3") + 1);
  });
});
