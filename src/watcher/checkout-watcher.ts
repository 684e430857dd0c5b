/**
 * Polls confirm-checkout for every checkout session the bot created, under one shared budget of
 * billing calls, until each is paid or can no longer be paid (past `expiresAt` and one last
 * check), whatever happens to its request, and tells the engine the outcomes. Sessions nobody
 * waits for (closed requests, superseded links) are checked in the background: slower, and only
 * when people's checks are not waiting.
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
  PromptCheck,
  RateBudget,
  RequestStore,
} from '../core/shared/ports.ts';
import { noMetrics } from '../core/shared/ports.ts';
import { ConfirmCheck } from './confirm-check.ts';
import type { ConfirmDecision } from './confirm-decision.ts';
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
  /**
   * The budget a person's prompt check ("I've paid", Cancel's check) takes from: a person is
   * waiting, so it may use the reserve the watcher's own checks leave. Default: `budget`.
   */
  readonly promptBudget?: RateBudget;
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
  readonly #checks: ConfirmCheck;
  /** What prompt checks take from (a person is waiting). */
  readonly #budget: RateBudget;
  /** Checks in flight by session: a prompt check joins one instead of calling twice. */
  readonly #inFlight = new Map<string, Promise<ConfirmDecision | undefined>>();
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
    this.#checks = checks;
    this.#budget = deps.promptBudget ?? deps.budget;
    this.#loop = new PollLoop(this.#context, deps.budget, early, {
      check: (entry) => this.#check(entry),
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
    const existing = this.#queue.get(watch.sessionId);
    if (existing) {
      // Same session again: the request closed or moved to a newer link (never back to waited-for).
      if (watch.background && !existing.background) {
        existing.background = true;
        this.#queue.withdrawEarly(existing);
      }
      return;
    }
    const now = this.#context.clock.now();
    this.#queue.add(watch, now, now + this.#context.options.firstCheckMs, 0, this.#rescan.generation);
    this.#context.metrics.watcherDepth(this.#queue.size);
    this.#loop.kick();
  }

  nudge(sessionId: string): void {
    const entry = this.#queue.get(sessionId);
    if (!entry) return;
    applyNudge(this.#queue, entry, this.#context.clock.now(), this.#context.options);
    this.#loop.kick();
  }

  unwatch(sessionId: string): void {
    const entry = this.#queue.get(sessionId);
    if (entry) this.#drop(entry);
  }

  /**
   * "I've paid": one confirm call now if the shared budget has a token (a person is waiting, so
   * no reserve is kept), joined with a check already in flight. A final outcome is handed to the
   * engine before this resolves, so the caller must not hold the request's lock. Without a token
   * the session is nudged and checked first when one frees up.
   */
  async checkNow(watch: CheckoutWatch): Promise<PromptCheck> {
    if (!this.#running) return { kind: 'unavailable' };
    this.watch(watch);
    const entry = this.#queue.get(watch.sessionId);
    if (!entry) return { kind: 'unavailable' };
    const now = this.#context.clock.now();
    applyNudge(this.#queue, entry, now, this.#context.options);
    let running = this.#inFlight.get(watch.sessionId);
    if (!running) {
      if (entry.outcome) return { kind: 'answered', outcome: entry.outcome };
      const { granted, waitMs } = await this.#budget.tryTake(now);
      if (!granted) {
        this.#loop.kick();
        return { kind: 'budget', waitMs: Math.max(0, waitMs) };
      }
      running = this.#inFlight.get(watch.sessionId) ?? this.#check(entry);
    }
    const decision = await running;
    this.#loop.kick();
    return promptAnswer(decision);
  }

  async #check(entry: Entry): Promise<ConfirmDecision | undefined> {
    const key = entry.watch.sessionId;
    const running = this.#checks.check(entry);
    this.#inFlight.set(key, running);
    try {
      return await running;
    } finally {
      if (this.#inFlight.get(key) === running) this.#inFlight.delete(key);
    }
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

function promptAnswer(decision: ConfirmDecision | undefined): PromptCheck {
  if (!decision) return { kind: 'unavailable' };
  switch (decision.kind) {
    case 'final':
      return { kind: 'answered', outcome: decision.outcome };
    case 'again':
      return { kind: 'answered', outcome: { status: 'pending', reason: 'not paid yet' } };
    default:
      return { kind: 'unavailable' };
  }
}
