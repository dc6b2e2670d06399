// The verdict on each container of a deployment: ok, missing a target platform ("this will fail
// with exec format error on arm64 nodes"), or could not be checked. Shared by `archgrid check
// --file` and POST /api/checks, so both say the same thing in the same words.
import { formatReference, type Reference } from "../registry";
import { missingRequirements, nodeName, type Requirement } from "./platforms";
import { fetchKey, presentKeys, shownName, tryParse, type ImageError, type Outcome } from "./resolve";
import type { ContainerImage } from "./read";

export type Status = "ok" | "missing" | "error";

export interface CheckItem {
  status: Status;
  /** The plain sentence for this item, naming what it is about. */
  message: string;
  /** The image as written (after compose interpolation); absent for an unreadable file. */
  image?: string;
  /** Canonical reference, e.g. docker.io/library/nginx:1.27. */
  reference?: string;
  digest?: string;
  /** Normalized platform keys the image has. */
  present: string[];
  /** Required platform keys it lacks. */
  missing: string[];
  error?: ImageError;
  /** Where it came from, for files. */
  file?: string;
  line?: number;
  workload?: Pick<ContainerImage, "kind" | "name" | "namespace" | "container" | "containerType" | "source">;
}

/** A container with its image parsed, or the reason it cannot be (`problem`). */
export type ParsedContainer = ContainerImage & { ref?: Reference };

/** "a, b and c". */
export function joinWords(items: string[], word = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** "deployment/web/nginx (init container, namespace shop)", or the compose service's name. */
export function subjectOf(w: NonNullable<CheckItem["workload"]>): string {
  if (w.source === "compose") return w.name;
  const notes = [w.containerType === "initContainer" ? "init container" : w.containerType === "ephemeralContainer" ? "ephemeral container" : "", w.namespace ? `namespace ${w.namespace}` : ""].filter(Boolean);
  return `${w.kind.toLowerCase()}/${w.name}/${w.container}${notes.length ? ` (${notes.join(", ")})` : ""}`;
}

/** Parses each container's image reference; a container that already has a problem keeps it. */
export function parseContainers(found: ContainerImage[]): ParsedContainer[] {
  return found.map((c) => {
    if (c.problem) return c;
    const p = tryParse(c.image);
    return p.ok ? { ...c, ref: p.ref } : { ...c, problem: p.error.message };
  });
}

/** "this will fail with exec format error on arm64 and s390x nodes" (linux); windows needs other words. */
export function consequence(missing: Requirement[]): string {
  const linux = missing.filter((r) => r.os === "linux").map(nodeName);
  const other = missing.filter((r) => r.os !== "linux").map(nodeName);
  const parts: string[] = [];
  if (linux.length) parts.push(`this will fail with exec format error on ${joinWords(linux)} nodes`);
  if (other.length) parts.push(`it cannot run on ${joinWords(other)} nodes`);
  return parts.join("; ");
}

/** One item per container; `outcomes` holds every parsed reference, keyed by fetchKey. */
export function containerItems(containers: ParsedContainer[], outcomes: Map<string, Outcome>, targets: readonly Requirement[]): CheckItem[] {
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
