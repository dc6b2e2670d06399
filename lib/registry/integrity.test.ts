// Bounded reads and integrity checks: digests, size caps, media types, error-body caps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { MediaTypes } from "./media-types";
import { parseReference } from "./reference";
import { FakeRegistry, sha256 } from "../../test/support/fake-registry";
import { failure } from "../../test/support/harness";

// Lets the integrity hook switch blob corruption on and off.
declare module "../../test/support/fake-registry" {
  interface FakeRegistry {
    corruptBlob?: boolean;
  }
}

describe("integrity", () => {
  let bad: FakeRegistry;
  beforeAll(async () => {
    bad = await new FakeRegistry().start();
    const img = bad.putImage("x/app", "ok", { os: "linux", architecture: "amd64" });
    bad.hook = (req, res, url) => {
      if (url.pathname === "/v2/x/app/manifests/wrongdigest") {
        res.writeHead(200, { "Content-Type": MediaTypes.ociManifest, "Docker-Content-Digest": sha256("something else") });
        res.end(bad.manifests.get("x/app:ok")!.body);
        return true;
      }
      if (url.pathname === "/v2/x/app/manifests/huge") {
        res.writeHead(200, { "Content-Type": MediaTypes.ociManifest, "Content-Length": String(10 * 1024 * 1024) });
        res.end();
        return true;
      }
      if (url.pathname === "/v2/x/app/manifests/stream") {
        res.writeHead(200, { "Content-Type": MediaTypes.ociManifest });
        const chunk = Buffer.alloc(64 * 1024, 32);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent < 64) res.once("drain", pump);
          else res.end();
        };
        pump();
        return true;
      }
      if (url.pathname === `/v2/x/app/manifests/sha256:${"b".repeat(64)}`) {
        res.writeHead(200, { "Content-Type": MediaTypes.ociManifest });
        res.end(bad.manifests.get("x/app:ok")!.body);
        return true;
      }
      if (url.pathname === "/v2/x/app/manifests/html") {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end("<html>login</html>");
        return true;
      }
      if (url.pathname === "/v2/x/app/manifests/notjson") {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end('{"hello":"world"}');
        return true;
      }
      if (url.pathname === "/v2/x/app/manifests/bigerror") {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(`{"errors":[{"code":"MANIFEST_UNKNOWN","message":"gone"}]}${" ".repeat(2 * 1024 * 1024)}`);
        return true;
      }
      if (url.pathname === `/v2/x/app/blobs/${img.configDigest}` && req.headers["x-corrupt"] === undefined && url.searchParams.get("z") === null && bad.corruptBlob) {
        res.writeHead(200);
        res.end('{"architecture":"evil","os":"linux"}');
        return true;
      }
      return false;
    };
  });
  afterAll(async () => bad.server.close());

  const c = () => new RegistryClient({ insecureRegistries: [bad.host], credentials: { get: async () => undefined }, maxManifestBytes: 1024 * 1024 });
  const r = (name: string) => parseReference(`${bad.host}/${name}`);

  it.each([
    ["wrongdigest", "digest-mismatch"],
    ["huge", "too-large"],
    ["stream", "too-large"],
    ["html", "unsupported-media-type"],
    ["notjson", "invalid-response"],
  ])("%s -> %s", async (tag, code) => {
    expect((await failure(c().resolve(r("x/app"), tag))).code).toBe(code);
  });

  it("a requested digest the body does not hash to is a mismatch", async () => {
    const e = await failure(c().resolve(r("x/app"), `sha256:${"b".repeat(64)}`));
    expect(e.code).toBe("digest-mismatch");
  });

  it("error bodies are read only up to 64 KiB and still parsed", async () => {
    const e = await failure(c().resolve(r("x/app"), "bigerror"));
    expect(e.code).toBe("tag-not-found");
    expect(e.registryCode).toBe("MANIFEST_UNKNOWN");
  });

  it("a config blob that does not hash to its digest is a mismatch", async () => {
    bad.corruptBlob = true;
    try {
      expect((await failure(c().resolve(r("x/app"), "ok"))).code).toBe("digest-mismatch");
    } finally {
      bad.corruptBlob = false;
    }
  });
});

