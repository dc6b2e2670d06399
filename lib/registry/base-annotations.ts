// The OCI base-image annotations of a manifest (image-spec annotations.md):
//   org.opencontainers.image.base.name   "Image reference of the image this image is based on"
//   org.opencontainers.image.base.digest "Digest of the image this image is based on"
// "intended for but not limited to image index and image manifest authors". Builders put them on
// the document itself (buildx `--annotation index:…` / `manifest:…`) or, as Docker's official
// images do, on every index entry's descriptor (`manifest-descriptor:…`). Both are read here.
import { digestProblem, parseReference } from "./reference";
import type { BaseAnnotations } from "./types";

export const BASE_NAME_ANNOTATION = "org.opencontainers.image.base.name";
export const BASE_DIGEST_ANNOTATION = "org.opencontainers.image.base.digest";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function pair(annotations: unknown): { name?: string; digest?: string } | null {
  if (!isObj(annotations)) return null;
  const name = annotations[BASE_NAME_ANNOTATION];
  const digest = annotations[BASE_DIGEST_ANNOTATION];
  if (typeof name !== "string" && typeof digest !== "string") return null;
  return { name: typeof name === "string" ? name : undefined, digest: typeof digest === "string" ? digest : undefined };
}

/**
 * The base annotations of a manifest body (index or image manifest), or null when it names no base.
 * The document's own annotations win; otherwise index entries' descriptor annotations are used
 * when every entry that names a base names the same one. Per-entry digests usually pin each
 * platform's own base image, so a digest is kept from entries only when they all agree on it.
 * Never throws: a base is extra information and must not make a readable tag unreadable.
 * Takes the bytes, or the document already parsed from them (the scan parses each body once).
 */
export function readBaseAnnotations(body: Buffer | Obj): BaseAnnotations | null {
  let doc: unknown = body;
  if (Buffer.isBuffer(body)) {
    try {
      doc = JSON.parse(body.toString("utf8"));
    } catch {
      return null;
    }
  }
  if (!isObj(doc)) return null;
  let found = pair(doc.annotations);
  if (!found && Array.isArray(doc.manifests)) {
    const entries = doc.manifests.map((m) => (isObj(m) ? pair(m.annotations) : null)).filter((p): p is { name?: string; digest?: string } => p !== null);
    const names = new Set(entries.map((e) => e.name));
    if (entries.length > 0 && names.size > 1) {
      return { name: null, reference: null, digest: null, problem: `the index entries name different base images (${[...names].filter(Boolean).slice(0, 3).join(", ")})` };
    }
    if (entries.length > 0) {
      const digests = new Set(entries.map((e) => e.digest));
      found = { name: entries[0].name, digest: digests.size === 1 ? entries[0].digest : undefined };
    }
  }
  if (!found) return null;
  return interpret(found.name, found.digest);
}

function interpret(name: string | undefined, digest: string | undefined): BaseAnnotations {
  const out: BaseAnnotations = { name: name ?? null, reference: null, digest: null, problem: null };
  const problems: string[] = [];
  if (digest !== undefined) {
    const p = digestProblem(digest);
    if (p) problems.push(`${BASE_DIGEST_ANNOTATION} "${digest.slice(0, 100)}" is not a digest (${p})`);
    else out.digest = digest;
  }
  if (name === undefined || name.trim() === "") {
    // A digest alone names content but not the repository that holds it: nothing to fetch it from.
    problems.push(`${BASE_NAME_ANNOTATION} is missing, so the base cannot be looked up`);
  } else {
    try {
      out.reference = parseReference(name);
      // "alpine@sha256:…" pins the base in the name itself.
      out.digest ??= out.reference.digest ?? null;
    } catch (e) {
      problems.push(`${BASE_NAME_ANNOTATION}: ${(e as Error).message}`);
    }
  }
  if (problems.length) out.problem = problems.join("; ");
  return out;
}
