// Bounded reads and integrity checks (digests, size caps, media types, error-body caps): the real
// Distribution registry behind the fault proxy, which rewrites each answer by rule.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FaultRule } from "../../e2e/fixtures/fault-proxy";
import type { PushResult } from "../../e2e/fixtures/pusher";
import { RegistryClient } from "./client";
import { parseReference } from "./reference";
import { errorBody, failure, faultyRegistry, pushSingle, type Faulty } from "../../test/support/harness";

let f: Faulty;
let img: PushResult;
const manifest = /\/manifests\/ok$/;

beforeAll(async () => {
  f = await faultyRegistry();
  img = await pushSingle(f.target, "x/app", "ok", { os: "linux", architecture: "amd64" });
}, 60_000);
afterEach(() => f.proxy.clearRules());
afterAll(async () => f?.stop());

const c = () => new RegistryClient({ insecureRegistries: [f.proxy.host], credentials: { get: async () => undefined }, maxManifestBytes: 1024 * 1024, maxRetries: 0 });
const r = () => parseReference(`${f.proxy.host}/x/app`);

describe("integrity", () => {
  it.each<[string, FaultRule, string]>([
    ["a Docker-Content-Digest the body does not hash to", { path: manifest, setDigest: `sha256:${"a".repeat(64)}` }, "digest-mismatch"],
    ["a Content-Length over the cap", { path: manifest, oversizeTo: 10 * 1024 * 1024 }, "too-large"],
    ["a chunked body growing over the cap", { path: manifest, oversizeTo: 4 * 1024 * 1024, chunked: true }, "too-large"],
    ["an HTML login page", { path: manifest, status: 200, body: "<html>login</html>", headers: { "content-type": "text/html" } }, "unsupported-media-type"],
    ["JSON that is no manifest", { path: manifest, status: 200, body: '{"hello":"world"}', headers: { "content-type": "application/json" } }, "invalid-response"],
  ])("%s -> %s", async (_what, rule, code) => {
    f.proxy.setRules([rule]);
    expect((await failure(c().resolve(r(), "ok"))).code).toBe(code);
  });

  it("a requested digest the body does not hash to is a mismatch (no digest header to blame)", async () => {
    f.proxy.setRules([{ path: /\/manifests\/sha256:/, corrupt: true, dropDigest: true }]);
    const e = await failure(c().resolve(r(), img.digest));
    expect(e.code).toBe("digest-mismatch");
  });

  it("error bodies are read only up to 64 KiB and still parsed", async () => {
    f.proxy.setRules([{ path: /\/manifests\/gone$/, status: 404, body: errorBody("MANIFEST_UNKNOWN", "gone") + " ".repeat(2 * 1024 * 1024) }]);
    const e = await failure(c().resolve(r(), "gone"));
    expect(e.code).toBe("tag-not-found");
    expect(e.registryCode).toBe("MANIFEST_UNKNOWN");
  });

  it("a config blob that does not hash to its digest is a mismatch", async () => {
    f.proxy.setRules([{ path: new RegExp(`/blobs/${img.children[0]?.configDigest ?? "sha256:"}`), corrupt: true }]);
    expect((await failure(c().resolve(r(), "ok"))).code).toBe("digest-mismatch");
  });
});
