/**
 * Several processes share the pending checkouts: each is polled by the one holding its
 * `watch:<sessionId>` lease (watch-leases.ts). This takes a lease before a checkout's first check,
 * hands it back when the checkout leaves, and renews the held ones every third of their life.
 */
import type { TimerHandle } from '../core/shared/ports.ts';
import { urgencyRank } from './urgency.ts';
import type { WatchLeases } from './watch-leases.ts';
import type { Entry } from './watch-queue.ts';
import type { WatcherContext } from './watcher-context.ts';

const RENEW_BATCH = 100;

export class LeaseKeeper {
  readonly #context: WatcherContext;
  readonly #leases: WatchLeases;
  #maintenance: TimerHandle | undefined;

  constructor(context: WatcherContext, leases: WatchLeases) {
    this.#context = context;
    this.#leases = leases;
  }

  /** The entry was taken out of the ready heap for this; it goes back in only if the lease is ours. */
  async take(entry: Entry, now: number): Promise<void> {
    const { queue, metrics, options, clock } = this.#context;
    entry.busy = true;
    const result = await this.#leases.take(entry.watch).finally(() => {
      entry.busy = false;
    });
    if (!queue.isCurrent(entry)) {
      if (result.kind === 'held') await this.#leases.release(entry.watch.sessionId);
    } else if (result.kind === 'gone') {
      queue.delete(entry);
      metrics.watcherDepth(queue.size);
    } else if (result.kind === 'busy') {
      queue.schedule(entry, now + result.retryInMs);
    } else {
      entry.leaseHeld = true;
      queue.pushReady(entry, urgencyRank(entry, clock.now(), options));
    }
  }

  async release(entry: Entry): Promise<void> {
    if (!entry.leaseHeld) return;
    entry.leaseHeld = false;
    await this.#leases.release(entry.watch.sessionId);
  }

  /** In batches: thousands of round trips one after another would outlast the lease itself. */
  async renewHeld(): Promise<void> {
    const held = this.#context.queue.all().filter((e) => e.leaseHeld);
    for (let i = 0; i < held.length; i += RENEW_BATCH) {
      const batch = held.slice(i, i + RENEW_BATCH);
      const kept = await Promise.all(batch.map((e) => this.#leases.renew(e.watch.sessionId)));
      batch.forEach((entry, j) => {
        if (kept[j]) return;
        entry.leaseHeld = false;
        this.#context.log.warn({ requestId: entry.watch.requestId }, 'lost the lease on a checkout');
      });
    }
  }

  /**
   * Calls `maintain` every third of the lease time while the watcher runs, with `rescan` true
   * once every `rescanIntervalMs`.
   */
  startMaintenance(maintain: (rescan: boolean) => void): void {
    const { clock, options } = this.#context;
    const period = Math.max(1, Math.floor(options.leaseTtlMs / 3));
    let sinceRescan = 0;
    const tick = () => {
      if (!this.#context.isRunning()) return;
      sinceRescan += period;
      const rescan = sinceRescan >= options.rescanIntervalMs;
      if (rescan) sinceRescan = 0;
      maintain(rescan);
      this.#maintenance = clock.setTimer(tick, period);
    };
    this.#maintenance = clock.setTimer(tick, period);
  }

  stopMaintenance(): void {
    this.#maintenance?.cancel();
    this.#maintenance = undefined;
  }
}
