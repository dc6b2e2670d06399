// Tag lists, _catalog and namespace APIs: pagination, same-host links, page-size fallbacks.
import { afterEach, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { parseNextLink } from "./listing";
import { parseReference } from "./reference";
import { FakeRegistry, type TestServer, sendError, serve } from "../../test/support/fake-registry";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});
async function registry(): Promise<FakeRegistry> {
  const r = await new FakeRegistry().start();
  cleanup.push(() => r.server.close());
  return r;
}
async function server(handler: Parameters<typeof serve>[0]): Promise<TestServer> {
  const s = await serve(handler);
  cleanup.push(() => s.close());
  return s;
}
const client = (hosts: string[]) => new RegistryClient({ insecureRegistries: hosts, credentials: { get: async () => undefined }, backoffBaseMs: 10 });

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
    const reg = await registry();
    for (let i = 0; i < 25; i++) reg.putImage("team/app", `t${String(i).padStart(2, "0")}`, { os: "linux", architecture: "amd64" });
    reg.pageSize = 10;
    reg.hook = (_req, _res, url) => {
      // Ignore the client's n, as ACR does, and serve our own page size.
      url.searchParams.delete("n");
      return false;
    };
    const c = client([reg.host]);
    const ref = parseReference(`${reg.host}/team/app`);
    const all = await c.listTags(ref);
    expect(all).toHaveLength(25);
    expect(all[0]).toBe("t00");
    expect(await c.listTags(ref, { limit: 7 })).toHaveLength(7);
  });

  it("retries with n=100 and then without n when the page size is rejected (Quay)", async () => {
    const reg = await registry();
    reg.putImage("team/app", "a", { os: "linux", architecture: "amd64" });
    reg.hook = (_req, res, url) => {
      const n = url.searchParams.get("n");
      if (n !== null && Number(n) > 50) return (sendError(res, 400, "PAGINATION_NUMBER_INVALID", "n too large"), true);
      return false;
    };
    expect(await client([reg.host]).listTags(parseReference(`${reg.host}/team/app`))).toEqual(["a"]);
    expect(reg.server.hits.map((h) => new URL(h.url, "http://x").searchParams.get("n"))).toEqual(["1000", "100", null]);
  });

  it("does not follow a Link to another host", async () => {
    const other = await server((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"tags":["stolen"]}');
    });
    const reg = await registry();
    reg.hook = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", Link: `<${other.base}/v2/team/app/tags/list?last=a>; rel="next"` });
      res.end('{"name":"team/app","tags":["a"]}');
      return true;
    };
    expect(await client([reg.host, other.host]).listTags(parseReference(`${reg.host}/team/app`))).toEqual(["a"]);
    expect(other.hits).toHaveLength(0);
  });

  it("tolerates tags: null and stops on a repeated cursor", async () => {
    const reg = await registry();
    reg.hook = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", Link: '</v2/team/app/tags/list?n=1000>; rel="next"' });
      res.end('{"name":"team/app","tags":null}');
      return true;
    };
    expect(await client([reg.host]).listTags(parseReference(`${reg.host}/team/app`))).toEqual([]);
    expect(reg.server.hits).toHaveLength(1);
  });

  it("an unknown repository is repository-not-found", async () => {
    const reg = await registry();
    const err = await client([reg.host]).listTags(parseReference(`${reg.host}/team/ghost`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe("repository-not-found");
    expect((err as RegistryError).message).toMatch(/"team\/ghost" does not exist/);
  });
});

describe("catalog", () => {
  it("pages through _catalog and filters by prefix", async () => {
    const reg = await registry();
    for (const name of ["team/a", "team/b", "other/c", "team/d", "teammate/e"]) reg.putImage(name, "1", { os: "linux", architecture: "amd64" });
    reg.pageSize = 2;
    reg.hook = (_req, _res, url) => (url.searchParams.delete("n"), false);
    const c = client([reg.host]);
    expect(await c.catalog(reg.host)).toEqual(["other/c", "team/a", "team/b", "team/d", "teammate/e"]);
    expect(await c.catalog(reg.host, { prefix: "team/" })).toEqual(["team/a", "team/b", "team/d"]);
    expect(await c.catalog(reg.host, { prefix: "team/", limit: 2 })).toEqual(["team/a", "team/b"]);
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
