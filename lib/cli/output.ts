// Output helpers shared by the commands: aligned tables, GitHub Actions workflow commands,
// JUnit XML, and the words used for platforms. Each escapes for its own consumer.
import { windowsRelease } from "../coverage/gaps";
import { platformKey, type Platform } from "../registry";

export const EXIT = { ok: 0, missing: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where the commands write; tests and the bin pass process streams or buffers. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Reads all of stdin (for `--file -`). */
  stdin: () => Promise<string>;
}

/** "Server 2022" for 10.0.20348.x; undefined for builds lib/coverage does not name. */
export function windowsName(osVersion: string): string | undefined {
  const named = windowsRelease(osVersion); // "Server 2022 (10.0.20348.2762)", or the version as it is
  return named === osVersion ? undefined : named.slice(0, named.lastIndexOf(" ("));
}

/** "linux/arm/v7", "windows/amd64 Server 2022 (10.0.20348.2762)". */
export function describePlatform(p: Platform): string {
  return p.osVersion ? `${platformKey(p)} ${windowsRelease(p.osVersion)}` : platformKey(p);
}

/** Columns padded to the widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : (c ?? "").padEnd(widths[i]))).join("  ").trimEnd())
    .join("\n");
}

/**
 * A GitHub Actions workflow command (`::error file=…,line=…,title=…::message`). Data escapes
 * %, CR and LF; property values also escape ":" and "," (actions/toolkit command.ts).
 */
export function githubCommand(kind: "error" | "warning" | "notice", message: string, props: Record<string, string | number | undefined> = {}): string {
  const escData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escProp = (s: string) => escData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escProp(String(v))}`)
    .join(",");
  return `::${kind}${list ? ` ${list}` : ""}::${escData(message)}`;
}

/** Text safe inside an XML attribute or element: the five entities, and no characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
    // lone surrogate halves are not characters either; well-formed pairs stay
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export interface JUnitCase {
  name: string;
  classname: string;
  failure?: { message: string; text: string };
  error?: { message: string; text: string };
  /** Seconds. */
  time?: number;
}

/** One <testsuites> document with one suite per group (a file, or "images"). */
export function junit(suites: Array<{ name: string; cases: JUnitCase[] }>): string {
  const count = (cs: JUnitCase[], k: "failure" | "error") => cs.filter((c) => c[k]).length;
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="archgrid check" tests="${all.length}" failures="${count(all, "failure")}" errors="${count(all, "error")}">`,
  ];
  for (const s of suites) {
    lines.push(`  <testsuite name="${xmlEscape(s.name)}" tests="${s.cases.length}" failures="${count(s.cases, "failure")}" errors="${count(s.cases, "error")}">`);
    for (const c of s.cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}"${c.time !== undefined ? ` time="${c.time.toFixed(3)}"` : ""}`;
      const problem = c.failure ? ["failure", c.failure] as const : c.error ? ["error", c.error] as const : undefined;
      if (!problem) {
        lines.push(`${open}/>`);
        continue;
      }
      const [tag, p] = problem;
      lines.push(`${open}>`, `      <${tag} message="${xmlEscape(p.message)}">${xmlEscape(p.text)}</${tag}>`, "    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n");
}

export { joinWords } from "../workloads";
