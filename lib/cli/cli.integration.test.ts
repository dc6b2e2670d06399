// The `archgrid` command run as users run it — node + bin/archgrid.mjs in a child process —
// against the real CNCF Distribution registry (e2e/fixtures), through a counting proxy so the
// requests it makes are measured at the registry side. Asserts stdout, stderr and exit codes.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage, type PushResult } from "../../e2e/fixtures/pusher";
import { countingProxy, freePort, REGISTRY_BINARY, startRegistry, type CountingProxy, type RunningRegistry } from "../../e2e/fixtures/registry";

const hasRegistry = fs.existsSync(REGISTRY_BINARY);
// Debian's python3 at a fixed path, as test/require-binaries.ts checks it (CI fails without it).
const PYTHON = "/usr/bin/python3";
const hasPython = fs.existsSync(PYTHON);
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/archgrid.mjs");
const TESTDATA = path.join(__dirname, "testdata");
const T = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with a clean credential folder and only the given insecure registries. */
function cli(args: string[], opts: { env?: Record<string, string>; stdin?: string; insecure?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: emptyDockerConfig, ARCHGRID_INSECURE_REGISTRIES: opts.insecure ?? "", ...opts.env };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? "");
  });
}

let emptyDockerConfig = "";

/** 1-based line of the first line of `text` containing every needle (found independently of the CLI). */
function lineOf(text: string, ...needles: string[]): number {
  const i = text.split("\n").findIndex((l) => needles.every((n) => l.includes(n)));
  if (i < 0) throw new Error(`no line with ${needles.join(" + ")}`);
  return i + 1;
}
const L = (architecture: string, variant?: string) => (variant ? { os: "linux", architecture, variant } : { os: "linux", architecture });

describe.skipIf(!hasRegistry)("archgrid CLI against a real registry", () => {
  let reg: RunningRegistry;
  let proxy: CountingProxy;
  let H: string;
  let tmp: string;
  const pushed: Record<string, PushResult> = {};
  const run = (args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) => cli(args, { insecure: proxy.host, ...opts });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-cli-"));
    emptyDockerConfig = path.join(tmp, "docker-empty");
    fs.mkdirSync(emptyDockerConfig);
    reg = await startRegistry();
    proxy = await countingProxy(reg.host);
    H = proxy.host;
    const t = { url: reg.url };
    pushed.multi = await pushImage(t, "team/multi", "1.0", { format: "oci-index", platforms: [L("amd64"), L("arm", "v6"), L("arm", "v7"), L("arm64"), L("ppc64le"), L("s390x")], attestations: 2 });
    pushed.two = await pushImage(t, "team/two", "1.0", { format: "docker-list", platforms: [L("amd64"), { os: "linux", architecture: "aarch64" }] });
    pushed.single = await pushImage(t, "team/single", "1.0", { format: "oci-image", platform: L("amd64") });
    pushed.win = await pushImage(t, "team/win", "ltsc", {
      format: "docker-list",
      platforms: [L("amd64"), { os: "windows", architecture: "amd64", osVersion: "10.0.17763.6414" }, { os: "windows", architecture: "amd64", osVersion: "10.0.20348.2762" }, { os: "windows", architecture: "amd64", osVersion: "10.0.26100.1742" }],
    });
    // A tag that moved: 1.0 was amd64-only, now it is multi-arch. A digest pin must see the old content.
    pushed.movedFrom = await pushImage(t, "team/moving", "1.0", { format: "oci-index", platforms: [L("amd64")], seed: "old" });
    pushed.movedTo = await pushImage(t, "team/moving", "1.0", { format: "oci-index", platforms: [L("amd64"), L("arm64")], seed: "new" });
  }, T);

  afterAll(async () => {
    await proxy?.stop();
    await reg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A testdata file with REGISTRY and DIGEST replaced, written to the temp folder. */
  function fixture(name: string): string {
    const text = fs.readFileSync(path.join(TESTDATA, name), "utf8").replaceAll("REGISTRY", H).replaceAll("DIGEST", pushed.movedFrom.digest);
    const out = path.join(tmp, name);
    fs.writeFileSync(out, text);
    return out;
  }

  it("npx-style entry: --help exits 0 and names the commands and exit codes", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/inspect \[options\] <image\.\.\.>/);
    expect(r.stdout).toMatch(/check \[options\] \[image\.\.\.\]/);
    expect(r.stdout).toContain("1  some image lacks a required platform");
  }, T);

  it("inspect --format table: variants, Windows releases named, attestations apart, digests and media types", async () => {
    const r = await run(["inspect", `${H}/team/multi:1.0`, `${H}/team/win:ltsc`, `${H}/team/two:1.0`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${H}/team/multi:1.0\n  digest      ${pushed.multi.digest}\n  media type  application/vnd.oci.image.index.v1+json (multi-platform index)\n  platforms   6, plus 2 attestations`);
    for (const child of pushed.multi.children) expect(r.stdout).toMatch(new RegExp(`linux/${child.platform.architecture}${child.platform.variant ? `/${child.platform.variant}` : ""} +${child.digest}  application/vnd\\.oci\\.image\\.manifest\\.v1\\+json`));
    expect(r.stdout).toContain("Server 2019 (10.0.17763.6414)");
    expect(r.stdout).toContain("Server 2022 (10.0.20348.2762)");
    expect(r.stdout).toContain("Server 2025 (10.0.26100.1742)");
    expect(r.stdout).toMatch(/linux\/arm64 +sha256:[0-9a-f]{64} +application\/vnd\.docker\.distribution\.manifest\.v2\+json +registry says linux\/aarch64/);
  }, T);

  it("inspect --format json: the same facts, machine-readable", async () => {
    const r = await run(["inspect", "--format", "json", `${H}/team/multi:1.0`, `${H}/team/win:ltsc`, `${H}/team/single:1.0`]);
    expect(r.code).toBe(0);
    const { images } = JSON.parse(r.stdout);
    expect(images.map((i: { attestations: number }) => i.attestations)).toEqual([2, 0, 0]);
    expect(images[0]).toMatchObject({ digest: pushed.multi.digest, kind: "index", mediaType: "application/vnd.oci.image.index.v1+json" });
    expect(images[0].platforms.map((p: { platform: string }) => p.platform)).toEqual(["linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64", "linux/ppc64le", "linux/s390x"]);
    expect(images[1].platforms.filter((p: { os: string }) => p.os === "windows").map((p: { windowsRelease: string }) => p.windowsRelease)).toEqual(["Server 2019", "Server 2022", "Server 2025"]);
    expect(images[2]).toMatchObject({ kind: "image", digest: pushed.single.digest, platforms: [{ platform: "linux/amd64", digest: pushed.single.digest }] });
  }, T);

  it("check: exit 0 when all required platforms are there (arm met by any variant)", async () => {
    const r = await run(["check", `${H}/team/multi:1.0`]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(`ok: ${H}/team/multi:1.0 has linux/amd64, linux/arm, linux/arm64, linux/ppc64le and linux/s390x\n1 image checked: 1 ok, 0 missing a required platform, 0 could not be checked\n`);
  }, T);

  it("check --require: exit 1 naming image, tag and missing platforms; aarch64 counts as arm64", async () => {
    const ok = await run(["check", "--require", "linux/amd64,linux/arm64", `${H}/team/two:1.0`]);
    expect(ok.code).toBe(0);
    const r = await run(["check", "--require", "linux/amd64,linux/arm64,linux/s390x", `${H}/team/two:1.0`, `${H}/team/single:1.0`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`missing: ${H}/team/two:1.0 lacks linux/s390x (it has linux/amd64, linux/arm64)\n`);
    expect(r.stdout).toContain(`missing: ${H}/team/single:1.0 lacks linux/arm64 and linux/s390x (it has linux/amd64)\n`);
  }, T);

  it("check --format json and github", async () => {
    const args = ["check", "--require", "linux/amd64,linux/arm64", `${H}/team/two:1.0`, `${H}/team/single:1.0`];
    const j = await run([...args, "--format", "json"]);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ ok: false, exitCode: 1, required: ["linux/amd64", "linux/arm64"] });
    expect(doc.results.map((x: { status: string; missing: string[] }) => [x.status, x.missing])).toEqual([["ok", []], ["missing", ["linux/arm64"]]]);
    expect(doc.results[1]).toMatchObject({ reference: `${H}/team/single:1.0`, digest: pushed.single.digest, present: ["linux/amd64"] });

    const g = await run([...args, "--format", "github"]);
    expect(g.code).toBe(1);
    expect(g.stdout.split("\n")).toContain(`::error title=archgrid%3A missing platform::${H}/team/single:1.0 lacks linux/arm64 (it has linux/amd64)`);
  }, T);

  it.skipIf(!hasPython)("check --format junit: well-formed XML (parsed by Python's expat) with failures and errors counted, text escaped", async () => {
    const weird = `bad<ref>&"quote'`;
    const r = await run(["check", "--format", "junit", "--require", "linux/amd64,linux/arm64", `${H}/team/two:1.0`, `${H}/team/single:1.0`, weird]);
    expect(r.code).toBe(2);
    const py = spawnSync(PYTHON, ["-c", [
      "import sys, json, xml.etree.ElementTree as ET",
      "root = ET.fromstring(sys.stdin.read())",
      "cases = [{'name': c.get('name'), 'failure': (c.find('failure').get('message') if c.find('failure') is not None else None), 'error': (c.find('error').get('message') if c.find('error') is not None else None)} for c in root.iter('testcase')]",
      "print(json.dumps({'tests': root.get('tests'), 'failures': root.get('failures'), 'errors': root.get('errors'), 'cases': cases}))",
    ].join("\n")], { input: r.stdout, encoding: "utf8" });
    expect(py.stderr).toBe("");
    const parsed = JSON.parse(py.stdout);
    expect(parsed).toMatchObject({ tests: "3", failures: "1", errors: "1" });
    expect(parsed.cases[0]).toEqual({ name: `${H}/team/two:1.0`, failure: null, error: null });
    expect(parsed.cases[1].failure).toBe(`${H}/team/single:1.0 lacks linux/arm64 (it has linux/amd64)`);
    expect(parsed.cases[2].name).toBe(weird);
    expect(parsed.cases[2].error).toContain(`cannot check ${weird}: "${weird}" is not a valid image reference`);
  }, T);

  it("check --file: a compose file and multi-document Kubernetes YAML (initContainer, CronJob, digest pin); each image resolved once", async () => {
    const k8s = fixture("k8s.yaml");
    const kt = fs.readFileSync(k8s, "utf8");
    const ct = fs.readFileSync(path.join(TESTDATA, "compose.yaml"), "utf8");
    const at = (t: string, ...n: string[]) => lineOf(t, ...n);
    proxy.reset();
    const r = await run(["check", "--platforms", "linux/amd64,linux/arm64", "--file", path.join(TESTDATA, "compose.yaml"), k8s], { env: { REGISTRY: H } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    const compose = path.join(TESTDATA, "compose.yaml");
    expect(lines).toEqual([
      `${compose}:${at(ct, "team/two")}: ok: web: ${H}/team/two:1.0 runs on linux/amd64 and linux/arm64`,
      `${compose}:${at(ct, "<<: *defaults")}: ok: worker: ${H}/team/multi:1.0 runs on linux/amd64 and linux/arm64`,
      `${compose}:${at(ct, "team/single")}: missing: cache: ${H}/team/single:1.0 has no linux/arm64 variant — this will fail with exec format error on arm64 nodes`,
      `${k8s}:${at(kt, "image:", "team/two")}: ok: deployment/web/migrate (init container, namespace shop): ${H}/team/two:1.0 runs on linux/amd64 and linux/arm64`,
      `${k8s}:${at(kt, "image:", "team/multi:1.0")}: ok: deployment/web/nginx (namespace shop): ${H}/team/multi:1.0 runs on linux/amd64 and linux/arm64`,
      `${k8s}:${at(kt, "image:", "team/multi:1.0") + 2}: ok: deployment/web/sidecar (namespace shop): ${H}/team/multi:1.0 runs on linux/amd64 and linux/arm64`,
      `${k8s}:${at(kt, "image:", "team/single")}: missing: cronjob/backup/dump: ${H}/team/single:1.0 has no linux/arm64 variant — this will fail with exec format error on arm64 nodes`,
      // pinned to the digest 1.0 had before it became multi-arch: the pin is what runs
      `${k8s}:${at(kt, "image:", "team/moving@")}: missing: daemonset/agent/agent: ${H}/team/moving@${pushed.movedFrom.digest} has no linux/arm64 variant — this will fail with exec format error on arm64 nodes`,
      "8 containers checked: 5 ok, 3 missing a required platform, 0 could not be checked",
    ]);
    // 4 distinct images (multi, two, single, moving@digest) among 8 containers: one manifest GET
    // each, plus the single image's config blob; nothing asked twice.
    const gets = proxy.requests().filter((q) => q.method === "GET" && q.status === 200 && /\/manifests\//.test(q.path)).map((q) => q.path);
    expect(gets.sort()).toEqual(["/v2/team/moving/manifests/" + pushed.movedFrom.digest, "/v2/team/multi/manifests/1.0", "/v2/team/single/manifests/1.0", "/v2/team/two/manifests/1.0"]);
  }, T);

  it("check --file: compose's .env in the file's folder fills its variables; the environment wins over it", async () => {
    const dir = path.join(tmp, "project");
    fs.mkdirSync(dir);
    const compose = path.join(dir, "compose.yaml");
    fs.copyFileSync(path.join(TESTDATA, "compose.yaml"), compose);
    fs.writeFileSync(path.join(dir, ".env"), `# as compose projects keep it\nREGISTRY=${H}\nTWO_TAG=absent-tag\n`);
    const fromFile = await run(["check", "--platforms", "linux/amd64", "-f", compose]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(`error: web: cannot check ${H}/team/two:absent-tag: registry ${H} has no manifest`);
    const overridden = await run(["check", "--platforms", "linux/amd64", "-f", compose], { env: { TWO_TAG: "1.0" } });
    expect(overridden.stderr).toBe("");
    expect(overridden.code).toBe(0);
  }, T);

  it("check --file - reads kubectl's List JSON from stdin (StatefulSet, Pod with an ephemeral container, ReplicaSet, ReplicationController, Job); --format github", async () => {
    const json = fs.readFileSync(path.join(TESTDATA, "kubectl-list.json"), "utf8").replaceAll("REGISTRY", H);
    const r = await run(["check", "-f", "-", "--platforms", "linux/arm64", "--format", "github"], { stdin: json });
    const at = (name: string) => lineOf(json, `"name": "${name}"`, '"image"');
    expect(r.code).toBe(1);
    const out = r.stdout.trimEnd().split("\n");
    expect(out).toEqual([
      `stdin:${at("postgres")}: ok: statefulset/db/postgres (namespace data): ${H}/team/multi:1.0 runs on linux/arm64`,
      `stdin:${at("app")}: ok: pod/debug-me/app (namespace data): ${H}/team/multi:1.0 runs on linux/arm64`,
      `::error title=archgrid%3A missing platform::pod/debug-me/debugger (ephemeral container, namespace data): ${H}/team/single:1.0 has no linux/arm64 variant — this will fail with exec format error on arm64 nodes`,
      `stdin:${at("web")}: ok: replicaset/web-7d9f/web (namespace data): ${H}/team/two:1.0 runs on linux/arm64`,
      `stdin:${at("old")}: ok: replicationcontroller/legacy/old: ${H}/team/multi:1.0 runs on linux/arm64`,
      `stdin:${at("run")}: ok: job/once/run: ${H}/team/two:1.0 runs on linux/arm64`,
      "6 containers checked: 5 ok, 1 missing a required platform, 0 could not be checked",
    ]);
  }, T);

  it("check --file FOLDER reads its manifest files, as kubectl apply -f does; an empty folder fails", async () => {
    const dir = path.join(tmp, "manifests");
    fs.mkdirSync(dir);
    fs.copyFileSync(fixture("k8s.yaml"), path.join(dir, "b.yaml"));
    fs.writeFileSync(path.join(dir, "a.yml"), "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [ { name: c, image: 'REG/team/two:1.0' } ] }\n".replace("REG", H));
    fs.writeFileSync(path.join(dir, "notes.txt"), "not read");
    const r = await run(["check", "--platforms", "linux/amd64", "-f", dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.includes(": ok: ")).map((l) => l.slice(dir.length + 1, l.indexOf(":")))).toEqual(["a.yml", "b.yaml", "b.yaml", "b.yaml", "b.yaml", "b.yaml"]);
    const empty = path.join(tmp, "empty");
    fs.mkdirSync(empty);
    const e = await run(["check", "-f", empty]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`${empty} is a folder without .yaml, .yml or .json files`);
  }, T);

  it("digest-pinned reference on the command line: the digest is checked, not where the tag points now (both in one run)", async () => {
    const r = await run(["check", "--require", "linux/arm64", `${H}/team/moving:1.0@${pushed.movedFrom.digest}`, `${H}/team/moving:1.0`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`missing: ${H}/team/moving:1.0@${pushed.movedFrom.digest} lacks linux/arm64 (it has linux/amd64)\n`);
    expect(r.stdout).toContain(`ok: ${H}/team/moving:1.0 has linux/arm64\n`);
  }, T);

  it("unreachable registry: exit 2 and a plain message on stderr", async () => {
    const port = await freePort();
    const r = await cli(["check", `127.0.0.1:${port}/team/app:1.0`], { insecure: `127.0.0.1:${port}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot check 127.0.0.1:${port}/team/app:1.0: could not reach registry 127.0.0.1:${port} for "team/app:1.0" (refused by policy)\n`);
    expect(r.stdout).toContain("1 could not be checked");
  }, T);

  it("invalid reference and unknown tag: exit 2, said plainly; a missing platform elsewhere does not hide the error", async () => {
    const r = await run(["check", "--require", "linux/arm64", "Team/App:1.0", `${H}/team/single:1.0`, `${H}/team/absent:9`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: cannot check Team/App:1.0: "Team/App:1.0" is not a valid image reference: repository name "Team/App" must be lowercase\n`);
    expect(r.stderr).toContain(`error: cannot check ${H}/team/absent:9: registry ${H} has no manifest for "team/absent:9"`);
    expect(r.stdout).toContain(`missing: ${H}/team/single:1.0 lacks linux/arm64`);
  }, T);

  it("same address policy as the server: a loopback registry not listed in ARCHGRID_INSECURE_REGISTRIES is refused (exit 2)", async () => {
    const r = await cli(["check", `${H}/team/multi:1.0`], { insecure: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`list "${H}" in ARCHGRID_INSECURE_REGISTRIES for a private or plain-http registry`);
    const flag = await cli(["--insecure-registry", H, "check", `${H}/team/multi:1.0`], { insecure: "" });
    expect(flag.code).toBe(0);
  }, T);

  it("bad usage and bad files: exit 2, never 0 or 1", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["check", "--format", "yaml", `${H}/team/multi:1.0`], /argument 'yaml' is invalid/],
      [["check", "--require", "linux//arm64", `${H}/team/multi:1.0`], /"linux\/\/arm64" is not a platform/],
      [["check"], /name at least one image/],
      [["check", "--file", path.join(tmp, "nope.yaml")], /cannot read .*nope\.yaml: no such file/],
      [["check", "--file", path.join(TESTDATA, "not-a-deployment.yaml")], /is neither a docker-compose file .* nor Kubernetes manifests/],
      [["check", "--file", path.join(TESTDATA, "compose.yaml")], /web: cannot check ".*": the image "\$\{REGISTRY\}\/team\/two:\$\{TWO_TAG:-1\.0\}" uses \$REGISTRY, which is not set/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args); // REGISTRY is not set here
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  }, T);
});

describe.skipIf(!hasRegistry)("archgrid CLI: Docker credentials", () => {
  let reg: RunningRegistry;
  let tmp: string;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-cli-auth-"));
    emptyDockerConfig = path.join(tmp, "docker-empty");
    fs.mkdirSync(emptyDockerConfig);
    reg = await startRegistry({ auth: { kind: "htpasswd", users: { alice: "s3cret" } } });
    const basic = `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
    await pushImage({ url: reg.url, headers: { authorization: basic } }, "private/app", "1", { format: "oci-index", platforms: [L("amd64"), L("arm64")] });
  }, T);
  afterAll(async () => {
    await reg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("without credentials: exit 2, unauthorized said plainly; with config.json auths in DOCKER_CONFIG: checked", async () => {
    const image = `${reg.host}/private/app:1`;
    const anon = await cli(["check", "--require", "linux/amd64,linux/arm64", image], { insecure: reg.host });
    expect(anon.code).toBe(2);
    expect(anon.stderr).toContain(`registry ${reg.host} refused access to "private/app"`);
    expect(anon.stderr).toContain("needs credentials (docker login, or config.json in DOCKER_CONFIG)");

    const dir = path.join(tmp, "docker");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from("alice:s3cret").toString("base64") } } }));
    const authed = await cli(["check", "--require", "linux/amd64,linux/arm64", image], { insecure: reg.host, env: { DOCKER_CONFIG: dir } });
    expect(authed.stderr).toBe("");
    expect(authed.code).toBe(0);
  }, T);
});
