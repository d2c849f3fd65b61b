// Binds repositories to either the whole database or one open transaction, and keeps
// callers from using the outer Database inside transaction(fn): on SQLite that call would wait
// forever for the single connection the transaction holds, on PostgreSQL it would silently
// run outside the transaction. Both backends reject it the same way instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Executor } from './schema.ts';

/** The root Db whose transaction(fn) the current async context is inside of, if any. */
const insideTransactionOf = new AsyncLocalStorage<Db>();

function assertOutsideTransaction(db: Db): void {
  if (insideTransactionOf.getStore() === db) {
    throw new Error(
      'Database used inside its own transaction(fn): call the repositories on the tx argument instead',
    );
  }
}

export function rootExecutor(db: Db): Executor {
  return {
    db() {
      assertOutsideTransaction(db);
      return db;
    },
    atomic(fn) {
      assertOutsideTransaction(db);
      return db.transaction().execute(fn);
    },
  };
}

export function transactionExecutor(trx: Db): Executor {
  return { db: () => trx, atomic: (fn) => fn(trx) };
}

/** Transactions of runTransaction in flight, in the whole process. */
let open = 0;

/**
 * Runs fn in a transaction of db, marking the async context so the guard above can see it.
 * On Node 20 an AsyncLocalStorage, once run, slows every promise in the process (~65 ns each,
 * 0.45 -> 1.15 µs for ten awaits; 5-15 µs of a cache hit), until it is disabled. So it is on
 * only while a transaction is: the last one to end disables it.
 */
export async function runTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  assertOutsideTransaction(db);
  open++;
  try {
    return await db.transaction().execute((trx) => insideTransactionOf.run(db, () => fn(trx)));
  } finally {
    if (--open === 0) insideTransactionOf.disable();
  }
}
