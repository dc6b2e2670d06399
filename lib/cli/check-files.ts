// `archgrid check --file FILE…`: reads compose files and Kubernetes manifests from disk (folders,
// stdin, the .env beside each file); lib/workloads finds their containers and judges them.
import fs from "node:fs/promises";
import nodePath from "node:path";
import { FileError, parseContainers, readWorkloads, type CheckItem, type ContainerImage, type ParsedContainer } from "../workloads";
import type { Io } from "./output";
import { composeEnv } from "./dotenv";

export interface FileContainers {
  containers: ParsedContainer[];
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
    out.containers.push(...parseContainers(found));
  }
  return out;
}
