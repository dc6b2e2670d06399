// The matrix keeps one frozen object per distinct platform (and per distinct platform list) and no
// platform digests; the answers must still be exactly what the API always gave: for every tag, the
// stored platforms in order, with their fields in the same key order (clients may compare by text),
// digests only on the repository page, and a change to one tag must never show up in another that
// shared its list. Checked against an answer built here from Prisma's own rows.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import type { ApiPlatform } from "../api-types";
import { loadCoverage } from "./coverage";
import { loadMatrix } from "./matrix";

const columns = ["amd64", "arm", "arm64", "ppc64le", "s390x", "windows/amd64"];
type P = { os: string; architecture: string; variant?: string; osVersion?: string; osFeatures?: string; rawOs?: string; rawArchitecture?: string; rawVariant?: string; configPlatform?: string };
const linux = (architecture: string, variant?: string): P => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });

// Shapes a scan stores: plain, arm variants, a raw value normalized (x86_64), a config that
// disagrees with the index, Windows with os.version and os.features, and the same set twice.
const repos: Record<string, Record<string, P[]>> = {
  "team/plain": { latest: [linux("arm64"), linux("amd64")], "1.0": [linux("amd64"), linux("arm64")] },
  "team/arm": { latest: [linux("arm", "v7"), linux("arm", "v6"), linux("amd64")], "2.0": [linux("amd64")] },
  "team/raw": { latest: [{ ...linux("amd64"), rawArchitecture: "x86_64" }, { ...linux("arm64"), rawVariant: "v8" }] },
  "team/mismatch": { latest: [linux("amd64"), { ...linux("s390x"), configPlatform: "linux/amd64" }] },
  "team/windows": {
    latest: [
      { os: "windows", architecture: "amd64", osVersion: "10.0.20348.2762", osFeatures: '["win32k"]' },
      { os: "windows", architecture: "amd64", osVersion: "10.0.17763.6414" },
      linux("amd64"),
    ],
  },
};

let n = 0;
const digest = () => `sha256:${(++n).toString(16).padStart(64, "0")}`;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const registryId = (await prisma.registry.create({ data: { host: "shared.example" } })).id;
  for (const [name, tags] of Object.entries(repos)) {
    const repo = await prisma.repository.create({ data: { registryId, name, reference: `shared.example/${name}`, tagPolicy: '{"kind":"tags","tags":["latest"]}', status: "ok", lastScannedAt: new Date() } });
    ids[name] = repo.id;
    for (const [tag, platforms] of Object.entries(tags)) {
      await prisma.tag.create({
        data: {
          repositoryId: repo.id,
          name: tag,
          digest: digest(),
          checkedAt: new Date(),
          platforms: { create: platforms.map((p) => ({ ...p, rawOs: p.rawOs ?? p.os, rawArchitecture: p.rawArchitecture ?? p.architecture, rawVariant: p.rawVariant ?? p.variant ?? null, digest: digest() })) },
        },
      });
    }
  }
});

/** Each tag's platforms as the API has always written them, from Prisma's rows. */
async function expected(repositoryId: string, digests: boolean): Promise<Record<string, ApiPlatform[]>> {
  const tags = await prisma.tag.findMany({ where: { repositoryId }, include: { platforms: true } });
  const out: Record<string, ApiPlatform[]> = {};
  for (const t of tags) {
    out[t.name] = t.platforms
      .map((p) => {
        const o: ApiPlatform = { os: p.os, architecture: p.architecture };
        if (p.variant) o.variant = p.variant;
        if (p.osVersion) o.osVersion = p.osVersion;
        if (p.osFeatures) o.osFeatures = JSON.parse(p.osFeatures) as string[];
        if (digests && p.digest) o.digest = p.digest;
        if (p.rawOs !== p.os || p.rawArchitecture !== p.architecture || (p.rawVariant ?? null) !== (p.variant ?? null)) o.raw = { os: p.rawOs, architecture: p.rawArchitecture, ...(p.rawVariant ? { variant: p.rawVariant } : {}) };
        if (p.configPlatform) {
          const [os, architecture, variant] = p.configPlatform.split("/");
          o.configMismatch = { os, architecture, ...(variant ? { variant } : {}) };
        }
        return o;
      })
      .sort((a, b) => a.os.localeCompare(b.os) || a.architecture.localeCompare(b.architecture) || (a.variant ?? "").localeCompare(b.variant ?? "") || (a.osVersion ?? "").localeCompare(b.osVersion ?? ""));
  }
  return out;
}

const asText = (tags: Array<{ tag: string; platforms: ApiPlatform[] }>) => JSON.stringify(Object.fromEntries(tags.map((t) => [t.tag, t.platforms]).sort()));
const sortedText = (o: Record<string, ApiPlatform[]>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort()));

describe("platforms shared across the matrix", () => {
  it("answers every tag's platforms as stored, in order and key order, without digests on the grid", async () => {
    const grid = await loadCoverage({ columns });
    for (const [name, id] of Object.entries(ids)) {
      const row = grid.repositories.find((r) => r.id === id)!;
      expect(asText(row.tags), name).toBe(sortedText(await expected(id, false)));
      expect(row.namespace).toBe("team"); // shared strings are the right ones
    }
  });

  it("answers the repository page with each platform's own manifest digest", async () => {
    for (const [name, id] of Object.entries(ids)) {
      const page = await loadCoverage({ repositoryId: id, digests: true, columns });
      expect(asText(page.repositories[0].tags), name).toBe(sortedText(await expected(id, true)));
    }
  });

  it("keeps one frozen object per distinct platform and per distinct list", async () => {
    const m = await loadMatrix();
    const plain = m.byId.get(ids["team/plain"])!;
    const [a, b] = plain.tags;
    expect(a.platforms).toBe(b.platforms); // amd64+arm64 stored in two orders: one sorted list
    const arm = m.byId.get(ids["team/arm"])!;
    const amd64 = arm.tags.find((t) => t.name === "2.0")!.platforms[0];
    expect(a.platforms[0]).toBe(amd64);
    expect(Object.isFrozen(amd64)).toBe(true);
    expect(() => (a.platforms as ApiPlatform[]).push(amd64)).toThrow(TypeError);
  });

  it("changes only the tag that was written, never another that shared its list", async () => {
    const tag = await prisma.tag.findFirstOrThrow({ where: { repositoryId: ids["team/plain"], name: "latest" } });
    await prisma.$transaction([
      prisma.tagPlatform.create({ data: { tagId: tag.id, os: "linux", architecture: "ppc64le", rawOs: "linux", rawArchitecture: "ppc64le", digest: digest() } }),
      prisma.tag.update({ where: { id: tag.id }, data: { checkedAt: new Date() } }),
    ]);
    const grid = await loadCoverage({ columns });
    const row = grid.repositories.find((r) => r.id === ids["team/plain"])!;
    expect(row.tags.find((t) => t.tag === "latest")!.platforms.map((p) => p.architecture)).toEqual(["amd64", "arm64", "ppc64le"]);
    expect(row.tags.find((t) => t.tag === "1.0")!.platforms.map((p) => p.architecture)).toEqual(["amd64", "arm64"]);
    expect(asText(row.tags)).toBe(sortedText(await expected(ids["team/plain"], false)));
  });
});
