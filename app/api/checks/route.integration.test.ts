// POST /api/checks through its route handler, against the real Distribution registry and a
// Prisma-migrated SQLite copy (the handler stores nothing; the test checks that too).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../../e2e/fixtures/pusher";
import { REGISTRY_BINARY, startRegistry, type RunningRegistry } from "../../../e2e/fixtures/registry";
import type { DocumentCheck } from "@/lib/workloads";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
const L = (architecture: string, variant?: string) => (variant ? { os: "linux", architecture, variant } : { os: "linux", architecture });

describe.skipIf(!hasRegistry)("POST /api/checks", () => {
  let reg: RunningRegistry;
  let POST: (req: Request) => Promise<Response>;
  let multiDigest: string;

  const call = async (body: unknown) => {
    const res = await POST(new Request("http://archgrid.test/api/checks", { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }));
    return { status: res.status, body: (await res.json()) as DocumentCheck & { error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    reg = await startRegistry();
    process.env.ARCHGRID_INSECURE_REGISTRIES = reg.host;
    process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
    // A value the server holds that must never reach an image name or a response.
    process.env.ARCHGRID_TEST_SECRET = "s3cr3t-token";
    ({ POST } = await import("./route"));
    multiDigest = (await pushImage({ url: reg.url }, "shop/web", "1.0", { format: "oci-index", platforms: [L("amd64"), L("arm64", "v8")], attestations: true })).digest;
    await pushImage({ url: reg.url }, "shop/x86", "1.0", { format: "oci-image", platform: L("amd64") });
    await pushImage({ url: reg.url }, "shop/armlist", "2", { format: "docker-list", platforms: [L("amd64"), L("arm", "v7")] });
  }, 120_000);

  afterAll(async () => {
    await reg?.stop();
  });

  const k8s = () => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ${reg.host}/shop/web:1.0
      containers:
        - name: web
          image: ${reg.host}/shop/web:1.0
        - name: exporter
          image: ${reg.host}/shop/x86:1.0
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { ports: [ { port: 80 } ] }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: ${reg.host}/shop/armlist:2
`;

  it("judges every workload and container against the target platforms, naming what will fail", async () => {
    const { status, body } = await call({ documents: k8s(), platforms: ["linux/amd64", "arm64"] });
    expect(status).toBe(200);
    expect(body.platforms).toEqual(["linux/amd64", "linux/arm64"]);
    expect(body.ok).toBe(false);
    expect(body.summary).toEqual({ workloads: 2, containers: 4, ok: 2, missing: 2, error: 0 });
    const [web, cron] = body.workloads;
    expect(web).toMatchObject({ source: "kubernetes", kind: "Deployment", name: "web", namespace: "shop", status: "missing", line: 9 });
    expect(web.containers.map((c) => [c.container, c.containerType, c.status, c.line])).toEqual([
      ["migrate", "initContainer", "ok", 9],
      ["web", "container", "ok", 12],
      ["exporter", "container", "missing", 14],
    ]);
    const exporter = web.containers[2];
    expect(exporter).toMatchObject({ reference: `${reg.host}/shop/x86:1.0`, present: ["linux/amd64"], missing: ["linux/arm64"] });
    expect(exporter.message).toBe(`deployment/web/exporter (namespace shop): ${reg.host}/shop/x86:1.0 has no linux/arm64 variant — this will fail with exec format error on arm64 nodes`);
    expect(web.containers[1].present).toEqual(["linux/amd64", "linux/arm64"]); // attestations are not platforms
    expect(cron).toMatchObject({ kind: "CronJob", name: "report", status: "missing" });
    expect(cron.containers[0].present).toEqual(["linux/amd64", "linux/arm/v7"]);
    // Distinct images, once each, with how many containers run them: what "watch all" adds.
    expect(body.images.map((i) => [i.reference, i.status, i.containers])).toEqual([
      [`${reg.host}/shop/web:1.0`, "ok", 2],
      [`${reg.host}/shop/x86:1.0`, "missing", 1],
      [`${reg.host}/shop/armlist:2`, "missing", 1],
    ]);
  });

  it("defaults to the grid's five linux columns; linux/arm takes any arm variant", async () => {
    const { body } = await call({ documents: `services:\n  app:\n    image: ${reg.host}/shop/armlist:2\n` });
    expect(body.platforms).toEqual(["linux/amd64", "linux/arm", "linux/arm64", "linux/ppc64le", "linux/s390x"]);
    expect(body.workloads[0].containers[0].missing).toEqual(["linux/arm64", "linux/ppc64le", "linux/s390x"]);
    expect(body.workloads[0].containers[0].message).toContain("this will fail with exec format error on arm64, ppc64le and s390x nodes");
  });

  it("compose: ${VAR:-default} and the env sent with the request; never the server's own environment", async () => {
    const documents = [
      "services:",
      `  web:\n    image: ${reg.host}/shop/\${APP:-x86}:1.0`,
      `  leak:\n    image: ${reg.host}/shop/\${ARCHGRID_TEST_SECRET}:1.0`,
      "  built:\n    build: .\n    image: local/built",
    ].join("\n");
    const plain = await call({ documents, platforms: ["linux/amd64"] });
    expect(plain.body.workloads.map((w) => [w.name, w.status])).toEqual([["web", "ok"], ["leak", "error"]]);
    expect(plain.body.workloads[0].containers[0].reference).toBe(`${reg.host}/shop/x86:1.0`);
    expect(plain.body.workloads[1].containers[0].message).toContain("uses $ARCHGRID_TEST_SECRET, which is not set");
    expect(JSON.stringify(plain.body)).not.toContain("s3cr3t-token");

    const withEnv = await call({ documents, platforms: ["linux/arm64"], env: { APP: "web", ARCHGRID_TEST_SECRET: "armlist" } });
    expect(withEnv.body.workloads[0].containers[0]).toMatchObject({ reference: `${reg.host}/shop/web:1.0`, status: "ok" });
    expect(withEnv.body.workloads[1].containers[0]).toMatchObject({ reference: `${reg.host}/shop/armlist:1.0`, status: "error" });
  });

  it("a digest pin wins over the tag beside it; an unknown image or a refused address is that container's error, not a failed request", async () => {
    const documents = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - { name: pinned, image: "${reg.host}/shop/web:no-such-tag@${multiDigest}" }
    - { name: gone, image: "${reg.host}/shop/nothing:1" }
    - { name: private, image: "10.0.0.1:5000/app:1" }
    - { name: typo, image: "${reg.host}/Shop/Upper:1" }
`;
    const { status, body } = await call({ documents, platforms: ["linux/arm64"] });
    expect(status).toBe(200);
    const [pinned, gone, priv, typo] = body.workloads[0].containers;
    expect(pinned).toMatchObject({ status: "ok", digest: multiDigest });
    expect(gone.status).toBe("error");
    expect(gone.error?.message).toMatch(/shop\/nothing/);
    expect(priv.status).toBe("error");
    expect(priv.error?.message).toMatch(/10\.0\.0\.1:5000/);
    expect(typo).toMatchObject({ status: "error", error: { code: "invalid-reference" } });
    expect(body.workloads[0].status).toBe("error");
    expect(body.summary).toMatchObject({ ok: 1, error: 3 });
  });

  it.each([
    ["not JSON", "{", "invalid-request", /not valid JSON/],
    ["no documents", {}, "invalid-request", /documents/],
    ["blank documents", { documents: "  \n" }, "invalid-request", /paste a docker-compose file or Kubernetes YAML/],
    ["too long", { documents: `# ${"x".repeat(512 * 1024)}` }, "invalid-request", /longer than 512 KiB/],
    ["not YAML", { documents: "services: [\n" }, "invalid-documents", /not valid YAML/],
    ["neither compose nor Kubernetes", { documents: "apiVersion: v1\nkind: ConfigMap\ndata: { a: b }\n" }, "no-images", /found no container images/],
    ["plain text", { documents: "hello: world\n" }, "invalid-documents", /neither a docker-compose file/],
    ["a bad platform", { documents: "services: { a: { image: nginx } }", platforms: ["linux/"] }, "invalid-platform", /platforms: "linux\/" is not a platform/],
    ["a bad variable name", { documents: "services: { a: { image: nginx } }", env: { "1X": "y" } }, "invalid-request", /env/],
  ])("%s: 400 with a plain message", async (_name, body, code, message) => {
    const res = await call(body);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(code);
    expect(res.body.error?.message).toMatch(message);
  });

  it("refuses more than 100 distinct images before asking any registry", async () => {
    const containers = Array.from({ length: 101 }, (_, i) => `    - { name: c${i}, image: "10.0.0.1:5000/app${i}:1" }`).join("\n");
    const t0 = Date.now();
    const res = await call({ documents: `apiVersion: v1\nkind: Pod\nmetadata: { name: big }\nspec:\n  containers:\n${containers}\n` });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: "too-many-images", message: "the documents name 101 distinct images; at most 100 are checked at once" });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("stores nothing", async () => {
    const { listRepositories } = await import("@/lib/queries");
    expect(await listRepositories()).toEqual([]);
  });
});
