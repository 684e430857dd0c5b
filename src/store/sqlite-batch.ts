/**
 * Group commit on one `node:sqlite` connection: a batch of statements runs in call order in one
 * transaction (one fsync for all of them), inside the sqlite worker (sqlite-worker.ts).
 *
 * Each statement stays atomic on its own (sqlite undoes only the failing statement on a
 * constraint error), so a statement's failure is that caller's alone. An error that makes sqlite
 * roll the whole transaction back (disk full, I/O error), or a failed COMMIT, fails every
 * statement of the batch: none of their writes happened, and no caller is told otherwise.
 *
 * BEGIN IMMEDIATE takes the write lock at once, so a second process on the same file makes the
 * batch wait (busy timeout) instead of failing half-way.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** An error as it crosses the thread boundary: what callers and logs read from it. */
export interface StatementError {
  readonly message: string;
  readonly code?: string;
  readonly errcode?: number;
  readonly errstr?: string;
}

export type StatementResult = { readonly rows: Record<string, unknown>[] } | { readonly error: StatementError };

/** Prepared statements kept; the store uses a few dozen distinct statements. */
const STATEMENT_CACHE = 256;

export class BatchRunner {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  run(batch: readonly Statement[]): StatementResult[] {
    const db = this.#db;
    const inTransaction = batch.length > 1;
    if (inTransaction) {
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        return batch.map(() => ({ error: describe(error) }));
      }
    }
    const results: StatementResult[] = [];
    for (const statement of batch) {
      try {
        results.push({
          rows: this.#prepare(statement.sql).all(...bind(statement.params)) as Record<string, unknown>[],
        });
      } catch (error) {
        // The error ended the transaction: every earlier write of the batch is undone.
        if (inTransaction && !db.isTransaction) return batch.map(() => ({ error: describe(error) }));
        results.push({ error: describe(error) });
      }
    }
    if (inTransaction) {
      try {
        db.exec('COMMIT');
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        return batch.map(() => ({ error: describe(error) }));
      }
    }
    return results;
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

export function describe(error: unknown): StatementError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, errcode, errstr } = error as Error & { code?: unknown; errcode?: unknown; errstr?: unknown };
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof errcode === 'number' ? { errcode } : {}),
    ...(typeof errstr === 'string' ? { errstr } : {}),
  };
}
