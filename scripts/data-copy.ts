// Copies every row of every model from one archgrid database to another (SQLite → PostgreSQL, or
// back), through Prisma's model API so each provider's types (booleans, timestamps) convert on
// the way. The models and their order come from prisma/schema.prisma itself, so a model added
// later is copied without touching this file: a model is copied after every model its
// `@relation(fields: …)` points at.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../lib/generated/prisma/client";

export interface ModelInfo {
  name: string;
  /** The @id field, used to page through rows in a stable order. */
  id: string;
  /** Models this one holds a foreign key to. */
  references: string[];
}

/** The models of a Prisma schema text, parents before children. */
export function modelsInDependencyOrder(schema: string): ModelInfo[] {
  const models = new Map<string, ModelInfo>();
  for (const m of schema.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const [, name, body] = m;
    const lines = body.split("\n").map((l) => l.trim());
    const idLine = lines.find((l) => /^\w+\s+\S+.*@id\b/.test(l));
    if (!idLine) throw new Error(`model ${name} has no single @id field; migrate-data cannot page through it`);
    const references = lines.filter((l) => /@relation\([^)]*fields:/.test(l)).map((l) => l.split(/\s+/)[1].replace(/[?[\]]/g, ""));
    models.set(name, { name, id: idLine.split(/\s+/)[0], references });
  }
  const order: ModelInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, from: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`foreign keys form a cycle: ${[...from, name].join(" → ")}`);
    state.set(name, "visiting");
    for (const r of models.get(name)?.references ?? []) if (r !== name) visit(r, [...from, name]);
    state.set(name, "done");
    order.push(models.get(name)!);
  };
  for (const name of [...models.keys()].sort()) visit(name, []);
  return order;
}

export function schemaModels(root = path.resolve(__dirname, "..")): ModelInfo[] {
  return modelsInDependencyOrder(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8"));
}

type Delegate = {
  count(): Promise<number>;
  findMany(args: { orderBy: Record<string, "asc">; skip: number; take: number }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  deleteMany(): Promise<{ count: number }>;
};

function delegate(client: PrismaClient, model: string): Delegate {
  const d = (client as unknown as Record<string, Delegate | undefined>)[model[0].toLowerCase() + model.slice(1)];
  if (!d) throw new Error(`the generated client has no model ${model}: run npm run db:generate`);
  return d;
}

export async function countRows(client: PrismaClient, models: ModelInfo[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of models) out[m.name] = await delegate(client, m.name).count();
  return out;
}

/** Deletes every row, children first (for --force). */
export async function emptyAll(client: PrismaClient, models: ModelInfo[]): Promise<void> {
  for (const m of [...models].reverse()) await delegate(client, m.name).deleteMany();
}

/** Copies each model in order, `batch` rows at a time; returns the rows written per model. */
export async function copyAll(
  from: PrismaClient,
  to: PrismaClient,
  models: ModelInfo[],
  { batch = 1000, log = (_: string) => undefined }: { batch?: number; log?: (line: string) => void } = {},
): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  for (const m of models) {
    const src = delegate(from, m.name);
    const dst = delegate(to, m.name);
    let n = 0;
    for (;;) {
      const rows = await src.findMany({ orderBy: { [m.id]: "asc" }, skip: n, take: batch });
      if (rows.length === 0) break;
      n += (await dst.createMany({ data: rows })).count;
      if (rows.length < batch) break;
    }
    written[m.name] = n;
    log(`${m.name}: ${n} rows`);
  }
  return written;
}
