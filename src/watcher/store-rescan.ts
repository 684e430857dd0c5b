/**
 * Reading the pending checkouts from the store: at start (a restart resumes them all) and, with
 * leases, every `rescanIntervalMs` (checkouts other processes created, their "I've paid" clicks,
 * checkouts they finished).
 *
 * The store's open index holds closed requests too while one of their sessions can still be paid
 * (request-store.ts), so a restart finds a cancelled request's session and its late payment.
 *
 * The store is read in pages (`RequestStore.scanOpen`) and only the small watch of each request is
 * kept: reading 10,000 parsed requests at once grew V8's heap by ~3 KB per checkout, which it
 * kept after gc (RSS +4.3 KB per checkout). Stores without `scanOpen` are read whole with
 * `listOpen`.
 */

import type { PaymentRequest } from '../core/requests/request.ts';
import type { RequestStore } from '../core/shared/ports.ts';
import { watchesFromStoredRequests } from './resume.ts';
import type { Entry } from './watch-queue.ts';
import type { WatcherContext } from './watcher-context.ts';

/**
 * Requests parsed at once during a scan. Measured on sqlite with 10,000 pending (bench/scale.ts
 * restart): pages of 250 still let V8 grow its young generation by ~24 MB (RSS +29 MB), pages of
 * 100 or 50 did not (RSS +16 MB); start() took the same ~350 ms either way.
 */
export const SCAN_PAGE_SIZE = 100;

export interface RescanHooks {
  drop(entry: Entry): void;
  nudge(entry: Entry, at: number): void;
  /** The queue changed: let the loop look at it. */
  kick(): void;
}

export class StoreRescan {
  readonly #context: WatcherContext;
  readonly #requests: RequestStore;
  readonly #hooks: RescanHooks;
  #generation = 0;
  #running: Promise<void> | undefined;

  constructor(context: WatcherContext, requests: RequestStore, hooks: RescanHooks) {
    this.#context = context;
    this.#requests = requests;
    this.#hooks = hooks;
  }

  /** The latest scan's number; 0 before the first. Checkouts watched since count as seen by it. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Adds every live checkout session in the store (open requests' and closed ones') that is not
   * watched yet, applies "I've paid"
   * clicks other processes recorded, and forgets checkouts another process has finished. One scan
   * at a time: a rescan due while one is still paging joins it.
   */
  run(): Promise<void> {
    this.#running ??= this.#scan().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #scan(): Promise<void> {
    const { queue, clock, metrics } = this.#context;
    const generation = ++this.#generation;
    for await (const page of openRequestPages(this.#requests)) {
      const now = clock.now();
      for (const { watch, since, paidClickedAt } of watchesFromStoredRequests(page)) {
        const existing = queue.get(watch.sessionId);
        if (existing) {
          existing.generation = generation;
          // Another process closed the request or sent a newer link: nobody waits for this one now.
          if (watch.background && !existing.background) {
            existing.background = true;
            queue.withdrawEarly(existing);
          }
          if (paidClickedAt !== undefined && paidClickedAt > existing.nudgedAt)
            this.#hooks.nudge(existing, paidClickedAt);
          continue;
        }
        queue.add(watch, since, now, paidClickedAt ?? 0, generation);
      }
    }
    for (const entry of queue.all()) {
      // Generation 0: added by watch() before the first scan; the store may lag behind it.
      const unseen = entry.generation > 0 && entry.generation < generation;
      if (unseen && !entry.leaseHeld && !entry.busy && !entry.outcome) queue.delete(entry);
    }
    metrics.watcherDepth(queue.size);
    this.#hooks.kick();
  }
}

function openRequestPages(requests: RequestStore): AsyncIterable<readonly PaymentRequest[]> {
  if (requests.scanOpen) return requests.scanOpen(SCAN_PAGE_SIZE);
  return (async function* () {
    yield await requests.listOpen();
  })();
}
