// One writer at a time on the shared SQLite connection.
//
// Every task of the process (scan workers, API requests) shares one better-sqlite3 connection.
// The Prisma adapter takes its lock only when a transaction starts, so a plain statement of
// another task could run while a transaction was open: it became part of that transaction,
// lost if it rolled back, and it could read rows not committed yet (bench/FINDINGS.md). This
// wrapper makes every statement outside a transaction wait while one is open. better-sqlite3
// runs a statement synchronously, so when no transaction is open a statement runs at once with
// no extra await (the scan's hot path pays nothing then).
//
// ARCHGRID_TX_TRACE=<file> appends one line per transaction event (begin, statement, commit,
// rollback) with a synchronous write, so a process killed at any moment leaves a trace that says
// whether a transaction was open (test/crash reads it). ARCHGRID_TX_HOLD_MS=<n> (only with the
// trace) pauses n ms after each statement that writes, inside a transaction or not: a transaction
// lasts well under a millisecond, so without it a kill at a random moment almost never finds one
// open, nor lands between two statements that should have been one transaction. Both are for the
// crash test and off unless set.
import fs from "node:fs";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];
export type OneWriterFactory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect">;

/** A first-come, first-served lock; `release` hands it straight to the next waiter. */
class Turn {
  #held = false;
  readonly #waiters: Array<() => void> = [];
  get held(): boolean {
    return this.#held;
  }
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }
}

class Trace {
  readonly #fd: number | null;
  readonly holdMs: number;
  #next = 0;
  constructor(file: string | undefined, holdMs: number) {
    this.#fd = file ? fs.openSync(file, "a") : null;
    this.holdMs = this.#fd === null ? 0 : holdMs;
  }
  get on(): boolean {
    return this.#fd !== null;
  }
  id(): number {
    return ++this.#next;
  }
  write(event: string, id: number): void {
    if (this.#fd !== null) fs.writeSync(this.#fd, `${process.pid} ${event} ${id}\n`);
  }
}

const isCommit = (q: Query) => /^\s*COMMIT\b/i.test(q.sql);
const isRead = (q: Query) => /^\s*(SELECT|PRAGMA|WITH)\b/i.test(q.sql);

function wrapTransaction(inner: Transaction, turn: Turn, trace: Trace): Transaction {
  const id = trace.on ? trace.id() : 0;
  let open = true;
  const end = (event: "commit" | "rollback") => {
    if (!open) return;
    open = false;
    trace.write(event, id);
    turn.release();
  };
  trace.write("begin", id);
  const run = async <T>(q: Query, exec: () => Promise<T>): Promise<T> => {
    try {
      const out = await exec();
      if (!isCommit(q)) {
        trace.write("statement", id);
        if (trace.holdMs > 0 && !isRead(q)) await new Promise((r) => setTimeout(r, trace.holdMs));
      }
      return out;
    } catch (e) {
      // Prisma forgets a transaction whose COMMIT failed (e.g. SQLITE_BUSY against another
      // process) without calling rollback(): the connection would stay inside it, and the lock
      // taken forever. Roll it back here so that a failed commit means nothing was written.
      if (isCommit(q) && open) {
        await inner.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
        await inner.rollback();
        end("rollback");
      }
      throw e;
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: inner.options,
    queryRaw: (q) => run(q, () => inner.queryRaw(q)),
    executeRaw: (q) => run(q, () => inner.executeRaw(q)),
    commit: async () => {
      await inner.commit();
      end("commit");
    },
    rollback: async () => {
      await inner.rollback();
      end("rollback");
    },
  };
}

function wrapAdapter(inner: Adapter, trace: Trace, publish: (direct: DirectSqlite | null) => void): Adapter {
  const turn = new Turn();
  /** Runs a statement of a task that holds no transaction: at once when none is open, else after it. */
  const outside = async <T>(exec: () => Promise<T>): Promise<T> => {
    if (!turn.held) return exec();
    await turn.acquire();
    try {
      return await exec();
    } finally {
      turn.release();
    }
  };
  /** The crash test's pause after a write (the turn is not held meanwhile). */
  const held = async <T>(q: Query, out: Promise<T>): Promise<T> => {
    const r = await out;
    if (trace.holdMs > 0 && !isRead(q)) await new Promise((resolve) => setTimeout(resolve, trace.holdMs));
    return r;
  };
  // The adapter's better-sqlite3 connection (a public field of its class): the hot path's
  // statements run on it, under the same turn and trace as Prisma's.
  const db = (inner as unknown as { client?: BetterSqlite3.Database }).client;
  publish(db && typeof db.prepare === "function" ? directSqlite(db, turn, trace) : null);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q) => held(q, outside(() => inner.queryRaw(q))),
    executeRaw: (q) => held(q, outside(() => inner.executeRaw(q))),
    executeScript: (script) => outside(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    startTransaction: async (isolationLevel) => {
      await turn.acquire();
      try {
        return wrapTransaction(await inner.startTransaction(isolationLevel), turn, trace);
      } catch (e) {
        turn.release();
        throw e;
      }
    },
    dispose: () => inner.dispose(),
  };
}

/** The adapter factory Prisma is given: the better-sqlite3 one, one writer at a time. */
export function oneWriter(inner: PrismaBetterSQLite3, traceFile = process.env.ARCHGRID_TX_TRACE, holdMs = Number(process.env.ARCHGRID_TX_HOLD_MS) || 0): OneWriterFactory {
  const trace = new Trace(traceFile || undefined, holdMs);
  const factory: OneWriterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wrapAdapter(await inner.connect(), trace, (d) => directs.set(factory, d)),
  };
  return factory;
}

// On globalThis: another module copy of this file (Next bundles lib/ more than once) must find the
// connection the copy that opened the client recorded (lib/db-client.ts says why).
const sharedDirects = globalThis as unknown as { archgridDirects?: WeakMap<OneWriterFactory, DirectSqlite | null> };
const directs = (sharedDirects.archgridDirects ??= new WeakMap<OneWriterFactory, DirectSqlite | null>());

/** The hot path's handle on the connection `factory` opened (null before Prisma connected it, or if it is not better-sqlite3). */
export function directOf(factory: OneWriterFactory): DirectSqlite | null {
  return directs.get(factory) ?? null;
}

// ---- The scan's hot path on the shared connection (lib/queries/hot-sql.ts says why) ----

/** A value bound to a hot-path statement; stored as Prisma stores it (see toSqlite). */
export type DirectValue = string | number | bigint | boolean | Date | null;
export interface DirectStatement {
  /** SQL with `?` placeholders. */
  sql: string;
  args: readonly DirectValue[];
}

export interface DirectSqlite {
  /** False once Prisma disconnected (the connection is closed). */
  readonly open: boolean;
  /** Runs the statements in order, in one transaction when `transaction`; returns each one's changed-row count. */
  run(statements: readonly DirectStatement[], transaction: boolean): Promise<number[]>;
  /** Reads rows as objects (integers as numbers). */
  all<T>(statement: DirectStatement): Promise<T[]>;
}

/** Runs `fn` now, synchronously, and hands its outcome back as a promise. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Prisma's SQLite adapter writes a DateTime as ISO 8601 with `+00:00` and a Boolean as 0/1: so does the hot path. */
function toSqlite(v: DirectValue): string | number | bigint | null {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

// Prepared statements kept per SQL text. The hot path's texts are few (an IN list or a multi-row
// VALUES varies with its length), so the cap is only a guard against an unbounded variety.
const MAX_PREPARED = 500;

function directSqlite(db: BetterSqlite3.Database, turn: Turn, trace: Trace): DirectSqlite {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    let st = prepared.get(sql);
    if (!st) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      st = db.prepare(sql);
      if (st.reader) st.safeIntegers(false);
      prepared.set(sql, st);
    }
    return st;
  };
  const exec = (s: DirectStatement): number => prepare(s.sql).run(...s.args.map(toSqlite)).changes;
  const pause = () => new Promise((r) => setTimeout(r, trace.holdMs));

  /** BEGIN … COMMIT with no await in between: no other task's statement can run inside it. */
  const runNow = (statements: readonly DirectStatement[]): number[] => {
    prepare("BEGIN").run();
    try {
      const out = statements.map(exec);
      prepare("COMMIT").run();
      return out;
    } catch (e) {
      // A failed statement, or a failed COMMIT (SQLite then stays inside the transaction).
      if (db.inTransaction) prepare("ROLLBACK").run();
      throw e;
    }
  };

  /** The same under the turn, traced, with the crash test's pause after each write. */
  const runTraced = async (statements: readonly DirectStatement[]): Promise<number[]> => {
    const id = trace.id();
    trace.write("begin", id);
    let ended = false;
    try {
      prepare("BEGIN").run();
      const out: number[] = [];
      for (const s of statements) {
        out.push(exec(s));
        trace.write("statement", id);
        if (trace.holdMs > 0) await pause();
      }
      prepare("COMMIT").run();
      ended = true;
      trace.write("commit", id);
      return out;
    } finally {
      if (!ended) {
        if (db.inTransaction) prepare("ROLLBACK").run();
        trace.write("rollback", id);
      }
    }
  };

  /** Waits while another task's transaction holds the connection, then runs `fn` holding it. */
  const inTurn = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    await turn.acquire();
    try {
      return await fn();
    } finally {
      turn.release();
    }
  };

  return {
    get open() {
      return db.open;
    },
    run(statements, transaction) {
      if (transaction) {
        // Checked and run in the same synchronous step: no other task can take the turn in between.
        if (!turn.held && !trace.on) return settle(() => runNow(statements));
        return inTurn(() => (trace.on ? runTraced(statements) : runNow(statements)));
      }
      const each = async () => {
        const out: number[] = [];
        for (const s of statements) {
          out.push(exec(s));
          if (trace.holdMs > 0) await pause();
        }
        return out;
      };
      return turn.held || trace.holdMs > 0 ? inTurn(each) : each();
    },
    all<T>(s: DirectStatement) {
      const read = () => prepare(s.sql).all(...s.args.map(toSqlite)) as T[];
      return turn.held ? inTurn(read) : settle(read);
    },
  };
}
