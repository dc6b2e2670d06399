// RegistryClient listings against the real registry: tags (250 of them; Distribution 2.8
// ignores `n` on tags/list, so pagination is also exercised through the fault proxy's
// paginate rule) and /v2/_catalog with a prefix (native pagination via catalog.maxentries).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../../e2e/fixtures/fault-proxy";
import { addTags, pushImage, pushMany } from "../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { parseReference } from "./reference";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const T = 180_000;
const TAGS = Array.from({ length: 250 }, (_, i) => `v1.${String(i).padStart(3, "0")}`);

describe.skipIf(!hasRegistry)("RegistryClient listings against a real registry", () => {
  let reg: RunningRegistry;
  let fp: FaultProxy;
  beforeAll(async () => {
    reg = await startRegistry({ catalogMaxEntries: 5 });
    fp = await startFaultProxy(reg.host);
    await pushImage({ url: reg.url }, "many/tags", TAGS[0], { format: "oci-image", platform: { os: "linux", architecture: "amd64" } });
    await addTags({ url: reg.url }, "many/tags", TAGS[0], TAGS.slice(1));
    const repos = ["team-a/api", "team-a/web", "team-a/worker", "team-a/db", "team-a/cache", "team-a/queue", "team-a/cron", "team-b/api", "team-b/web", "other/x"];
    await pushMany({ url: reg.url }, repos.map((repo) => ({ repo, tag: "1", spec: { format: "oci-image", platform: { os: "linux", architecture: "amd64" } } })));
  }, T);
  afterAll(async () => {
    await fp?.stop();
    await reg?.stop();
  });

  it("250 tags straight from Distribution (one answer: it ignores n)", async () => {
    const c = new RegistryClient({ insecureRegistries: [reg.host] });
    const tags = await c.listTags(parseReference(`${reg.host}/many/tags`));
    expect([...tags].sort()).toEqual(TAGS);
  }, T);

  it("250 tags in pages of 25: follows Link rel=next, 10 requests", async () => {
    fp.setRules([{ path: /\/tags\/list/, paginate: 25 }]);
    fp.reset();
    const c = new RegistryClient({ insecureRegistries: [fp.host] });
    const tags = await c.listTags(parseReference(`${fp.host}/many/tags`));
    expect(tags).toEqual(TAGS);
    const asks = fp.requests().filter((r) => r.path.endsWith("/tags/list"));
    expect(asks).toHaveLength(10);
    expect(asks[1].url).toContain(`last=${TAGS[24]}`);
  }, T);

  it("limit stops paging early", async () => {
    fp.setRules([{ path: /\/tags\/list/, paginate: 25 }]);
    fp.reset();
    const c = new RegistryClient({ insecureRegistries: [fp.host] });
    const tags = await c.listTags(parseReference(`${fp.host}/many/tags`), { limit: 30 });
    expect(tags).toEqual(TAGS.slice(0, 30));
    expect(fp.requests().filter((r) => r.path.endsWith("/tags/list"))).toHaveLength(2);
  }, T);

  it("a Link to another host is not followed", async () => {
    fp.setRules([{ path: /\/tags\/list/, paginate: 25, linkOrigin: "http://127.0.0.9:1" }]);
    fp.reset();
    const c = new RegistryClient({ insecureRegistries: [fp.host, "127.0.0.9:1"] });
    const tags = await c.listTags(parseReference(`${fp.host}/many/tags`));
    expect(tags).toEqual(TAGS.slice(0, 25));
    expect(fp.requests()).toHaveLength(1);
  }, T);

  it("_catalog with a prefix over native pages (maxentries 5: the client's n=1000 is refused, it falls back)", async () => {
    const c = new RegistryClient({ insecureRegistries: [reg.host] });
    expect(await c.catalog(reg.host, { prefix: "team-a/" })).toEqual([
      "team-a/api",
      "team-a/cache",
      "team-a/cron",
      "team-a/db",
      "team-a/queue",
      "team-a/web",
      "team-a/worker",
    ]);
    const all = await c.catalog(reg.host);
    expect(all).toHaveLength(11);
    expect(all).toContain("many/tags");
  }, T);

  it("_catalog pages counted at the registry side", async () => {
    fp.clearRules();
    fp.reset();
    const c = new RegistryClient({ insecureRegistries: [fp.host] });
    expect(await c.catalog(fp.host, { prefix: "team-b/" })).toEqual(["team-b/api", "team-b/web"]);
    const asks = fp.requests().filter((r) => r.path === "/v2/_catalog");
    // n=1000 and n=100 are refused (400 PAGINATION_NUMBER_INVALID), then 11 names in pages of 5.
    expect(asks.map((r) => r.status)).toEqual([400, 400, 200, 200, 200]);
  }, T);

  it("tags of a missing repository -> repository-not-found", async () => {
    const c = new RegistryClient({ insecureRegistries: [reg.host] });
    await expect(c.listTags(parseReference(`${reg.host}/nope/nothing`))).rejects.toSatisfy(
      (e: unknown) => e instanceof RegistryError && e.code === "repository-not-found",
    );
  }, T);
});
