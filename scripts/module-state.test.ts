// Module-level mutable state in lib/ is either on globalThis or allowlisted with a reason: Next
// bundles lib/ several times into one server process, and state that must be one per process
// splits silently per copy (it bit three times, each found only by a bench). See
// scripts/module-state.ts for what counts, scripts/module-state-allowlist.ts for what is allowed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeState, findModuleState, type ModuleState } from "./module-state";
import { ALLOWED_MODULE_STATE } from "./module-state-allowlist";

const key = (s: ModuleState) => `${s.file} ${s.name}`;

describe("module-level state in lib/", () => {
  const found = findModuleState();

  it("is on globalThis or allowlisted with a reason", () => {
    const unlisted = found.filter((s) => !(key(s) in ALLOWED_MODULE_STATE));
    expect(
      unlisted.map(describeState),
      "module-level state that exists once per module copy under Next: keep it on globalThis (as lib/db-client.ts does) " +
        "if every copy must see it (for a class checked with instanceof: a static [Symbol.hasInstance] brand, as lib/errors.ts), " +
        "or add it to scripts/module-state-allowlist.ts with why a copy of its own is harmless",
    ).toEqual([]);
  });

  it("allowlists nothing that is gone (a stale entry would let a new binding of that name through unread)", () => {
    const keys = new Set(found.map(key));
    expect(Object.keys(ALLOWED_MODULE_STATE).filter((k) => !keys.has(k))).toEqual([]);
  });

  it("gives each allowlisted binding a one-line reason", () => {
    for (const [k, why] of Object.entries(ALLOWED_MODULE_STATE)) expect(why.trim().length > 20 && !why.includes("\n"), k).toBe(true);
  });
});

describe("the finder", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-module-state-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  function findIn(files: Record<string, string>) {
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
    const names = Object.keys(files);
    return findModuleState(names.filter((f) => f.startsWith("lib/")), dir, names.filter((f) => f.startsWith("app/"))).map((s) => `${s.file} ${s.kind} ${s.name}`);
  }

  it("finds let, instances, filled collections and mutated literals; skips constants and globalThis", () => {
    const found = findIn({
      "lib/state.ts": `
        let counter = 0;
        export let a = 1, { b } = { b: 2 };
        const cache = new Map<string, number>();
        export function remember(k: string) { cache.set(k, 1); }
        const table = new Set(["x", "y"]);
        export const known = (k: string) => table.has(k);
        const limiter = new Limiter();
        const re = new RegExp("x");
        const fmt = new Intl.NumberFormat("en");
        const stats = { hits: 0 };
        export function hit() { stats.hits++; }
        const list: string[] = [];
        export function add(s: string) { list.push(s); }
        const frozen = { a: [1] };
        export const read = () => frozen.a[0];
        export const exported = { n: 0 };
        const registry = makeRegistry();
        registry.add("x");
        const g = globalThis as unknown as { archgridX?: Map<string, number>; archgridY?: number[] };
        const shared = (g.archgridX ??= new Map());
        shared.set("k", 1);
        const sharedList = (globalThis as { archgridY?: number[] }).archgridY ?? [];
        sharedList.push(1);
        const holder: { m?: Map<string, number> } = {};
        const hidden = (holder.m ??= new Map());
        hidden.set("k", 1);
        export function local() { const cache = new Map(); cache.set("shadow", 1); let counter = 1; return counter; }
        class Limiter { static count = 0; static readonly all = new Set<number>(); static readonly names = ["a"]; take() { Limiter.all.add(1); } }
        declare function makeRegistry(): { add(x: string): void };
        void counter; void limiter; void re; void fmt; void shared;
      `,
      "lib/other.ts": `import { exported } from "./state";\nexport function bump() { exported.n += 1; }`,
      "lib/alias.ts": `import { exported as e } from "@/lib/state";\nexport const peek = () => e.n;`,
    });
    expect(found).toEqual([
      "lib/state.ts let counter",
      "lib/state.ts let a",
      "lib/state.ts let b",
      "lib/state.ts collection cache",
      "lib/state.ts instance limiter",
      "lib/state.ts mutated-literal stats",
      "lib/state.ts mutated-literal list",
      "lib/state.ts mutated-literal exported",
      "lib/state.ts instance registry",
      "lib/state.ts mutated-literal holder",
      "lib/state.ts collection hidden",
      "lib/state.ts let Limiter.count",
      "lib/state.ts collection Limiter.all",
    ]);
  });

  it("finds instanceof of a lib class, in its own file or another, unless that class carries its own brand", () => {
    const found = findIn({
      "lib/errs.ts": `
        export class Plain extends Error {}
        export class Branded extends Error { static [Symbol.hasInstance](v: unknown) { return typeof v === "object" && v !== null; } }
        export class Sub extends Branded {}
        export const mine = (e: unknown) => e instanceof Plain;
      `,
      "app/page.tsx": `
        import { Plain } from "@/lib/errs";
        export default function Page({ e }: { e: unknown }) { return <p>{String(e instanceof Plain)}</p>; }
      `,
      "lib/use.ts": `
        import { Branded, Plain, Sub } from "./errs";
        import * as errs from "./errs";
        export const a = (e: unknown) => e instanceof Plain || e instanceof Branded || e instanceof Sub;
        export const b = (e: unknown) => e instanceof errs.Plain || e instanceof Date;
      `,
    });
    expect(found).toEqual([
      "app/page.tsx instanceof instanceof Plain",
      // In the class's own file too: \`mine\` may be handed an instance from another copy.
      "lib/errs.ts instanceof instanceof Plain",
      "lib/use.ts instanceof instanceof Plain",
      "lib/use.ts instanceof instanceof Sub",
    ]);
  });

  it("sees an export mutated through an '@/' import in another file", () => {
    const found = findIn({
      "lib/p.ts": `export const seen: Record<string, boolean> = {};\nexport const quiet = { on: false };`,
      "lib/q.ts": `import { seen } from "@/lib/p";\nexport function mark(k: string) { seen[k] = true; }`,
    });
    expect(found).toEqual(["lib/p.ts mutated-literal seen"]);
  });
});
