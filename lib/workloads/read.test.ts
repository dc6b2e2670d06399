// Reading deployment files: which containers run which image, and on which line.
import { describe, expect, it } from "vitest";
import { FileError, readWorkloads } from "./read";

const pick = (text: string) => readWorkloads(text, "f.yaml").map((c) => ({ kind: c.kind, name: c.name, container: c.container, type: c.containerType, image: c.image, line: c.line, ...(c.problem ? { problem: c.problem } : {}) }));

const podSpec = (indent: string) =>
  [`${indent}initContainers:`, `${indent}  - { name: init, image: "busybox:1" }`, `${indent}containers:`, `${indent}  - name: main`, `${indent}    image: app:1`].join("\n");

describe("readWorkloads: Kubernetes", () => {
  it.each([
    ["Pod", "spec:\n" + podSpec("  ")],
    ["PodTemplate", "template:\n  spec:\n" + podSpec("    ")],
    ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"].map((k) => [k, "spec:\n  template:\n    spec:\n" + podSpec("      ")]),
    ["CronJob", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n" + podSpec("          ")],
    ["Rollout", "spec:\n  template:\n    spec:\n" + podSpec("      ")], // any kind with a pod template
  ])("%s: init and main containers, with the image's line", (kind, body) => {
    const text = `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: w\n${body}\n`;
    const lines = text.split("\n");
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(pick(text)).toEqual([
      { kind, name: "w", container: "init", type: "initContainer", image: "busybox:1", line: lineOf("busybox:1") },
      { kind, name: "w", container: "main", type: "container", image: "app:1", line: lineOf("app:1") },
    ]);
  });

  it("ephemeral containers, Lists of any kind, empty and non-workload documents", () => {
    const text = [
      "---",
      "# Source: chart/templates/empty.yaml",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: { name: s }",
      "---",
      "apiVersion: apps/v1",
      "kind: DeploymentList",
      "items:",
      "  - apiVersion: apps/v1",
      "    kind: Deployment",
      "    metadata: { name: d, namespace: ns }",
      "    spec: { template: { spec: { containers: [ { name: c, image: 'x:1' } ] } } }",
      "  - apiVersion: v1",
      "    kind: Pod",
      "    metadata: { generateName: p- }",
      "    spec:",
      "      containers: [ { name: a, image: 'y:1' } ]",
      "      ephemeralContainers: [ { name: dbg, image: 'z:1' } ]",
    ].join("\n");
    const got = readWorkloads(text, "f.yaml");
    expect(got.map((c) => [c.kind, c.name, c.namespace, c.container, c.containerType, c.image, c.line])).toEqual([
      ["Deployment", "d", "ns", "c", "container", "x:1", 14],
      ["Pod", "p-*", undefined, "a", "container", "y:1", 19],
      ["Pod", "p-*", undefined, "dbg", "ephemeralContainer", "z:1", 20],
    ]);
  });

  it("a workload kind is recognized without apiVersion (hand-written snippets); an unknown kind is not", () => {
    expect(pick("kind: Pod\nmetadata: { name: p }\nspec: { containers: [ { name: c, image: 'a:1' } ] }\n").map((c) => c.image)).toEqual(["a:1"]);
    expect(() => readWorkloads("kind: Widget\nspec: {}\n", "f.yaml")).toThrow(FileError);
  });

  it("a container without an image is reported, not skipped", () => {
    expect(pick("apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [ { name: c } ] }\n")).toEqual([
      { kind: "Pod", name: "p", container: "c", type: "container", image: "", line: 4, problem: "the container names no image" },
    ]);
  });
});

describe("readWorkloads: compose", () => {
  it("services with image (anchors and merge keys resolved), services with build: skipped (their image: names the local build)", () => {
    const text = ["x-base: &base", "  image: shared:1", "services:", "  a:", "    <<: *base", "  b:", "    image: own:2", "  c:", "    build: .", "  d:", "    image: d-local", "    build: ./d"].join("\n");
    expect(pick(text)).toEqual([
      { kind: "service", name: "a", container: "a", type: "container", image: "shared:1", line: 5 },
      { kind: "service", name: "b", container: "b", type: "container", image: "own:2", line: 7 },
    ]);
  });

  it("interpolates from the given environment, and names the variables that are not set", () => {
    const text = "services:\n  a: { image: 'app:${TAG}' }\n  b: { image: 'app:${UNSET_X}' }\n";
    const got = readWorkloads(text, "f.yaml", { TAG: "9.9" });
    expect(got[0].image).toBe("app:9.9");
    expect(got[1].problem).toBe('the image "app:${UNSET_X}" uses $UNSET_X, which is not set in the environment or in .env');
  });
});

describe("readWorkloads: files that are not deployments", () => {
  it.each([
    ["invalid YAML", "services:\n  a: [unclosed\n", /is not valid YAML \(document 1\)/],
    ["neither compose nor Kubernetes", "name: pkg\nversion: 1\n", /neither a docker-compose file .* nor Kubernetes manifests/],
    ["a billion laughs", "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", /cannot be read/],
  ])("%s: FileError in plain words", (_what, text, message) => {
    expect(() => readWorkloads(text, "f.yaml")).toThrow(FileError);
    expect(() => readWorkloads(text, "f.yaml")).toThrow(message);
  });

  it("an empty file has no containers (the check command then fails it)", () => {
    expect(readWorkloads("", "f.yaml")).toEqual([]);
    expect(readWorkloads("---\n# only a comment\n", "f.yaml")).toEqual([]);
  });
});
