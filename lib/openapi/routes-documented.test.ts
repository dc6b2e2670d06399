// Every route handler the app serves must be in the OpenAPI document: a new app/api/**/route.ts (or a
// new method exported from an old one) fails here until lib/openapi/document.ts describes it. The
// routes are found the way Next.js finds them, by walking app/api for route.ts files and importing
// them (so `export { h as GET }` counts as well as `export const GET`), not from a hand-kept list.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

const API = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Not part of the documented API, each for its reason. */
const EXCLUDED: Record<string, string> = {
  // The catch-all only answers 404 "no API route" (in the error envelope) for paths that exist nowhere.
  "/api/[...path]": "catch-all 404",
  // Browser redirects of single sign-on (302 to the provider and back), not calls a client makes.
  "/api/auth/oidc/login": "OIDC browser redirect",
  "/api/auth/oidc/callback": "OIDC browser redirect",
};

/** Catch-all segments whose documented form is a single named parameter. */
const CATCH_ALL: Record<string, string> = {
  // One segment in practice ({repository id}.svg or an url-encoded reference); [...slug] also takes
  // a reference whose slashes were not encoded.
  "/api/badges/[...slug]": "/api/badges/{badge}",
};

function routeFolders(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFolders(full));
    else if (entry.name === "route.ts") out.push(dir);
  }
  return out;
}

/** app/api/scans/[id]/cancel → /api/scans/{id}/cancel; a catch-all must be listed in CATCH_ALL. */
function documentedPath(folder: string): string {
  if (CATCH_ALL[folder]) return CATCH_ALL[folder];
  if (folder.includes("[...")) throw new Error(`${folder}: a catch-all route needs its documented form in CATCH_ALL`);
  return folder.replace(/\[([^\]]+)\]/g, "{$1}");
}

describe("the OpenAPI document covers every route", () => {
  const folders = routeFolders(API).map((dir) => "/api" + dir.slice(API.length).split(path.sep).join("/"));

  it("finds the routes (the walk itself works)", () => {
    expect(folders.length).toBeGreaterThan(20);
    expect(folders).toContain("/api/scans/[id]/cancel");
    for (const excluded of Object.keys(EXCLUDED)) expect(folders, `stale exclusion ${excluded}`).toContain(excluded);
  });

  it("documents each exported method of each route.ts", async () => {
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const undocumented: string[] = [];
    let seen = 0;
    for (const folder of folders.filter((f) => !EXCLUDED[f])) {
      const mod = (await import(path.join(API, ...folder.split("/").slice(2), "route.ts"))) as Record<string, unknown>;
      const docPath = documentedPath(folder);
      for (const method of METHODS) {
        if (typeof mod[method] !== "function") continue;
        seen++;
        if (!paths[docPath]?.[method.toLowerCase()]) undocumented.push(`${method} ${docPath} (app${folder}/route.ts)`);
      }
    }
    expect(undocumented).toEqual([]);
    expect(seen).toBeGreaterThan(25);
  }, 60_000);
});
