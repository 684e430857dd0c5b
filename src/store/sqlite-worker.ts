/**
 * The sqlite store's connection, in a worker thread of its own (started by sqlite-connection.ts).
 *
 * `node:sqlite` is synchronous: on the main thread each COMMIT's fsync (synchronous = FULL) would
 * hold the event loop, and acks with it: ~0.6 ms on a quiet disk, 10 ms and more when other
 * processes write (bench/ack.ts profile, docs/benchmarks.md). Here it holds only this thread.
 *
 * Messages: { type: 'batch', id, statements } → { type: 'done', id, results }; { type: 'close' }
 * → { type: 'closed' }. The first message out is { type: 'ready' } or { type: 'failed', error }.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { BatchRunner, describe, type Statement, type StatementError, type StatementResult } from './sqlite-batch.ts';

export interface SqliteWorkerData {
  readonly path: string;
  readonly busyTimeoutMs: number;
}

export type ToWorker =
  | { readonly type: 'batch'; readonly id: number; readonly statements: readonly Statement[] }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: StatementError }
  | { readonly type: 'done'; readonly id: number; readonly results: readonly StatementResult[] }
  | { readonly type: 'closed' };

const port = parentPort;
if (!port) throw new Error('sqlite-worker.ts runs as a worker thread');
const { path, busyTimeoutMs } = workerData as SqliteWorkerData;
const send = (message: FromWorker) => port.postMessage(message);

let db: DatabaseSync | undefined;
try {
  db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  // WAL lets a second connection read while this one writes; FULL keeps a committed write on
  // disk across a power cut, so `put` resolving means the request survives.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
} catch (error) {
  db?.close();
  db = undefined;
  send({ type: 'failed', error: describe(error) });
}

if (db) {
  const open = db;
  const runner = new BatchRunner(open);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'batch') {
      send({ type: 'done', id: message.id, results: runner.run(message.statements) });
      return;
    }
    open.close();
    send({ type: 'closed' });
    port.close();
  });
  send({ type: 'ready' });
}
