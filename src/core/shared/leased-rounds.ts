/**
 * The skeleton of a background monitor (alerts/low-balance-monitor.ts,
 * subscriptions/payment-monitor.ts): a round now, then every `intervalMs` on the Clock until
 * `stop()`; one round at a time (overlapping calls share the one in flight); and, with several
 * bot processes on one store, a lease so only one of them runs a round.
 */
import type { Clock, LeaseStore, TimerHandle } from './ports.ts';

export interface RoundLease {
  readonly store: LeaseStore;
  readonly key: string;
  readonly owner: string;
  /** The lease store failed: the round is skipped (the caller logs it in its own words). */
  readonly onUnavailable: (err: unknown) => void;
}

export interface LeasedRoundsOptions<R> {
  readonly clock: Clock;
  readonly intervalMs: number;
  /** One round. It calls `holdLease()` itself, to answer in its own terms when it may not run. */
  readonly round: () => Promise<R>;
  /** Without one, this process always runs the rounds. */
  readonly lease?: RoundLease;
}

export class LeasedRounds<R> {
  readonly #options: LeasedRoundsOptions<R>;
  #timer: TimerHandle | undefined;
  #running: Promise<R> | undefined;

  constructor(options: LeasedRoundsOptions<R>) {
    this.#options = options;
  }

  /** A round now, then every `intervalMs` on the clock until `stop()`. */
  start(): void {
    this.stop();
    const tick = () => {
      this.#timer = this.#options.clock.setTimer(() => {
        void this.runOnce().finally(() => {
          if (this.#timer) tick();
        });
      }, this.#options.intervalMs);
    };
    tick();
    void this.runOnce();
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /** One round; overlapping calls share the one in flight. */
  runOnce(): Promise<R> {
    this.#running ??= this.#options.round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** True when this process is the one that runs the round (always, without a lease). */
  async holdLease(): Promise<boolean> {
    const { lease, intervalMs } = this.#options;
    if (!lease) return true;
    // Twice the interval: the holder renews at every round; a dead holder's lease lapses after it.
    const ttl = intervalMs * 2;
    try {
      return (
        (await lease.store.renew(lease.key, lease.owner, ttl)) ||
        (await lease.store.acquire(lease.key, lease.owner, ttl))
      );
    } catch (err) {
      lease.onUnavailable(err);
      return false;
    }
  }
}
