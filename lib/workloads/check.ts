// Checking pasted deployment text (POST /api/checks): every container of a compose file or of
// Kubernetes manifests against the target platforms, grouped per workload, plus the distinct
// images (what "watch all of them" adds). Nothing is stored.
import type { RegistryClient } from "../registry";
import type { Requirement } from "./platforms";
import { FileError, readWorkloads } from "./read";
import { fetchKey, resolveAll } from "./resolve";
import { containerItems, parseContainers, type CheckItem, type Status } from "./verdict";

export interface ContainerVerdict {
  container: string;
  containerType: "container" | "initContainer" | "ephemeralContainer";
  image: string;
  reference?: string;
  digest?: string;
  line?: number;
  status: Status;
  message: string;
  present: string[];
  missing: string[];
  error?: { code: string; message: string };
}

export interface WorkloadVerdict {
  source: "compose" | "kubernetes";
  /** Kubernetes kind, or "service" for compose. */
  kind: string;
  name: string;
  namespace?: string;
  /** Line of its first container's image. */
  line?: number;
  /** The worst of its containers: an error wins (the answer is incomplete), then missing. */
  status: Status;
  containers: ContainerVerdict[];
}

export interface ImageVerdict {
  /** Canonical reference, as POST /api/repositories/bulk takes it. */
  reference: string;
  status: Status;
  present: string[];
  missing: string[];
  error?: { code: string; message: string };
  /** How many containers run it. */
  containers: number;
}

export interface DocumentCheck {
  platforms: string[];
  ok: boolean;
  summary: { workloads: number; containers: number; ok: number; missing: number; error: number };
  workloads: WorkloadVerdict[];
  images: ImageVerdict[];
}

export interface DocumentCheckInput {
  documents: string;
  targets: readonly Requirement[];
  /** Values for compose's ${VAR}; never the server's own environment. */
  env?: Record<string, string>;
  /** Most distinct images one check may resolve (each costs registry requests). */
  maxImages: number;
}

const RANK: Record<Status, number> = { ok: 0, missing: 1, error: 2 };
const worst = (items: Array<{ status: Status }>): Status => items.reduce<Status>((w, i) => (RANK[i.status] > RANK[w] ? i.status : w), "ok");

function toContainer(i: CheckItem): ContainerVerdict {
  const c: ContainerVerdict = {
    container: i.workload!.container,
    containerType: i.workload!.containerType,
    image: i.image ?? "",
    status: i.status,
    message: i.message,
    present: i.present,
    missing: i.missing,
  };
  if (i.reference) c.reference = i.reference;
  if (i.digest) c.digest = i.digest;
  if (i.line) c.line = i.line;
  if (i.error) c.error = i.error;
  return c;
}

/** Throws FileError for text that is not compose/Kubernetes, holds no image, or too many. */
export async function checkDocuments(client: RegistryClient, input: DocumentCheckInput): Promise<DocumentCheck> {
  const found = readWorkloads(input.documents, "documents", input.env ?? {});
  if (found.length === 0) throw new FileError('found no container images (compose services with "build:" are built locally and not checked)', "no-images");
  const containers = parseContainers(found);
  const refs = containers.flatMap((c) => (c.ref ? [c.ref] : []));
  const distinct = new Set(refs.map(fetchKey));
  if (distinct.size > input.maxImages) throw new FileError(`the documents name ${distinct.size} distinct images; at most ${input.maxImages} are checked at once`, "too-many-images");
  const outcomes = await resolveAll(client, refs);
  const items = containerItems(containers, outcomes, input.targets);

  const workloads = new Map<string, WorkloadVerdict>();
  const images = new Map<string, ImageVerdict>();
  for (const item of items) {
    const w = item.workload!;
    const key = JSON.stringify([w.source, w.kind, w.namespace ?? "", w.name]);
    let wv = workloads.get(key);
    if (!wv) {
      wv = { source: w.source, kind: w.kind, name: w.name, status: "ok", containers: [] };
      if (w.namespace) wv.namespace = w.namespace;
      if (item.line) wv.line = item.line;
      workloads.set(key, wv);
    }
    wv.containers.push(toContainer(item));
    if (!item.reference) continue;
    const iv = images.get(item.reference);
    if (iv) iv.containers++;
    else images.set(item.reference, { reference: item.reference, status: item.status, present: item.present, missing: item.missing, ...(item.error ? { error: item.error } : {}), containers: 1 });
  }
  for (const wv of workloads.values()) wv.status = worst(wv.containers);
  const count = (s: Status) => items.filter((i) => i.status === s).length;
  return {
    platforms: input.targets.map((r) => r.key),
    ok: items.every((i) => i.status === "ok"),
    summary: { workloads: workloads.size, containers: items.length, ok: count("ok"), missing: count("missing"), error: count("error") },
    workloads: [...workloads.values()],
    images: [...images.values()],
  };
}
