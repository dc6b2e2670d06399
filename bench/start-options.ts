// The V8 options `npm start` gives the server (package.json's start script puts them in
// NODE_OPTIONS), so that the benches measure the server as operators run it.
// BENCH_SERVER_NODE_FLAGS replaces them ("" = none): how a before/after comparison runs a build of
// the old code as it was started then.
import fs from "node:fs";
import path from "node:path";

export function startNodeFlags(root: string): string[] {
  const given = process.env.BENCH_SERVER_NODE_FLAGS;
  if (given !== undefined) return given.split(/\s+/).filter(Boolean);
  const start = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts?.start ?? "";
  const m = /NODE_OPTIONS="([^"]*)"/.exec(start);
  // The operator's own NODE_OPTIONS ($NODE_OPTIONS in the script) reach the server through the
  // environment, as they do under npm start.
  return m ? m[1].split(/\s+/).filter((x) => x.startsWith("--")) : [];
}
