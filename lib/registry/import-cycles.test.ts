// lib/registry's modules form no import cycle (issue 11 item 10: client.ts <-> resolve.ts was one).
// Type-only imports count too: a cycle of types still couples the two files.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.dirname(new URL(import.meta.url).pathname);

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith(".ts") || f.endsWith(".test.ts")) continue;
    const src = fs.readFileSync(path.join(dir, f), "utf8");
    const deps = [...src.matchAll(/^(?:import|export)[^;]*?from "\.\/([^"]+)"/gms)].map((m) => `${m[1]}.ts`);
    g.set(f, [...new Set(deps)]);
  }
  return g;
}

function cycles(g: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, "open");
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (state.get(d) === "open") found.push([...stack.slice(stack.indexOf(d)), d].join(" -> "));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe("lib/registry imports", () => {
  it("resolve.ts depends on types, not on the client", () => {
    const g = graph();
    expect(g.get("client.ts")).toContain("resolve.ts");
    expect(g.get("resolve.ts")).not.toContain("client.ts");
  });
  it("have no cycle", () => {
    expect(cycles(graph())).toEqual([]);
  });
});
