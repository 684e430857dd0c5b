/**
 * The sqlite store's one connection, on Node's built-in `node:sqlite` (no native build on
 * install), run in a worker thread (sqlite-worker.ts) with group commit.
 *
 * Every statement asked for while the previous batch is in the worker (or in one turn of the
 * event loop) goes over as one batch and runs in one transaction; each caller's promise settles
 * only after that COMMIT, so one fsync covers the statements of many commands and a resolved
 * write is on disk. Statements run in the order they were asked for.
 *
 * Why a worker: DatabaseSync is synchronous, and with synchronous = FULL each commit waits for
 * an fsync; on the main thread that wait held the event loop, and acks with it (docs/benchmarks.md).
 * The old adapter (sqlite3) ran statements on libuv workers but finalized each on the main thread,
 * behind the connection's mutex, which cost more CPU per statement than the statements did.
 */
import { Worker } from 'node:worker_threads';
import type { Statement, StatementError, StatementResult } from './sqlite-batch.ts';
import type { SqliteQuery } from './sqlite-primitives.ts';
import type { FromWorker, SqliteWorkerData, ToWorker } from './sqlite-worker.ts';

interface Pending extends Statement {
  readonly resolve: (rows: Record<string, unknown>[]) => void;
  readonly reject: (error: unknown) => void;
}

export interface SqliteConnectionOptions {
  /** How long a batch waits for another process's write lock. Default 5 s. */
  readonly busyTimeoutMs?: number;
}

/** A statement's failure as the caller sees it: message and sqlite's codes, as before. */
export class SqliteError extends Error {
  readonly code: string | undefined;
  readonly errcode: number | undefined;
  readonly errstr: string | undefined;

  constructor(error: StatementError) {
    super(error.message);
    this.name = 'SqliteError';
    this.code = error.code;
    this.errcode = error.errcode;
    this.errstr = error.errstr;
  }
}

/**
 * At least this long between two batches' starts. Each batch is a message each way and an fsync:
 * at 200 commands a second a 2 ms floor cut CPU per command from 2.7-3.1 ms to 2.1-2.3 ms
 * (bench/ack.ts, same runs), and only after-ack work waits. It bounds sequential writes: seeding
 * 10,000 requests ran at 3,200 a second with it, 15,700 without (sqlite3: 1,080).
 */
const BATCH_FLOOR_MS = 2;

export class SqliteConnection {
  readonly #worker: Worker;
  #queue: Pending[] = [];
  #inFlight: { readonly id: number; readonly batch: Pending[] } | undefined;
  #nextId = 1;
  #scheduled = false;
  #lastSentAt = Number.NEGATIVE_INFINITY;
  #closing: Promise<void> | undefined;
  #dead: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'done') this.#settle(message.id, message.results);
    });
    worker.on('error', (error) => this.#die(error));
    worker.on('exit', (code) => this.#die(new Error(`sqlite worker exited (${code})`)));
  }

  static open(path: string, options: SqliteConnectionOptions = {}): Promise<SqliteConnection> {
    const workerData: SqliteWorkerData = { path, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 };
    const worker = startWorker(new URL('./sqlite-worker.ts', import.meta.url), workerData);
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`sqlite worker exited (${code}) while opening ${path}`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: FromWorker) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.type === 'ready') {
          // Idle, the worker does not keep the process alive (as sqlite3's connection did not);
          // while a batch is queued or in flight it does, so no write is cut off by an exit.
          worker.unref();
          resolve(new SqliteConnection(worker));
          return;
        }
        void worker.terminate();
        reject(message.type === 'failed' ? new SqliteError(message.error) : new Error('sqlite worker did not start'));
      });
    });
  }

  /** Same shape as the old adapter's `query`: all rows, once the statement is committed. */
  readonly query: SqliteQuery = (sql, ...params) =>
    new Promise((resolve, reject) => {
      if (this.#dead || this.#closing) {
        reject(this.#dead ?? new Error('sqlite connection is closed'));
        return;
      }
      // sqlite3's `db.all(sql, [a, b])` form (keyv's iterator uses it).
      const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
      this.#queue.push({ sql, params: flat, resolve, reject });
      this.#worker.ref();
      this.#schedule();
    });

  /** Lets what is queued finish, then closes the file and ends the worker. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      while ((this.#inFlight || this.#queue.length > 0) && !this.#dead) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (this.#dead) return;
      const closed = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
      // An idle worker is unref'd (a process that never closes the store may still exit). Closing
      // must hold the process until the worker is gone: without this, a shutdown whose last step
      // is this close (SIGTERM) ended with the event loop empty, close() unsettled, and nothing
      // after it (the "shutdown complete" line, the exit code) ever ran.
      this.#worker.ref();
      this.#post({ type: 'close' });
      await closed;
    })();
    return this.#closing;
  }

  /**
   * One batch in the worker at a time, and batches at least BATCH_FLOOR_MS apart: what arrives
   * meanwhile waits and joins the next one, so the busier the bot or the slower the disk, the
   * bigger the batches.
   */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    const send = () => {
      this.#scheduled = false;
      this.#send();
    };
    const wait = this.#lastSentAt + BATCH_FLOOR_MS - performance.now();
    if (wait > 0) setTimeout(send, wait);
    else setImmediate(send);
  }

  #send(): void {
    if (this.#inFlight || this.#queue.length === 0 || this.#dead) return;
    const batch = this.#queue;
    this.#queue = [];
    const id = this.#nextId++;
    this.#inFlight = { id, batch };
    this.#lastSentAt = performance.now();
    this.#post({ type: 'batch', id, statements: batch.map(({ sql, params }) => ({ sql, params })) });
  }

  #settle(id: number, results: readonly StatementResult[]): void {
    const inFlight = this.#inFlight;
    if (!inFlight || inFlight.id !== id) return;
    this.#inFlight = undefined;
    inFlight.batch.forEach((p, i) => {
      const result = results[i];
      if (result && 'rows' in result) p.resolve(result.rows);
      else p.reject(new SqliteError(result?.error ?? { message: 'no result from the sqlite worker' }));
    });
    if (this.#queue.length > 0) this.#schedule();
    else this.#worker.unref();
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  /** The worker is gone: nothing queued or in flight will run. */
  #die(error: Error): void {
    if (this.#dead) return;
    this.#dead = error;
    const pending = [...(this.#inFlight?.batch ?? []), ...this.#queue];
    this.#inFlight = undefined;
    this.#queue = [];
    for (const p of pending) p.reject(error);
  }
}

/**
 * The worker inherits node's flags (--cpu-prof profiles it too), but not --input-type, which a
 * worker started from a file refuses, nor the V8 and process-wide flags a worker cannot take
 * (--expose-gc in bench/scale, --max-old-space-size, --title …): Node names those in the error
 * it throws, so they are dropped and the worker started again.
 */
function startWorker(file: URL, workerData: SqliteWorkerData): Worker {
  let execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
  for (;;) {
    try {
      return new Worker(file, { workerData, execArgv });
    } catch (err) {
      const refused = invalidFlags(err);
      const kept = execArgv.filter((flag) => !refused.some((bad) => flag === bad || flag.startsWith(`${bad}=`)));
      if (refused.length === 0 || kept.length === execArgv.length) throw err;
      execArgv = kept;
    }
  }
}

function invalidFlags(err: unknown): string[] {
  if (!(err instanceof Error) || (err as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return [];
  const list = err.message.split(':').slice(1).join(':');
  return list
    .split(',')
    .map((flag) => flag.trim().split('=')[0] ?? '')
    .filter((flag) => flag.startsWith('-'));
}
