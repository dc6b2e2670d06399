// Which container images a deployment file runs: docker-compose files and Kubernetes manifests
// (multi-document YAML, `kubectl get -o json` lists, Helm template output), each image with the
// workload and container it belongs to and the line it is written on.
import { isNode, LineCounter, parseAllDocuments, type Document } from "yaml";
import { interpolate } from "./interpolate";

export type ContainerType = "container" | "initContainer" | "ephemeralContainer";

export interface ContainerImage {
  /** As the user named the file ("-" is shown as "stdin"). */
  file: string;
  /** 1-based line of the image (or of the nearest enclosing node when it came through an alias). */
  line?: number;
  source: "compose" | "kubernetes";
  /** Kubernetes kind ("Deployment") or "service" for compose. */
  kind: string;
  name: string;
  namespace?: string;
  /** Container name (Kubernetes); compose services have one container, named after the service. */
  container: string;
  containerType: ContainerType;
  /** The image reference after compose variable interpolation. */
  image: string;
  /** Set when the image cannot be checked as written (unset variable, empty image). */
  problem?: string;
}

/** A file that cannot be read as compose or Kubernetes YAML; exit 2 in the CLI, a 400 from the API. */
export class FileError extends Error {
  override name = "FileError";
  constructor(
    message: string,
    readonly code: "invalid-documents" | "no-images" | "too-many-images" = "invalid-documents",
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
type Path = Array<string | number>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, Path> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const CONTAINER_FIELDS: Array<[string, ContainerType]> = [
  ["initContainers", "initContainer"],
  ["containers", "container"],
  ["ephemeralContainers", "ephemeralContainer"],
];

function at(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

class Reader {
  readonly out: ContainerImage[] = [];
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Line of the node at `path`, or of its nearest ancestor written out (aliases and merges have none of their own). */
  lineOf(path: Path): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return undefined;
  }

  kubernetes(obj: Json, path: Path): void {
    const kind = typeof obj.kind === "string" ? obj.kind : "";
    // `kubectl get … -o json` answers kind List; the API's own lists are DeploymentList etc.
    if ((kind === "List" || kind.endsWith("List")) && Array.isArray(obj.items)) {
      obj.items.forEach((item, i) => isObj(item) && this.kubernetes(item, [...path, "items", i]));
      return;
    }
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const name = typeof meta.name === "string" ? meta.name : typeof meta.generateName === "string" ? `${meta.generateName}*` : "(unnamed)";
    const namespace = typeof meta.namespace === "string" ? meta.namespace : undefined;
    // Known kinds by their documented path; other kinds with a pod template (Argo Rollouts,
    // OpenKruise…) by the usual spec.template.spec.
    const specPath = POD_SPEC_PATHS[kind] ?? (isObj(at(obj, ["spec", "template", "spec"])) ? ["spec", "template", "spec"] : undefined);
    if (!specPath) return;
    const spec = at(obj, specPath);
    if (!isObj(spec)) return;
    for (const [field, containerType] of CONTAINER_FIELDS) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        if (!isObj(c)) return;
        const cpath = [...path, ...specPath, field, i];
        const image = typeof c.image === "string" ? c.image.trim() : "";
        const entry: ContainerImage = {
          file: this.file, line: this.lineOf([...cpath, "image"]), source: "kubernetes", kind, name,
          container: typeof c.name === "string" ? c.name : `#${i + 1}`, containerType, image,
        };
        if (namespace) entry.namespace = namespace;
        if (!image) entry.problem = "the container names no image";
        this.out.push(entry);
      });
    }
  }

  compose(services: Json, env: Record<string, string | undefined>): void {
    for (const [service, def] of Object.entries(services)) {
      if (!isObj(def)) continue;
      // A service with `build:` is built on the spot (its `image:` is then the name the build is
      // tagged with, e.g. sentry-self-hosted-local): there is nothing in a registry to check.
      if (def.image === undefined || def.image === null || def.build !== undefined) continue;
      const path = ["services", service, "image"];
      const { value, unset, failures } = interpolate(String(def.image), env);
      const entry: ContainerImage = {
        file: this.file, line: this.lineOf(path), source: "compose", kind: "service", name: service,
        container: service, containerType: "container", image: value.trim(),
      };
      if (failures.length) entry.problem = failures.join("; ");
      else if (unset.length) entry.problem = `the image "${def.image}" uses ${unset.map((v) => `$${v}`).join(", ")}, which ${unset.length === 1 ? "is" : "are"} not set in the environment or in .env`;
      else if (!entry.image) entry.problem = "the service's image is empty";
      this.out.push(entry);
    }
  }
}

/**
 * Reads every document of a compose file or of Kubernetes YAML/JSON. Documents that are neither
 * (ConfigMaps, Services, empty Helm documents) are passed over; a file in which nothing at all is
 * recognized, or that is not valid YAML, is a FileError. `env` fills compose's `${VAR}`: the CLI
 * passes its environment and the file's .env; the server passes only what the request sent, never
 * its own process.env (which holds its secrets).
 */
export function readWorkloads(text: string, file: string, env: Record<string, string | undefined> = {}): ContainerImage[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, merge: true, prettyErrors: true });
  if (!Array.isArray(docs)) return []; // an empty stream
  const found: ContainerImage[] = [];
  let recognized = false;
  let content = false;
  docs.forEach((doc, i) => {
    if (doc.errors.length) {
      throw new FileError(`${file} is not valid YAML (document ${i + 1}): ${doc.errors[0].message.split("\n")[0]}`);
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      throw new FileError(`${file}: document ${i + 1} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (data !== null && data !== undefined) content = true;
    if (!isObj(data)) return;
    const reader = new Reader(file, doc, lines);
    // apiVersion is left out of many hand-written snippets; a workload kind or a list is enough.
    const kind = typeof data.kind === "string" ? data.kind : undefined;
    if (kind && (typeof data.apiVersion === "string" || kind in POD_SPEC_PATHS || kind.endsWith("List"))) {
      recognized = true;
      reader.kubernetes(data, []);
    } else if (isObj(data.services)) {
      recognized = true;
      reader.compose(data.services, env);
    }
    found.push(...reader.out);
  });
  // Only comments or empty documents (a chart that renders nothing) is "no images", not "wrong file".
  if (!recognized && content) {
    throw new FileError(`${file} is neither a docker-compose file (no "services:") nor Kubernetes manifests (no "apiVersion:" and "kind:")`);
  }
  return found;
}
