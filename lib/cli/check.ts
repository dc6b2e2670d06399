// `archgrid check IMAGE…`: does each image have every required platform? Exit 0 yes, 1 no,
// 2 when it could not be told. `--file` (check-files.ts) feeds containers into the same items.
import { formatReference, type Reference, type RegistryClient } from "../registry";
import { render, type CheckFormat } from "./check-report";
import type { ExitCode, Io } from "./output";
import { readFiles } from "./check-files";
import { containerItems, fetchKey, joinWords, missingRequirements, presentKeys, resolveAll, shownName, tryParse, type CheckItem, type Outcome, type Requirement } from "../workloads";

/** An image named on the command line, judged against the required set. */
function imageItem(input: string, ref: Reference, outcome: Outcome, required: readonly Requirement[]): CheckItem {
  const name = shownName(ref);
  if (!outcome.ok) {
    return { status: "error", message: `cannot check ${name}: ${outcome.error.message}`, image: input, reference: formatReference(ref), present: [], missing: [], error: outcome.error };
  }
  const img = outcome.image;
  const present = presentKeys(img);
  const missing = missingRequirements(required, img.platforms.map((p) => p.platform)).map((r) => r.key);
  const base = { image: input, reference: formatReference(ref), digest: img.digest, present, missing };
  const has = present.length ? present.join(", ") : "no platform at all";
  if (missing.length) return { ...base, status: "missing", message: `${name} lacks ${joinWords(missing)} (it has ${has})` };
  return { ...base, status: "ok", message: `${name} has ${joinWords(required.map((r) => r.key))}` };
}

export interface CheckInputs {
  images: string[];
  required: readonly Requirement[];
  /** Compose / Kubernetes files ("-" = stdin). */
  files?: string[];
  /** What the files' containers must run on (default: required). */
  targets?: readonly Requirement[];
}

/** Items for the images named on the command line (resolved together with `extra` references, once each). */
export async function checkImages(client: RegistryClient, inputs: CheckInputs, extra: Reference[] = []): Promise<{ items: CheckItem[]; outcomes: Map<string, Outcome> }> {
  const parsed = inputs.images.map((input) => ({ input, p: tryParse(input) }));
  const refs = [...parsed.flatMap(({ p }) => (p.ok ? [p.ref] : [])), ...extra];
  const outcomes = await resolveAll(client, refs);
  const items = parsed.map(({ input, p }): CheckItem => {
    if (!p.ok) return { status: "error", message: `cannot check ${input}: ${p.error.message}`, image: input, present: [], missing: [], error: p.error };
    return imageItem(input, p.ref, outcomes.get(fetchKey(p.ref))!, inputs.required);
  });
  return { items, outcomes };
}

/** Images and files together: every distinct image is resolved once, whichever named it. */
export async function runCheck(client: RegistryClient, inputs: CheckInputs, format: CheckFormat, io: Io): Promise<ExitCode> {
  const files = inputs.files ?? [];
  const targets = inputs.targets ?? inputs.required;
  const fc = files.length ? await readFiles(files, io) : { containers: [], problems: [] };
  const { items, outcomes } = await checkImages(client, inputs, fc.containers.flatMap((c) => (c.ref ? [c.ref] : [])));
  const all = [...items, ...fc.problems, ...containerItems(fc.containers, outcomes, targets)];
  return render(all, (files.length && !inputs.images.length ? targets : inputs.required).map((r) => r.key), format, io);
}
