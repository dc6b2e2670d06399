// Tag lists, _catalog and namespace APIs: pagination, same-host links, page-size fallbacks.
// Tags and _catalog come from the real Distribution registry (behind the fault proxy when a test
// needs pages, refusals or odd answers). Docker Hub's and Quay's namespace APIs are not registry
// APIs and nothing local implements them: small node:http servers play their documented JSON.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { parseNextLink } from "./listing";
import { parseReference } from "./reference";
import { addTags } from "../../e2e/fixtures/pusher";
import { errorBody, faultyRegistry, pushSingle, server, useServers, type Faulty } from "../../test/support/harness";

useServers();
const client = (hosts: string[]) => new RegistryClient({ insecureRegistries: hosts, credentials: { get: async () => undefined }, backoffBaseMs: 10 });

let f: Faulty;
beforeAll(async () => {
  // catalog.maxentries 2: Distribution itself pages _catalog two names at a time.
  f = await faultyRegistry({ catalogMaxEntries: 2 });
  await pushSingle(f.target, "team/app", "t00", { os: "linux", architecture: "amd64" });
  await addTags(f.target, "team/app", "t00", Array.from({ length: 24 }, (_, i) => `t${String(i + 1).padStart(2, "0")}`));
  for (const name of ["team/a", "team/b", "other/c", "team/d", "teammate/e"]) await pushSingle(f.target, name, "1", { os: "linux", architecture: "amd64" });
}, 60_000);
afterEach(() => {
  f.proxy.clearRules();
  f.proxy.reset();
});
afterAll(async () => f?.stop());
const app = () => parseReference(`${f.proxy.host}/team/app`);

describe("parseNextLink", () => {
  const base = new URL("https://r.example/v2/a/tags/list?n=2");
  it.each([
    ['</v2/a/tags/list?n=2&last=b>; rel="next"', "https://r.example/v2/a/tags/list?n=2&last=b"],
    ['<https://r.example/v2/a/tags/list?last=b>; rel=next', "https://r.example/v2/a/tags/list?last=b"],
    ['</prev>; rel="prev", </next>; rel="next"', "https://r.example/next"],
    ['</x>; rel="prev"', null],
    [null, null],
  ])("%s", (h, want) => expect(parseNextLink(h, base)?.toString() ?? null).toBe(want));
});

describe("listTags", () => {
  it("follows Link pages and stops at the limit", async () => {
    // Pages of at most 10 whatever n the client asks for, as ACR does.
    f.proxy.setRules([{ path: /\/tags\/list/, paginate: 10 }]);
    const c = client([f.proxy.host]);
    const all = await c.listTags(app());
    expect(all).toHaveLength(25);
    expect(all[0]).toBe("t00");
    expect(f.proxy.requests()).toHaveLength(3);
    expect(await c.listTags(app(), { limit: 7 })).toHaveLength(7);
  });

  it("retries with n=100 and then without n when the page size is rejected (Quay)", async () => {
    const tooLarge = errorBody("PAGINATION_NUMBER_INVALID", "n too large");
    f.proxy.setRules([
      { path: /\/tags\/list\?n=1000(&|$)/, status: 400, body: tooLarge },
      { path: /\/tags\/list\?n=100(&|$)/, status: 400, body: tooLarge },
    ]);
    expect(await client([f.proxy.host]).listTags(parseReference(`${f.proxy.host}/team/a`))).toEqual(["1"]);
    expect(f.proxy.requests().map((h) => new URL(h.url, "http://x").searchParams.get("n"))).toEqual(["1000", "100", null]);
  });

  it("does not follow a Link to another host", async () => {
    f.proxy.setRules([{ path: /\/tags\/list/, paginate: 10, linkOrigin: "http://127.0.0.1:9" }]);
    expect(await client([f.proxy.host, "127.0.0.1:9"]).listTags(app())).toHaveLength(10);
    expect(f.proxy.requests()).toHaveLength(1);
  });

  it("tolerates tags: null and stops on a repeated cursor", async () => {
    f.proxy.setRules([{ path: /\/tags\/list/, status: 200, body: '{"name":"team/app","tags":null}', headers: { link: '</v2/team/app/tags/list?n=1000>; rel="next"' } }]);
    expect(await client([f.proxy.host]).listTags(app())).toEqual([]);
    expect(f.proxy.requests()).toHaveLength(1);
  });

  it("an unknown repository is repository-not-found", async () => {
    const err = await client([f.proxy.host]).listTags(parseReference(`${f.proxy.host}/team/ghost`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe("repository-not-found");
    expect((err as RegistryError).message).toMatch(/"team\/ghost" does not exist/);
  });
});

describe("catalog", () => {
  it("pages through _catalog and filters by prefix", async () => {
    const c = client([f.proxy.host]);
    expect(await c.catalog(f.proxy.host)).toEqual(["other/c", "team/a", "team/app", "team/b", "team/d", "teammate/e"]);
    // n=1000 and n=100 are over maxentries (400), so the client asked without n and followed 3 pages.
    expect(f.proxy.requests().map((h) => [new URL(h.url, "http://x").searchParams.get("n"), h.status])).toEqual([
      ["1000", 400],
      ["100", 400],
      [null, 200],
      ["2", 200],
      ["2", 200],
    ]);
    expect(await c.catalog(f.proxy.host, { prefix: "team/" })).toEqual(["team/a", "team/app", "team/b", "team/d"]);
    expect(await c.catalog(f.proxy.host, { prefix: "team/", limit: 2 })).toEqual(["team/a", "team/app"]);
  });

  it("Docker Hub has no catalog", async () => {
    const err = await client([]).catalog("docker.io").catch((e: unknown) => e);
    expect((err as RegistryError).code).toBe("invalid-reference");
  });
});

describe("listNamespace", () => {
  it("Docker Hub: page_size=100 and follows next on the same host", async () => {
    const hub = await server((req, res, url) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      if (url.searchParams.get("page") === "2") {
        return void res.end(JSON.stringify({ count: 3, next: null, results: [{ name: "c", namespace: "myorg" }] }));
      }
      expect(url.pathname).toBe("/v2/namespaces/myorg/repositories");
      expect(url.searchParams.get("page_size")).toBe("100");
      res.end(JSON.stringify({ count: 3, next: `http://${req.headers.host}/v2/namespaces/myorg/repositories?page_size=100&page=2`, results: [{ name: "a", namespace: "myorg" }, { name: "b", namespace: "myorg" }] }));
    });
    const c = client([hub.host]);
    expect(await c.listNamespace("dockerhub", "myorg", { apiBase: hub.base })).toEqual(["myorg/a", "myorg/b", "myorg/c"]);
    expect(await c.listNamespace("dockerhub", "myorg", { apiBase: hub.base, limit: 1 })).toEqual(["myorg/a"]);
  });

  it("Quay: /api/v1/repository?namespace= and next_page", async () => {
    const quay = await server((_req, res, url) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      expect(url.pathname).toBe("/api/v1/repository");
      expect(url.searchParams.get("namespace")).toBe("coreos");
      if (url.searchParams.get("next_page") === "abc") return void res.end(JSON.stringify({ repositories: [{ namespace: "coreos", name: "etcd" }] }));
      res.end(JSON.stringify({ repositories: [{ namespace: "coreos", name: "clair" }], next_page: "abc" }));
    });
    expect(await client([quay.host]).listNamespace("quay", "coreos", { apiBase: quay.base })).toEqual(["coreos/clair", "coreos/etcd"]);
  });

  it("rejects a bad namespace and blocks a private API base not listed as insecure", async () => {
    expect(((await client([]).listNamespace("dockerhub", "../etc").catch((e: unknown) => e)) as RegistryError).code).toBe("invalid-reference");
    const err = await client([]).listNamespace("quay", "x", { apiBase: "http://127.0.0.1:9" }).catch((e: unknown) => e);
    expect((err as RegistryError).code).toBe("blocked-address");
  });
});
