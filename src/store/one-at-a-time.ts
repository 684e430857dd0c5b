/**
 * Runs sqlite statements one at a time on the single connection.
 *
 * node-sqlite3 finalizes every statement of `db.all` on the main thread (sqlite3_finalize, in
 * the completion callback), and the connection is opened FULLMUTEX: when another statement is
 * running on a libuv worker at that moment, the main thread blocks on the connection mutex
 * until that statement ends, fsync of its commit included (synchronous = FULL). Under load the
 * event loop spent close to half its busy time blocked there, delaying every ack in the
 * process (docs/benchmarks.md). The connection runs one statement at a time anyway, so queueing
 * them here costs no throughput and lets each finalize find the mutex free.
 */
export function oneAtATime<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const result = tail.then(() => run(...args));
    tail = result.catch(() => {});
    return result;
  };
}
