/**
 * Polls confirm-checkout for every checkout awaiting payment, under one shared budget of billing
 * calls, until each is paid or expired, and tells the engine the final outcome.
 *
 * This file wires the parts together and keeps the public surface: the scheduler loop
 * (poll-loop.ts), one check and the hand-over of its outcome (confirm-check.ts), early checks
 * from spare budget (early-spending.ts), leases shared with other processes (lease-keeper.ts) and
 * reading the pending checkouts from the store (store-rescan.ts).
 */
import type {
  BillingPort,
  CheckoutOutcomeSink,
  CheckoutWatch,
  CheckoutWatcher,
  Clock,
  LeaseStore,
  Logger,
  Metrics,
  RateBudget,
  RequestStore,
} from '../core/ports.ts';
import { noMetrics } from '../core/ports.ts';
import { ConfirmCheck } from './confirm-check.ts';
import { EarlySpending } from './early-spending.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { PollLoop } from './poll-loop.ts';
import { DEFAULT_WATCHER_OPTIONS, type WatcherOptions } from './schedule.ts';
import { StoreRescan } from './store-rescan.ts';
import { applyNudge } from './urgency.ts';
import { WatchLeases } from './watch-leases.ts';
import { type Entry, WatchQueue } from './watch-queue.ts';
import type { WatcherContext } from './watcher-context.ts';

export interface CheckoutWatcherDeps {
  readonly billing: BillingPort;
  readonly sink: CheckoutOutcomeSink;
  readonly budget: RateBudget;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly requests: RequestStore;
  readonly metrics?: Metrics;
  /** With leases, several processes share the pending checkouts; each is polled by one. */
  readonly leases?: LeaseStore;
  readonly ownerId?: string;
}

export class CheckoutWatcherImpl implements CheckoutWatcher {
  readonly #context: WatcherContext;
  readonly #queue = new WatchQueue();
  readonly #leases: LeaseKeeper | undefined;
  readonly #loop: PollLoop;
  readonly #rescan: StoreRescan;
  #running = false;

  constructor(deps: CheckoutWatcherDeps, options: Partial<WatcherOptions> = {}) {
    const merged = { ...DEFAULT_WATCHER_OPTIONS, ...options };
    const log = deps.logger.child({ component: 'watcher' });
    this.#context = {
      queue: this.#queue,
      options: merged,
      clock: deps.clock,
      log,
      metrics: deps.metrics ?? noMetrics,
      isRunning: () => this.#running,
    };
    const owner = deps.ownerId ?? `watcher-${process.pid}`;
    const leases = deps.leases
      ? new LeaseKeeper(this.#context, new WatchLeases(deps.leases, deps.requests, owner, merged.leaseTtlMs, log))
      : undefined;
    this.#leases = leases;
    const early = new EarlySpending(this.#queue, merged, leases !== undefined);
    const checks = new ConfirmCheck(this.#context, deps, early, {
      drop: (entry) => this.#drop(entry),
      releaseLease: (entry) => this.#releaseLease(entry),
    });
    this.#loop = new PollLoop(this.#context, deps.budget, early, {
      check: (entry) => checks.check(entry),
      deliver: (entry) => checks.deliver(entry),
      takeLease: leases ? (entry, now) => leases.take(entry, now) : undefined,
    });
    this.#rescan = new StoreRescan(this.#context, deps.requests, {
      drop: (entry) => this.#drop(entry),
      nudge: (entry, at) => applyNudge(this.#queue, entry, at, merged),
      kick: () => this.#loop.kick(),
    });
  }

  /** Resume every checkout awaiting payment in the store, then keep polling. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#rescan.run();
    this.#leases?.startMaintenance((rescan) => this.#loop.track(this.#maintain(rescan)));
    this.#loop.kick();
  }

  /**
   * Stop polling and wait for calls in flight. `releaseLeases: false` leaves the leases to expire,
   * as a killed process would.
   */
  async stop(options: { releaseLeases?: boolean } = {}): Promise<void> {
    this.#running = false;
    this.#loop.halt();
    this.#leases?.stopMaintenance();
    await this.#loop.settled();
    if (options.releaseLeases !== false) {
      await Promise.allSettled(this.#queue.all().map((e) => this.#releaseLease(e)));
    }
  }

  watch(watch: CheckoutWatch): void {
    const existing = this.#queue.get(watch.requestId);
    if (existing && existing.watch.sessionId === watch.sessionId) return;
    if (existing) this.#drop(existing);
    const now = this.#context.clock.now();
    this.#queue.add(watch, now, now + this.#context.options.firstCheckMs, 0, this.#rescan.generation);
    this.#context.metrics.watcherDepth(this.#queue.size);
    this.#loop.kick();
  }

  nudge(requestId: string): void {
    const entry = this.#queue.get(requestId);
    if (!entry) return;
    applyNudge(this.#queue, entry, this.#context.clock.now(), this.#context.options);
    this.#loop.kick();
  }

  unwatch(requestId: string): void {
    const entry = this.#queue.get(requestId);
    if (entry) this.#drop(entry);
  }

  size(): number {
    return this.#queue.size;
  }

  #drop(entry: Entry): void {
    this.#queue.delete(entry);
    this.#context.metrics.watcherDepth(this.#queue.size);
    void this.#releaseLease(entry);
  }

  async #releaseLease(entry: Entry): Promise<void> {
    await this.#leases?.release(entry);
  }

  async #maintain(rescan: boolean): Promise<void> {
    await this.#leases?.renewHeld();
    if (rescan) await this.#rescan.run();
  }
}
