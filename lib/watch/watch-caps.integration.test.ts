// Bounded work when adding repositories: a small watch-list file must not turn into millions of
// rows (issue 10: 413 KB of YAML with one anchor of 60,000 tags made 52 MB of rows), and the
// namespace import takes a host, never a URL. A refused file adds nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let watch: typeof import("./index");
let listRepositories: typeof import("../queries").listRepositories;
let canary: http.Server;
let canaryHost: string;
let canaryHits = 0;

beforeAll(async () => {
  delete process.env.ARCHGRID_MAX_TAGS_PER_REPOSITORY; // default 100
  watch = await import("./index");
  ({ listRepositories } = await import("../queries"));
  canary = http.createServer((_req, res) => {
    canaryHits++;
    res.end("{}");
  });
  canary.on("connection", () => canaryHits++);
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
  canaryHost = `127.0.0.1:${(canary.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => canary.close(() => r())));

const tags = (n: number, prefix = "t") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Takes a function, not a promise: a promise made before the count below would reject unhandled. */
async function refused(call: () => Promise<unknown>): Promise<string> {
  const before = (await listRepositories()).length;
  const e = await call().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected a refusal").toBeInstanceOf(Error);
  expect((e as { status?: number }).status).toBe(400);
  expect((await listRepositories()).length).toBe(before); // nothing stored
  return (e as Error).message;
}

describe("watch-list file caps", () => {
  it("one anchor of 60,000 tags aliased by many entries is refused (YAML alias expansion bounded)", async () => {
    let doc = `repositories:\n  - reference: registry.example/a/r0\n    tags: &T [${tags(60_000).join(",")}]\n`;
    for (let i = 1; i < 120; i++) doc += `  - reference: registry.example/a/r${i}\n    tags: *T\n`;
    expect(doc.length).toBeGreaterThan(400_000);
    expect(doc.length).toBeLessThan(500_000);
    expect(await refused(() => watch.importWatchlist(doc))).toMatch(/alias|more than the 100 tracked per repository/);
  });

  it("the same anchor used by fewer entries: refused by the per-repository cap", async () => {
    const doc = `repositories:\n  - reference: registry.example/a/r0\n    tags: &T [${tags(60_000).join(",")}]\n  - reference: registry.example/a/r1\n    tags: *T\n`;
    expect(await refused(() => watch.importWatchlist(doc))).toMatch(/60000 tags, more than the 100 tracked per repository \(ARCHGRID_MAX_TAGS_PER_REPOSITORY\)/);
  });

  it("within the per-repository cap but over the file's total: refused", async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({ reference: `registry.example/bulk/r${i}`, tags: tags(100) }));
    expect(await refused(() => watch.importWatchlist(JSON.stringify({ repositories: entries })))).toMatch(/more than 50000 tags and patterns in one file/);
  });

  it("more repositories than the file cap: refused", async () => {
    const entries = Array.from({ length: 5001 }, (_, i) => `registry.example/many/r${i}`);
    expect(await refused(() => watch.importWatchlist(JSON.stringify({ repositories: entries })))).toMatch(/at most 5000 repositories/);
  });

  it("tag syntax is validated", async () => {
    const doc = JSON.stringify({ repositories: [{ reference: "registry.example/a/ok", tags: ["1.0", "-bad"] }] });
    expect(await refused(() => watch.importWatchlist(doc))).toMatch(/not a valid tag/);
  });

  it("a single add over the per-repository cap is refused", async () => {
    expect(await refused(() => watch.addRepository({ reference: "registry.example/a/one", tags: tags(101) }))).toMatch(/101 tags given; at most 100/);
  });

  it("a tag policy RE2 cannot run is refused at add time", async () => {
    expect(await refused(() => watch.addRepository({ reference: "registry.example/a/two", tagPolicy: { kind: "pattern", include: ["/(a)\\1/"] } }))).toMatch(/RE2/);
  });

  it("a file within the caps is accepted", async () => {
    const r = await watch.importWatchlist(JSON.stringify({ repositories: [{ reference: "registry.example/fine/app", tags: tags(100) }] }));
    expect(r.created.map((x) => x.name)).toEqual(["fine/app"]);
  });
});

describe("namespace import takes a host, never a URL", () => {
  it.each([
    `http://${"CANARY"}/v2/namespaces/x/repositories`,
    `${"CANARY"}/path`,
    `user@${"CANARY"}`,
    `${"CANARY"}?q=1`,
    `ftp://${"CANARY"}`,
  ])("registry %s is refused before any request", async (raw) => {
    const { RegistryClient } = await import("../registry");
    const client = new RegistryClient({ insecureRegistries: [canaryHost] });
    const registry = raw.replace("CANARY", canaryHost);
    const plainWords = /^registry: .*(path or query|credentials|only http:\/\/ or https:\/\/)/;
    expect(await refused(() => watch.importNamespace(client, { source: "quay", namespace: "team", registry }))).toMatch(plainWords);
    expect(await refused(() => watch.importNamespace(client, { source: "catalog", registry }))).toMatch(plainWords);
    expect(canaryHits).toBe(0);
  });

  it("a scheme before the host is read as the host alone: the catalog is asked at /v2/_catalog, never at a given path", async () => {
    const { RegistryClient } = await import("../registry");
    const client = new RegistryClient({ insecureRegistries: [canaryHost] });
    const paths: string[] = [];
    canary.on("request", (req) => paths.push(req.url ?? ""));
    const r = await watch.importNamespace(client, { source: "catalog", registry: `http://${canaryHost}/` });
    expect(r.created).toEqual([]); // the canary answers {} (no repositories)
    expect(paths.map((p) => p.split("?")[0])).toEqual(["/v2/_catalog"]);
  });
});
