// Before a pruning import, the user is told how many watched repositories the file no longer
// names (and which). Read here with the parser and reference rules the server uses (lib/registry's
// parseReference), so the count matches what the import will remove; the server stays the authority.
import YAML from "yaml";
import { parseReference, repositoryKey } from "@/lib/registry/reference";

/** References the file names, canonical (`docker.io/library/nginx`); null when it cannot be read. */
export function fileReferences(text: string): Set<string> | null {
  let doc: unknown;
  try {
    doc = YAML.parse(text, { maxAliasCount: 50 });
  } catch {
    return null;
  }
  const list = (doc as { repositories?: unknown } | null)?.repositories;
  if (!Array.isArray(list)) return null;
  const out = new Set<string>();
  for (const entry of list) {
    const raw = typeof entry === "string" ? entry : (entry as { reference?: unknown } | null)?.reference;
    if (typeof raw !== "string") return null;
    try {
      out.add(repositoryKey(parseReference(raw)));
    } catch {
      return null; // the server refuses a pruning import with a bad line: nothing would go
    }
  }
  return out;
}

/** Watched references the file does not name (what `prune` removes), sorted; null when unreadable. */
export function absentFromFile(text: string, watched: string[]): string[] | null {
  const named = fileReferences(text);
  if (!named) return null;
  return watched.filter((r) => !named.has(r)).sort();
}
