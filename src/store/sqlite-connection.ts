/**
 * The sqlite store's one connection, on Node's built-in `node:sqlite` (no native build on
 * install), with group commit: every statement asked for in one turn of the event loop runs in
 * one transaction at the end of that turn, and each caller's promise settles only after the
 * COMMIT. One fsync then covers the statements of many commands at once.
 *
 * Why: `DatabaseSync` runs on the calling thread. Committed one by one with synchronous = FULL,
 * each write waits for its own fsync on the event loop (~0.6 ms here), and a command makes
 * several writes; in one transaction a write costs ~0.03 ms (docs/benchmarks.md). The old
 * adapter (sqlite3) ran statements on libuv workers but finalized them on the main thread,
 * queued behind one mutex, which cost more CPU per statement than the statements themselves.
 *
 * Each statement stays atomic on its own (sqlite undoes only the failing statement on a
 * constraint error), so a statement's failure rejects that caller alone. An error that makes
 * sqlite roll the whole transaction back (disk full, I/O error) rejects every caller of the
 * batch: none of their writes happened, and no caller is told otherwise. Statements run in the
 * order they were asked for, as on the old one-at-a-time queue.
 *
 * BEGIN IMMEDIATE takes the write lock at once, so a second process on the same file waits
 * (busy timeout) instead of failing half-way; that wait is on the event loop. One bot process
 * per sqlite file is the deployment this store is for; several processes share Redis.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteQuery } from './sqlite-primitives.ts';

interface Pending {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly resolve: (rows: Record<string, unknown>[]) => void;
  readonly reject: (error: unknown) => void;
}

export interface SqliteConnectionOptions {
  /** How long a statement waits for another process's write lock. Default 5 s. */
  readonly busyTimeoutMs?: number;
}

/** Prepared statements kept; the store uses a few dozen distinct statements. */
const STATEMENT_CACHE = 256;

export class SqliteConnection {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #queue: Pending[] = [];
  #scheduled = false;
  #closed = false;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  static open(path: string, options: SqliteConnectionOptions = {}): SqliteConnection {
    const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5_000 });
    try {
      // WAL lets a second connection read while this one writes; FULL keeps a committed write on
      // disk across a power cut, so `put` resolving means the request survives.
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteConnection(db);
  }

  /** Same shape as the old adapter's `query`: all rows, after the statement is committed. */
  readonly query: SqliteQuery = (sql, ...params) =>
    new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('sqlite connection is closed'));
        return;
      }
      // sqlite3's `db.all(sql, [a, b])` form (keyv's iterator uses it).
      const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
      this.#queue.push({ sql, params: flat, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });

  /** Runs what is queued, then closes. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    this.#statements.clear();
    this.#db.close();
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    const db = this.#db;
    const inTransaction = batch.length > 1;
    if (inTransaction) {
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        for (const p of batch) p.reject(error);
        return;
      }
    }
    const results: ({ rows: Record<string, unknown>[] } | { error: unknown })[] = [];
    let lost: unknown;
    for (const p of batch) {
      if (lost !== undefined) break;
      try {
        results.push({ rows: this.#prepare(p.sql).all(...bind(p.params)) as Record<string, unknown>[] });
      } catch (error) {
        results.push({ error });
        // The error ended the transaction: every earlier write of the batch is undone.
        if (inTransaction && !db.isTransaction) lost = error;
      }
    }
    if (inTransaction && lost === undefined) {
      try {
        db.exec('COMMIT');
      } catch (error) {
        lost = error;
        if (db.isTransaction) db.exec('ROLLBACK');
      }
    }
    if (lost !== undefined) {
      for (const p of batch) p.reject(lost);
      return;
    }
    batch.forEach((p, i) => {
      const result = results[i];
      if (result && 'rows' in result) p.resolve(result.rows);
      else p.reject(result?.error);
    });
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= STATEMENT_CACHE) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** What sqlite3 accepted and node:sqlite does not: undefined (NULL) and booleans (0/1). */
function bind(params: readonly unknown[]): SQLInputValue[] {
  return params.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value as SQLInputValue;
  });
}
