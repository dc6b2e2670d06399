// The outcome of `archgrid check` as items (one per image named on the command line, one per
// container found in a file) and its four renderings: text, json, github, junit.
import { EXIT, githubCommand, junit, type ExitCode, type Io, type JUnitCase } from "./output";
import { subjectOf, type CheckItem, type Status } from "../workloads";

export const CHECK_FORMATS = ["text", "json", "github", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export type { CheckItem, Status } from "../workloads";

export function exitCodeOf(items: CheckItem[]): ExitCode {
  if (items.some((i) => i.status === "error")) return EXIT.error;
  if (items.some((i) => i.status === "missing")) return EXIT.missing;
  return EXIT.ok;
}

const where = (i: CheckItem) => (i.file ? `${i.file}${i.line ? `:${i.line}` : ""}: ` : "");

function summary(items: CheckItem[]): string {
  const n = (s: Status) => items.filter((i) => i.status === s).length;
  const what = items.some((i) => i.workload) ? "container" : "image";
  return `${items.length} ${what}${items.length === 1 ? "" : "s"} checked: ${n("ok")} ok, ${n("missing")} missing a required platform, ${n("error")} could not be checked`;
}

function text(items: CheckItem[], io: Io): void {
  for (const i of items) {
    const line = `${where(i)}${i.status}: ${i.message}\n`;
    if (i.status === "error") io.err(line);
    else io.out(line);
  }
  io.out(`${summary(items)}\n`);
}

function github(items: CheckItem[], io: Io): void {
  for (const i of items) {
    if (i.status === "ok") {
      io.out(`${where(i)}ok: ${i.message}\n`);
      continue;
    }
    const title = i.status === "missing" ? "archgrid: missing platform" : "archgrid: could not check";
    // A line number means nothing to GitHub without the file it is in (stdin has none).
    const onFile = i.file !== undefined && i.file !== "stdin";
    io.out(`${githubCommand("error", i.message, { file: onFile ? i.file : undefined, line: onFile ? i.line : undefined, title })}\n`);
  }
  io.out(`${summary(items)}\n`);
}

function json(items: CheckItem[], required: string[], io: Io): void {
  const doc = {
    ok: exitCodeOf(items) === EXIT.ok,
    exitCode: exitCodeOf(items),
    required,
    results: items.map((i) => {
      const o: Record<string, unknown> = { status: i.status, message: i.message };
      for (const k of ["image", "reference", "digest", "file", "line"] as const) if (i[k] !== undefined) o[k] = i[k];
      if (i.workload) Object.assign(o, { ...i.workload });
      o.present = i.present;
      o.missing = i.missing;
      if (i.error) o.error = i.error;
      return o;
    }),
  };
  io.out(`${JSON.stringify(doc, null, 2)}\n`);
}

function junitReport(items: CheckItem[], io: Io): void {
  const groups = new Map<string, JUnitCase[]>();
  for (const i of items) {
    const suite = i.file ?? "images";
    const name = i.workload ? `${subjectOf(i.workload)} (${i.image})` : (i.image ?? i.file ?? "input");
    const c: JUnitCase = { name, classname: i.file ? `archgrid.${i.file}` : "archgrid.images" };
    const detail = [i.message, i.reference ? `reference: ${i.reference}` : "", i.digest ? `digest: ${i.digest}` : "", i.present.length ? `has: ${i.present.join(", ")}` : "", i.missing.length ? `missing: ${i.missing.join(", ")}` : ""].filter(Boolean).join("\n");
    if (i.status === "missing") c.failure = { message: i.message, text: detail };
    if (i.status === "error") c.error = { message: i.message, text: detail };
    const list = groups.get(suite) ?? [];
    list.push(c);
    groups.set(suite, list);
  }
  io.out(`${junit([...groups].map(([name, cases]) => ({ name, cases })))}\n`);
}

export function render(items: CheckItem[], required: string[], format: CheckFormat, io: Io): ExitCode {
  if (format === "json") json(items, required, io);
  else if (format === "github") github(items, io);
  else if (format === "junit") junitReport(items, io);
  else text(items, io);
  return exitCodeOf(items);
}
