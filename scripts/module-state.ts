// Finds module-level mutable state in lib/ with the TypeScript compiler API. Next bundles lib/
// several times into one server process (the instrumentation hook, each route, each page), so a
// module variable exists once per copy: state that must be one per process (a connection, a
// lock, a queue, a counter another module reads) then silently splits. That bit three times
// (instanceof of a client class; the hot path's WeakMaps; the gap policy's rows), each found
// only by a bench. scripts/module-state.test.ts fails on any finding that is neither on
// globalThis nor allowlisted with a reason.
//
// A finding is a top-level binding (or a static class field) that is
// - `let`/`var`: reassignable, so it is state by construction;
// - `const x = new C(...)` for any C but a few value-like built-ins (RegExp, Intl.*, URL,
//   TextEncoder/Decoder); a Map/Set/WeakMap/WeakSet only when something adds to it or clears it
//   (a lookup table filled at construction and only read is a constant);
// - `const x = f(…)` whose result some lib file adds to or clears (`z.registry()` then `.add`);
// - `const x = {…}` or `[…]` that some lib file mutates: assigns to or deletes a property of it
//   (at any depth), calls a mutating method on it (push, splice, set, …), or Object.assign()s to it.
// Also `x instanceof C`, in lib/ or app/, where C is a lib class without its own static
// [Symbol.hasInstance] (a brand, as lib/errors.ts and lib/registry/errors.ts have): an instance
// made by another copy of C's module fails that check. C's own file counts too: a function there
// may be handed an instance made by another copy (the config cache's pending rows, found in the
// sixth session's merge: `cache instanceof DbConfigCache` was false for the engine's cache).
// On globalThis (skipped): `const x = (g.key ??= …)`, `g.key ?? …`, `g.key` where g is globalThis
// or a top-level alias of it (`const g = globalThis as …`).
// Not followed: a collection or literal passed to a function that mutates it, state kept in
// closures (`const f = memoize(…)`), module-level side effects (timers, listeners).
import path from "node:path";
import { execFileSync } from "node:child_process";
import ts from "typescript";

export type StateKind = "let" | "instance" | "collection" | "mutated-literal" | "instanceof";

export interface ModuleState {
  /** Path from the repository root, e.g. "lib/env.ts". */
  file: string;
  /** The binding, "Class.field" for a static field, or "instanceof Class" (then `file` is where the check is). */
  name: string;
  kind: StateKind;
  line: number;
  /** The first mutation seen (file:line), for collections and literals. */
  mutatedAt?: string;
}

const ROOT = path.resolve(__dirname, "..");
const VALUE_LIKE = new Set(["RegExp", "URL", "TextEncoder", "TextDecoder"]);
const COLLECTIONS = new Set(["Map", "Set", "WeakMap", "WeakSet"]);
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear"]);
/** `a ??= b`, `a ?? b` and the like: the binding holds `a` (when set) or `b`. */
const STORING = [ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken];
const OBJECT_MUTATORS = new Set(["assign", "defineProperty", "defineProperties", "setPrototypeOf"]);

/** lib/**\/*.ts as git tracks it (plus untracked files), without tests, declarations and lib/generated. */
export function libFiles(root = ROOT): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "lib"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts") && !f.startsWith("lib/generated/"));
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

const isStatic = (m: ts.ClassElement) => ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
const isReadonly = (m: ts.ClassElement) => ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword);

/** app/**\/*.ts(x), without tests: where lib's exports are used (and its errors caught) by routes and pages. */
export function appFiles(root = ROOT): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "app"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith(".d.ts"));
}

/**
 * Every finding in `files` (paths relative to `root`), in file order. `users` are read for uses
 * only: their mutations of `files`' exports and their instanceof checks of `files`' classes.
 */
export function findModuleState(files = libFiles(), root = ROOT, users = appFiles(root)): ModuleState[] {
  // Only lib's own files: imports between them resolve (relative and tsconfig's "@/"), node_modules
  // are never read (fast; no type check is needed, only which declaration a name refers to).
  const program = ts.createProgram([...files, ...users].map((f) => path.join(root, f)), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    baseUrl: root,
    paths: { "@/*": ["./*"] },
    jsx: ts.JsxEmit.ReactJSX,
    noResolve: true,
    noLib: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const rel = (sf: ts.SourceFile) => path.relative(root, sf.fileName).split(path.sep).join("/");
  const where = (n: ts.Node) => `${rel(n.getSourceFile())}:${n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const sources = program.getSourceFiles().filter((sf) => files.includes(rel(sf)));
  const readers = program.getSourceFiles().filter((sf) => files.includes(rel(sf)) || users.includes(rel(sf)));

  const found: ModuleState[] = [];
  /** Collections and literals: reported only once a mutation is seen. */
  const pending = new Map<ts.Symbol, ModuleState>();

  for (const sf of sources) {
    const globalAliases = new Set<string>(["globalThis"]);
    const onGlobal = (e: ts.Expression): boolean => {
      e = unwrap(e);
      if (ts.isIdentifier(e)) return globalAliases.has(e.text);
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return onGlobal(e.expression);
      if (ts.isBinaryExpression(e)) {
        return STORING.includes(e.operatorToken.kind) && onGlobal(e.left);
      }
      return false;
    };
    const judge = (nameNode: ts.Node, name: string, init: ts.Expression | undefined, line: number) => {
      const file = rel(sf);
      if (!init) return;
      let e = unwrap(init);
      if (onGlobal(e)) {
        if (ts.isIdentifier(e) && ts.isIdentifier(nameNode)) globalAliases.add(nameNode.text);
        return;
      }
      // `(holder.m ??= new Map())` on anything but globalThis: judged by what it stores.
      while (ts.isBinaryExpression(e) && STORING.includes(e.operatorToken.kind)) e = unwrap(e.right);
      const symbol = checker.getSymbolAtLocation(nameNode);
      if (ts.isNewExpression(e)) {
        const callee = e.expression.getText();
        if (VALUE_LIKE.has(callee) || callee.startsWith("Intl.")) return;
        if (COLLECTIONS.has(callee)) {
          if (symbol) pending.set(symbol, { file, name, kind: "collection", line });
          return;
        }
        found.push({ file, name, kind: "instance", line });
        return;
      }
      if ((ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) && symbol) pending.set(symbol, { file, name, kind: "mutated-literal", line });
      // A factory's product (`z.registry()`, `createCache()`): state when something adds to it.
      if (ts.isCallExpression(e) && symbol) pending.set(symbol, { file, name, kind: "instance", line });
    };

    for (const st of sf.statements) {
      if (ts.isVariableStatement(st) && !(ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) {
        const constant = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
        for (const d of st.declarationList.declarations) {
          const line = sf.getLineAndCharacterOfPosition(d.getStart()).line + 1;
          if (!constant) {
            const names: string[] = [];
            const collect = (n: ts.BindingName) => (ts.isIdentifier(n) ? names.push(n.text) : n.elements.forEach((el) => ts.isBindingElement(el) && collect(el.name)));
            collect(d.name);
            for (const name of names) found.push({ file: rel(sf), name, kind: "let", line });
          } else if (ts.isIdentifier(d.name)) {
            judge(d.name, d.name.text, d.initializer, line);
          }
        }
      }
      if (ts.isClassDeclaration(st) && st.name) {
        for (const m of st.members) {
          if (!ts.isPropertyDeclaration(m) || !isStatic(m)) continue;
          const name = `${st.name.text}.${m.name.getText()}`;
          const line = sf.getLineAndCharacterOfPosition(m.getStart()).line + 1;
          if (!isReadonly(m)) found.push({ file: rel(sf), name, kind: "let", line });
          else judge(m.name, name, m.initializer, line);
        }
      }
    }
  }

  // Mutations of the pending collections and literals, in any lib file (an export mutated by its importer counts).
  const resolve = (n: ts.Node): ts.Symbol | undefined => {
    let s = checker.getSymbolAtLocation(n);
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    return s;
  };
  const mutation = (ref: ts.Node): boolean => {
    // Climb property reads (x.a.b, x[k]) to the outermost; then judge how that is used.
    const base: ts.Node = ts.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref ? ref.parent : ref; // Class.field
    let top: ts.Node = base;
    while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) top = top.parent;
    const p = top.parent;
    const assigned = (t: ts.Node) =>
      (ts.isBinaryExpression(t.parent) && t.parent.left === t && t.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && t.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
      ((ts.isPrefixUnaryExpression(t.parent) || ts.isPostfixUnaryExpression(t.parent)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(t.parent.operator)) ||
      ts.isDeleteExpression(t.parent);
    if (top !== base && assigned(top)) return true;
    // x.push(…), x.a.set(…): the callee is a property access whose name is a mutator.
    if (ts.isCallExpression(p) && p.expression === top && top !== base && ts.isPropertyAccessExpression(top) && MUTATORS.has(top.name.text)) return true;
    // Object.assign(x, …) and friends.
    if (ts.isCallExpression(p) && p.arguments[0] === top && ts.isPropertyAccessExpression(p.expression) && p.expression.expression.getText() === "Object" && OBJECT_MUTATORS.has(p.expression.name.text)) return true;
    return false;
  };
  const branded = (c: ts.ClassDeclaration) =>
    c.members.some((m) => ts.isMethodDeclaration(m) && isStatic(m) && ts.isComputedPropertyName(m.name) && m.name.expression.getText() === "Symbol.hasInstance");
  const checked = new Set<string>();
  for (const sf of readers) {
    const visit = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
        const c = resolve(ts.isPropertyAccessExpression(n.right) ? n.right.name : n.right)?.declarations?.find(ts.isClassDeclaration);
        const name = `instanceof ${c?.name?.text}`;
        if (c && sources.includes(c.getSourceFile()) && !branded(c) && !checked.has(`${rel(sf)} ${name}`)) {
          checked.add(`${rel(sf)} ${name}`);
          found.push({ file: rel(sf), name, kind: "instanceof", line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
        }
      }
      if (ts.isIdentifier(n) && !(ts.isVariableDeclaration(n.parent) && n.parent.name === n)) {
        const s = resolve(n);
        const state = s && pending.get(s);
        if (state && mutation(n)) {
          found.push({ ...state, mutatedAt: where(n) });
          pending.delete(s!);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** One line per finding: "lib/x.ts:12 collection cache (mutated at lib/x.ts:20)". */
export function describeState(s: ModuleState): string {
  return `${s.file}:${s.line} ${s.kind === "instanceof" ? "" : `${s.kind} `}${s.name}${s.mutatedAt ? ` (mutated at ${s.mutatedAt})` : ""}`;
}

/** `npx tsx scripts/module-state.ts`: lists the findings. */
if (require.main === module) {
  for (const s of findModuleState()) console.log(describeState(s));
}
