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

function wrapAdapter(inner: Adapter, trace: Trace): Adapter {
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
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wrapAdapter(await inner.connect(), trace),
  };
}
