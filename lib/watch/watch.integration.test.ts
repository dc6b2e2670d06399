// Adding many repositories at once: a registry's _catalog, a pasted list, the watch-list file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushMany } from "../../e2e/fixtures/pusher";

let registry: RunningRegistry;
let watch: typeof import("./index");
let client: import("../registry").RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  watch = await import("./index");
  const { RegistryClient } = await import("../registry");
  client = new RegistryClient({ insecureRegistries: [registry.host] });
  const names = ["payments/api", "payments/worker", "payments/db-migrate", "search/indexer", "search/web"];
  await pushMany(
    { url: registry.url },
    names.map((repo) => ({ repo, tag: "latest", spec: { format: "oci-image" as const, platform: { os: "linux", architecture: "amd64" }, seed: repo } })),
  );
}, 60_000);

afterAll(async () => registry?.stop());

describe("namespace import from _catalog", () => {
  it("adds every repository under the prefix, and is idempotent", async () => {
    const first = await watch.importNamespace(client, { source: "catalog", registry: registry.host, prefix: "payments/" });
    expect(first.created.map((r) => r.name).sort()).toEqual(["payments/api", "payments/db-migrate", "payments/worker"]);
    expect(first.created.every((r) => r.reference.startsWith(`${registry.host}/payments/`))).toBe(true);
    const again = await watch.importNamespace(client, { source: "catalog", registry: registry.host, prefix: "payments/" });
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(3);
  });

  it("needs a registry for a catalog import", async () => {
    await expect(watch.importNamespace(client, { source: "catalog" })).rejects.toThrow(/registry is required/);
  });
});

describe("pasted lists", () => {
  it("adds valid lines, reports invalid ones and duplicates, ignores blanks and comments", async () => {
    const r = await watch.addRepositories([`${registry.host}/search/indexer`, "", "# a comment", "NOT/valid", `${registry.host}/search/indexer:latest`, `${registry.host}/search/web:2.0`]);
    expect(r.created.map((x) => x.name)).toEqual(["search/indexer", "search/web"]);
    expect(r.created[1].tagPolicy).toEqual({ kind: "tags", tags: ["2.0"] });
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]).toMatchObject({ reference: "NOT/valid", error: { code: "invalid-reference" } });
  });
});

describe("the watch-list file", () => {
  it("round-trips through YAML and JSON without adding anything twice", async () => {
    const yaml = await watch.exportWatchlist("yaml");
    expect(yaml).toContain(`reference: ${registry.host}/payments/api`);
    const reYaml = await watch.importWatchlist(yaml);
    expect(reYaml.created).toEqual([]);
    expect(reYaml.existing.length).toBeGreaterThanOrEqual(5);

    const json = await watch.exportWatchlist("json");
    const doc = JSON.parse(json) as { repositories: Array<{ reference: string }> };
    doc.repositories.push({ reference: `${registry.host}/brand/new` });
    const reJson = await watch.importWatchlist(JSON.stringify(doc));
    expect(reJson.created.map((r) => r.name)).toEqual(["brand/new"]);
  });

  it("rejects a malformed file with a clear error and adds nothing", async () => {
    const before = (await watch.exportWatchlist("json")).length;
    await expect(watch.importWatchlist("repositories: [unclosed")).rejects.toThrow(/not valid YAML or JSON/);
    await expect(watch.importWatchlist("repositories: 5")).rejects.toThrow(/watch list: repositories/);
    expect((await watch.exportWatchlist("json")).length).toBe(before);
  });
});
