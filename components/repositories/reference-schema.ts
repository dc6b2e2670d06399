// Client-side checks that mirror lib/registry parseReference's basics, so most typos are caught
// before a round trip. The server stays the authority: its 400 message is shown the same way.
import { z } from "zod";

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export function referenceProblem(input: string): string | null {
  const s = input.trim();
  if (s === "") return "Enter an image reference, e.g. ghcr.io/acme/api or nginx";
  if (/\s/.test(s)) return "A reference cannot contain spaces";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return "Leave out the URL scheme (write ghcr.io/org/app, not https://ghcr.io/org/app)";
  let rest = s;
  const at = rest.indexOf("@");
  if (at >= 0) {
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(rest.slice(at + 1))) return "The digest after @ is not valid (expected sha256:<64 hex>)";
    rest = rest.slice(0, at);
  }
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    const tag = rest.slice(lastColon + 1);
    if (!TAG.test(tag)) return `Tag "${tag}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`;
    rest = rest.slice(0, lastColon);
  }
  if (rest === "") return "The repository name is missing";
  const slash = rest.indexOf("/");
  let path = rest;
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === "localhost") {
      if (!HOST.test(first)) return `"${first}" is not a valid registry host`;
      path = rest.slice(slash + 1);
    }
  }
  if (path === "") return "The repository name is missing";
  if (path !== path.toLowerCase()) return "Repository names must be lowercase";
  for (const part of path.split("/")) {
    if (!COMPONENT.test(part)) return `"${part}" is not a valid name component (lowercase letters, digits, and single . _ - between them)`;
  }
  return null;
}

export function tagProblem(tag: string): string | null {
  return TAG.test(tag) ? null : `Tag "${tag}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`;
}

/** "latest, 1.2 ,, 1.3" -> ["latest","1.2","1.3"] */
export function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const referenceSchema = z.string().superRefine((v, ctx) => {
  const problem = referenceProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const tagsSchema = z.string().superRefine((v, ctx) => {
  for (const t of splitList(v)) {
    const problem = tagProblem(t);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return;
    }
  }
});

export const addRepositoryFormSchema = z.object({ reference: referenceSchema, tags: tagsSchema });

/**
 * What a reference itself names to track, as the server reads it (lib/watch/add.ts): a digest
 * after `@` (pinned; it wins over a tag beside it), a tag after the last `:` past the last `/`
 * (`localhost:5000/app` has a port, not a tag), or null.
 */
export function typedTarget(input: string): { kind: "tag" | "digest"; value: string } | null {
  const s = input.trim();
  if (referenceProblem(s)) return null;
  const at = s.indexOf("@");
  if (at >= 0) return { kind: "digest", value: s.slice(at + 1) };
  const colon = s.lastIndexOf(":");
  return colon > s.lastIndexOf("/") ? { kind: "tag", value: s.slice(colon + 1) } : null;
}
