// The scan's hot path to the database: the few statements a scan runs per repository and per tag.
//
// Why not Prisma for these: every Prisma call, a raw one included, goes through the client
// runtime and the query compiler (WebAssembly), and the SQLite adapter prepares each statement
// anew. That is 0.3 ms of CPU for a `$executeRaw` and 1.2-1.9 ms for a model query, against
// 0.025 ms for the same statement prepared once on better-sqlite3 (bench/micro.ts): on a rescan it
// was most of archgrid's CPU per tag (bench/FINDINGS.md, "scan-db"). So on SQLite these statements
// run straight on the better-sqlite3 connection Prisma's adapter opened (lib/one-writer.ts: same
// connection, same one-writer turn, same crash-test trace, statements prepared once), and
// everything else stays on Prisma.
//
// On PostgreSQL they run on the connected Prisma adapter (its pool, captured in
// lib/db-client.ts), which binds values as Prisma does (a Date as UTC without zone). On a client
// this process did not open through lib/db-client.ts (a bench's query-logging client) they go
// through Prisma's raw API (`$1` placeholders on PostgreSQL).
//
// The SQL is portable (quoted identifiers, `?` placeholders rewritten to `$n` for PostgreSQL, no
// string literal holding a `?`). Never call these from inside a Prisma interactive transaction:
// on SQLite they would wait for that transaction to end. Values are stored as Prisma stores them: a Date as Prisma's
// DateTime (ISO text with +00:00 on SQLite, timestamp(3) in UTC on PostgreSQL), a boolean as
// 0/1 on SQLite. Errors are the driver's own (not PrismaClientKnownRequestError): callers on the
// hot path only log or store them as "internal-error".
import { prisma } from "../db";
import { directPg, directSqlite } from "../db-client";
import { databaseProvider } from "../db-provider";
import { env } from "../env";
import type { DirectStatement, DirectValue } from "../one-writer";

export type HotValue = DirectValue;
export type HotStatement = DirectStatement;

const FRAGMENT = Symbol.for("archgrid.Fragment");

/**
 * A piece of SQL with its values, to splice into `sql` (as a list, a row, an optional clause).
 * Branded: Next bundles lib/ more than once, and a Fragment built by one copy of this module
 * (lib/queries/tags.ts's) may be spliced by another (scan-repository's); a plain instanceof would
 * then bind it as a value (scripts/module-state.ts).
 */
export class Fragment {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[FRAGMENT] === true;
  }
  readonly [FRAGMENT] = true;
  constructor(
    readonly sql: string,
    readonly args: readonly HotValue[],
  ) {}
}

/** A statement from a template: each interpolated value becomes a `?`, a Fragment is spliced in. */
export function sql(strings: TemplateStringsArray, ...values: Array<HotValue | Fragment>): Fragment {
  let text = strings[0];
  const args: HotValue[] = [];
  values.forEach((v, i) => {
    if (v instanceof Fragment) {
      text += v.sql;
      args.push(...v.args);
    } else {
      text += "?";
      args.push(v === undefined ? null : v);
    }
    text += strings[i + 1];
  });
  return new Fragment(text, args);
}

/** `a, b, c` from values or fragments (an IN list, a VALUES list). */
export function join(items: ReadonlyArray<HotValue | Fragment>, separator = ", "): Fragment {
  const parts: string[] = [];
  const args: HotValue[] = [];
  for (const it of items) {
    if (it instanceof Fragment) {
      parts.push(it.sql);
      args.push(...it.args);
    } else {
      parts.push("?");
      args.push(it);
    }
  }
  return new Fragment(parts.join(separator), args);
}

/** A row `(?, ?, …)` of a multi-row VALUES. */
export const row = (values: readonly HotValue[]): Fragment => new Fragment(`(${values.map(() => "?").join(", ")})`, values);

export const empty = new Fragment("", []);

/** Counts statements by the path they took (bench/diagnose.ts prints them). */
export const hotStats = { direct: 0, prisma: 0, transactions: 0 };

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

async function viaPrisma(statements: readonly Fragment[], transaction: boolean): Promise<number[]> {
  hotStats.prisma += statements.length;
  const pg = prismaIsPostgres();
  const calls = statements.map((s) => prisma.$executeRawUnsafe(pg ? numbered(s.sql) : s.sql, ...s.args));
  if (transaction) return prisma.$transaction(calls);
  const out: number[] = [];
  for (const c of calls) out.push(await c);
  return out;
}

let postgres: boolean | undefined;
/** The provider lib/db.ts opened (it reads the same DATABASE_URL). */
function prismaIsPostgres(): boolean {
  postgres ??= databaseProvider(env().DATABASE_URL) === "postgresql";
  return postgres;
}

type PgAdapter = NonNullable<Awaited<ReturnType<typeof directPg>>>;

/** A statement for Prisma's PostgreSQL adapter: `$n` placeholders; its mapArg writes a Date as Prisma does (UTC, no zone). */
function pgQuery(s: Fragment) {
  return {
    sql: numbered(s.sql),
    args: s.args as unknown[],
    argTypes: s.args.map((a) => ({ scalarType: a instanceof Date ? ("datetime" as const) : ("unknown" as const), arity: "scalar" as const })),
  };
}

async function runPg(pg: PgAdapter, statements: readonly Fragment[], transaction: boolean): Promise<number[]> {
  const out: number[] = [];
  if (!transaction) {
    for (const s of statements) out.push(await pg.executeRaw(pgQuery(s)));
    return out;
  }
  // The adapter's transaction sends BEGIN; like Prisma, we send COMMIT or ROLLBACK, then hand the connection back.
  const tx = await pg.startTransaction();
  try {
    for (const s of statements) out.push(await tx.executeRaw(pgQuery(s)));
    await tx.executeRaw({ sql: "COMMIT", args: [], argTypes: [] });
  } catch (e) {
    await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
    await tx.rollback();
    throw e;
  }
  await tx.commit();
  return out;
}

/** Runs the statements in order; in one transaction (all or nothing) when `transaction`. Returns changed-row counts. */
export async function hotRun(statements: readonly Fragment[], transaction: boolean): Promise<number[]> {
  if (statements.length === 0) return [];
  if (transaction) hotStats.transactions++;
  const d = await directSqlite(prisma);
  if (d) {
    hotStats.direct += statements.length;
    return d.run(statements, transaction);
  }
  const pg = prismaIsPostgres() ? await directPg(prisma) : null;
  if (pg) {
    hotStats.direct += statements.length;
    return runPg(pg, statements, transaction);
  }
  return viaPrisma(statements, transaction);
}

/** Reads rows as objects. Integers come back as numbers on the direct paths, possibly bigint through Prisma: convert with Number(). */
export async function hotAll<T>(statement: Fragment): Promise<T[]> {
  const d = await directSqlite(prisma);
  if (d) {
    hotStats.direct++;
    return d.all<T>(statement);
  }
  const pg = prismaIsPostgres() ? await directPg(prisma) : null;
  if (pg) {
    hotStats.direct++;
    const r = await pg.queryRaw(pgQuery(statement));
    return r.rows.map((row) => Object.fromEntries(r.columnNames.map((c, i) => [c, row[i]])) as T);
  }
  hotStats.prisma++;
  return prisma.$queryRawUnsafe<T[]>(prismaIsPostgres() ? numbered(statement.sql) : statement.sql, ...statement.args);
}
