// `archgrid check --file FILE…`: every container of compose files and Kubernetes manifests,
// judged against the target platforms, each distinct image resolved once.
import fs from "node:fs/promises";
import nodePath from "node:path";
import { formatReference } from "../registry";
import { subjectOf, type CheckItem } from "./check-report";
import { joinWords, type Io } from "./output";
import { missingRequirements, nodeName, type Requirement } from "./platforms";
import { fetchKey, presentKeys, shownName, tryParse, type Outcome } from "./resolve";
import { composeEnv } from "./dotenv";
import { FileError, readWorkloads, type ContainerImage } from "./workloads";
import type { Reference } from "../registry";

export interface FileContainers {
  containers: Array<ContainerImage & { ref?: Reference }>;
  /** Files that could not be read or understood, as error items. */
  problems: CheckItem[];
}

const errorItem = (file: string, message: string, code: string): CheckItem => ({ status: "error", message, file, present: [], missing: [], error: { code, message } });

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** A folder stands for its .yaml, .yml and .json files (not recursive), as with `kubectl apply -f DIR`. */
async function expand(paths: string[], problems: CheckItem[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const stat = p === "-" ? undefined : await fs.stat(p).catch(() => undefined);
    if (!stat?.isDirectory()) {
      out.push(p);
      continue;
    }
    const names = (await fs.readdir(p, { withFileTypes: true })).filter((d) => d.isFile() && MANIFEST_FILE.test(d.name)).map((d) => d.name).sort();
    if (names.length === 0) problems.push(errorItem(p, `${p} is a folder without .yaml, .yml or .json files`, "no-images"));
    out.push(...names.map((n) => nodePath.join(p, n)));
  }
  return out;
}

/** Reads each file ("-" = stdin, read once; a folder = its manifest files) and parses the references of its containers. */
export async function readFiles(paths: string[], io: Io): Promise<FileContainers> {
  const out: FileContainers = { containers: [], problems: [] };
  let stdin: string | undefined;
  for (const path of await expand(paths, out.problems)) {
    const file = path === "-" ? "stdin" : path;
    let text: string;
    try {
      text = path === "-" ? (stdin ??= await io.stdin()) : await fs.readFile(path, "utf8");
    } catch (e) {
      const code = (e as { code?: string }).code;
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : String((e as Error).message);
      out.problems.push(errorItem(file, `cannot read ${file}: ${why}`, "unreadable-file"));
      continue;
    }
    let found: ContainerImage[];
    try {
      // compose's project folder: the file's own, or the working folder for stdin
      found = readWorkloads(text, file, await composeEnv(path === "-" ? process.cwd() : nodePath.dirname(path), process.env));
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      out.problems.push(errorItem(file, e.message, "invalid-file"));
      continue;
    }
    // A gate that passes because it read the wrong file would be worse than no gate.
    if (found.length === 0) {
      out.problems.push(errorItem(file, `found no container images in ${file} (compose services with "build:" are built locally and not checked)`, "no-images"));
      continue;
    }
    for (const c of found) {
      if (c.problem) {
        out.containers.push(c);
        continue;
      }
      const p = tryParse(c.image);
      out.containers.push(p.ok ? { ...c, ref: p.ref } : { ...c, problem: p.error.message });
    }
  }
  return out;
}

/** "— this will fail with exec format error on arm64 and s390x nodes" (linux); windows needs other words. */
function consequence(missing: Requirement[]): string {
  const linux = missing.filter((r) => r.os === "linux").map(nodeName);
  const other = missing.filter((r) => r.os !== "linux").map(nodeName);
  const parts: string[] = [];
  if (linux.length) parts.push(`this will fail with exec format error on ${joinWords(linux)} nodes`);
  if (other.length) parts.push(`it cannot run on ${joinWords(other)} nodes`);
  return parts.join("; ");
}

/** One item per container. */
export function containerItems(containers: FileContainers["containers"], outcomes: Map<string, Outcome>, targets: readonly Requirement[]): CheckItem[] {
  return containers.map((c): CheckItem => {
    const workload = { kind: c.kind, name: c.name, namespace: c.namespace, container: c.container, containerType: c.containerType, source: c.source };
    const subject = subjectOf(workload);
    const base = { file: c.file, line: c.line, image: c.image, workload, present: [] as string[], missing: [] as string[] };
    if (c.problem || !c.ref) {
      const message = `${subject}: cannot check ${c.image ? `"${c.image}"` : "its image"}: ${c.problem}`;
      return { ...base, status: "error", message, error: { code: "invalid-reference", message: c.problem ?? "no image" } };
    }
    const name = shownName(c.ref);
    const outcome = outcomes.get(fetchKey(c.ref))!;
    const reference = formatReference(c.ref);
    if (!outcome.ok) return { ...base, reference, status: "error", message: `${subject}: cannot check ${name}: ${outcome.error.message}`, error: outcome.error };
    const missing = missingRequirements(targets, outcome.image.platforms.map((p) => p.platform));
    const found = { ...base, reference, digest: outcome.image.digest, present: presentKeys(outcome.image), missing: missing.map((r) => r.key) };
    if (missing.length === 0) return { ...found, status: "ok", message: `${subject}: ${name} runs on ${joinWords(targets.map((r) => r.key))}` };
    return { ...found, status: "missing", message: `${subject}: ${name} has no ${joinWords(missing.map((r) => r.key), "or")} variant — ${consequence(missing)}` };
  });
}
