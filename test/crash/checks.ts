// What must hold after every crash, read straight from the SQLite file (a second connection,
// read-only, while the restarted server runs), and what the server's transaction trace says
// about the moment it was killed.
import fs from "node:fs";
import Database from "better-sqlite3";

export interface TagRow {
  repo: string;
  tag: string;
  digest: string | null;
  keys: string[];
}

/** Every tag with its platform keys (duplicates kept: a doubled row is a violation too). */
export function readTags(file: string): { integrity: string; foreignKeys: number; activeScans: number; tags: TagRow[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma("integrity_check") as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join("; ");
    const foreignKeys = (db.pragma("foreign_key_check") as unknown[]).length;
    const activeScans = (db.prepare(`SELECT COUNT(*) AS n FROM "Scan" WHERE "status" IN ('queued', 'running')`).get() as { n: number }).n;
    const rows = db
      .prepare(
        `SELECT r."name" AS repo, t."name" AS tag, t."digest" AS digest, p."os" AS os, p."architecture" AS arch, p."variant" AS variant
         FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" LEFT JOIN "TagPlatform" p ON p."tagId" = t."id"`,
      )
      .all() as Array<{ repo: string; tag: string; digest: string | null; os: string | null; arch: string | null; variant: string | null }>;
    const byTag = new Map<string, TagRow>();
    for (const r of rows) {
      const id = `${r.repo}:${r.tag}`;
      let t = byTag.get(id);
      if (!t) byTag.set(id, (t = { repo: r.repo, tag: r.tag, digest: r.digest, keys: [] }));
      if (r.os && r.arch) t.keys.push([r.os, r.arch, r.variant].filter(Boolean).join("/"));
    }
    for (const t of byTag.values()) t.keys.sort();
    return { integrity, foreignKeys, activeScans, tags: [...byTag.values()] };
  } finally {
    db.close();
  }
}

/**
 * Violations of "every tag's platforms belong wholly to its stored digest, old or new":
 * `allowed` gives, per repo:tag, the digests it may hold now.
 */
export function tagViolations(tags: TagRow[], platformsOf: Map<string, string[]>, allowed: (id: string) => string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const id = `${t.repo}:${t.tag}`;
    if (!t.digest) {
      out.push(`${id}: no digest stored`);
      continue;
    }
    const ok = allowed(id);
    if (!ok.includes(t.digest)) out.push(`${id}: digest ${t.digest.slice(0, 19)} is neither the old nor the new one`);
    const expected = platformsOf.get(t.digest);
    if (!expected) out.push(`${id}: digest ${t.digest.slice(0, 19)} was never pushed`);
    else if (expected.join(" ") !== t.keys.join(" ")) out.push(`${id}: platforms [${t.keys.join(" ")}] but ${t.digest.slice(0, 19)} has [${expected.join(" ")}]`);
  }
  return out;
}

/** Transactions the trace shows begun and not ended: what was open when the process died. */
export function openTransactions(traceFile: string): { open: number; openWithWrites: number; seen: number } {
  if (!fs.existsSync(traceFile)) return { open: 0, openWithWrites: 0, seen: 0 };
  const state = new Map<string, { ended: boolean; statements: number }>();
  for (const line of fs.readFileSync(traceFile, "utf8").split("\n")) {
    const [pid, event, id] = line.split(" ");
    if (!id) continue;
    const k = `${pid}/${id}`;
    const s = state.get(k) ?? { ended: false, statements: 0 };
    if (event === "statement") s.statements++;
    if (event === "commit" || event === "rollback") s.ended = true;
    state.set(k, s);
  }
  const open = [...state.values()].filter((s) => !s.ended);
  return { open: open.length, openWithWrites: open.filter((s) => s.statements > 0).length, seen: state.size };
}
