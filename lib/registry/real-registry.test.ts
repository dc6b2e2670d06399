// One quick smoke test against the real CNCF Distribution binary (Debian `docker-registry`):
// push an OCI index with two images and an attestation, then resolve, HEAD and list it.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "./client";
import { MediaTypes } from "./media-types";
import { platformKey } from "./platform";
import { parseReference } from "./reference";

const BINARY = process.env.ARCHGRID_REGISTRY_BINARY ?? "/usr/bin/docker-registry";
const available = (() => {
  try {
    accessSync(BINARY, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

const digest = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!available)("real Distribution registry", () => {
  let dir: string;
  let proc: ChildProcess;
  let host: string;

  async function pushBlob(repo: string, body: Buffer): Promise<{ digest: string; size: number }> {
    const d = digest(body);
    const start = await fetch(`http://${host}/v2/${repo}/blobs/uploads/`, { method: "POST" });
    expect(start.status).toBe(202);
    const loc = new URL(start.headers.get("location")!, `http://${host}`);
    loc.searchParams.set("digest", d);
    const put = await fetch(loc, { method: "PUT", body: new Uint8Array(body), headers: { "Content-Type": "application/octet-stream" } });
    expect(put.status).toBe(201);
    return { digest: d, size: body.length };
  }

  async function pushManifest(repo: string, ref: string, obj: unknown, mediaType: string): Promise<{ mediaType: string; digest: string; size: number }> {
    const body = Buffer.from(JSON.stringify(obj));
    const res = await fetch(`http://${host}/v2/${repo}/manifests/${ref}`, { method: "PUT", body: new Uint8Array(body), headers: { "Content-Type": mediaType } });
    expect(res.status, await res.text()).toBe(201);
    return { mediaType, digest: digest(body), size: body.length };
  }

  async function pushImage(repo: string, platform: Record<string, string>) {
    const layer = await pushBlob(repo, Buffer.from(`layer for ${JSON.stringify(platform)}`));
    const cfg = await pushBlob(repo, Buffer.from(JSON.stringify({ ...platform, rootfs: { type: "layers", diff_ids: [layer.digest] }, config: {} })));
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: { mediaType: MediaTypes.ociConfig, ...cfg },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", ...layer }],
    };
    return pushManifest(repo, digest(Buffer.from(JSON.stringify(manifest))), manifest, MediaTypes.ociManifest);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "archgrid-registry-"));
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    const cfg = `version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: ${join(dir, "storage")}}, delete: {enabled: true}}\nhttp: {addr: ${host}}\n`;
    await writeFile(join(dir, "config.yml"), cfg);
    proc = spawn(BINARY, ["serve", join(dir, "config.yml")], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 20_000);

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("resolves a pushed multi-arch index, HEADs it and lists it", async () => {
    const repo = "team/app";
    const amd = await pushImage(repo, { os: "linux", architecture: "amd64" });
    const arm = await pushImage(repo, { os: "linux", architecture: "arm64", variant: "v8" });
    const att = await pushImage(repo, { os: "unknown", architecture: "unknown" });
    const index = await pushManifest(
      repo,
      "1.0",
      {
        schemaVersion: 2,
        mediaType: MediaTypes.ociIndex,
        manifests: [
          { ...amd, platform: { os: "linux", architecture: "amd64" } },
          { ...arm, platform: { os: "linux", architecture: "arm64", variant: "v8" } },
          { ...att, platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd.digest } },
        ],
      },
      MediaTypes.ociIndex,
    );
    // The same amd64 image under its own tag: a single-image manifest.
    const amdBody = await fetch(`http://${host}/v2/${repo}/manifests/${amd.digest}`, { headers: { Accept: MediaTypes.ociManifest } }).then((res) => res.json());
    await pushManifest(repo, "amd64-only", amdBody, MediaTypes.ociManifest);

    const client = new RegistryClient({ insecureRegistries: [host], dockerConfigDir: dir });
    const ref = parseReference(`${host}/${repo}`);

    const r = await client.resolve(ref, "1.0");
    expect(r.digest).toBe(index.digest);
    expect(r.mediaType).toBe(MediaTypes.ociIndex);
    expect(r.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64", "linux/arm64"]);
    expect(r.requests).toBe(1);

    const single = await client.resolve(ref, "amd64-only");
    expect(single.platforms.map((p) => platformKey(p.platform))).toEqual(["linux/amd64"]);
    expect(single.requests).toBe(2);

    expect(await client.headManifest(ref, "1.0")).toEqual({ digest: index.digest, mediaType: MediaTypes.ociIndex });
    expect((await client.listTags(ref)).sort()).toEqual(["1.0", "amd64-only"]);
    expect(await client.catalog(host, { prefix: "team/" })).toEqual(["team/app"]);

    const missing = await client.resolve(ref, "nope").catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "tag-not-found", registryCode: "MANIFEST_UNKNOWN" });
    const ghost = await client.listTags(parseReference(`${host}/team/ghost`)).catch((e: unknown) => e);
    expect(ghost).toMatchObject({ code: "repository-not-found", registryCode: "NAME_UNKNOWN" });
  });
});
