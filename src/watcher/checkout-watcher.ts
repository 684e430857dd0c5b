/**
 * Polls confirm-checkout for every checkout awaiting payment, under one shared budget of billing
 * calls, until each is paid or expired, and tells the engine the final outcome.
 *
 * Two heaps and one timer: `#waiting` orders checkouts by due time; when one falls due it moves
 * to `#ready`, ordered by urgency ("I've paid" first, then fresh links, then old ones) and
 * drained as fast as the budget allows. The single timer is armed for the earliest due time or
 * for when the budget has a token again.
 */
import { BillingRateLimitedError, BillingUnavailableError } from '../core/errors.ts';
import type {
  BillingPort,
  CheckoutOutcomeSink,
  CheckoutWatch,
  CheckoutWatcher,
  Clock,
  ConfirmOutcome,
  LeaseStore,
  Logger,
  Metrics,
  RateBudget,
  RequestStore,
  TimerHandle,
} from '../core/ports.ts';
import { noMetrics } from '../core/ports.ts';
import { EntryHeap } from './entry-heap.ts';
import { watchesFromOpenRequests } from './resume.ts';
import { DEFAULT_WATCHER_OPTIONS, isNudged, nextCheckAt, retryDelay, type WatcherOptions } from './schedule.ts';

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

const RANK_NUDGED = 0;
const RANK_FRESH = 1;
const RANK_OLD = 2;
const CONFIRM_ENDPOINT = 'confirm-checkout';

/** Per pending checkout: a few numbers and the watch itself (well under 1 KB). */
interface Entry {
  readonly watch: CheckoutWatch;
  readonly since: number;
  nudgedAt: number;
  dueAt: number;
  rank: number;
  heapIndex: number;
  failures: number;
  /** The rescan generation that last saw this checkout in the store. */
  generation: number;
  busy: boolean;
  leaseHeld: boolean;
  /** A final outcome the engine has not accepted yet. */
  outcome: ConfirmOutcome | undefined;
}

export class CheckoutWatcherImpl implements CheckoutWatcher {
  readonly #deps: CheckoutWatcherDeps;
  readonly #options: WatcherOptions;
  readonly #log: Logger;
  readonly #metrics: Metrics;
  readonly #owner: string;
  readonly #entries = new Map<string, Entry>();
  readonly #waiting = new EntryHeap<Entry>((a, b) => a.dueAt < b.dueAt);
  readonly #ready = new EntryHeap<Entry>((a, b) => a.rank < b.rank || (a.rank === b.rank && a.dueAt < b.dueAt));
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #pumping = false;
  #pumpAgain = false;
  #budgetFreeAt = 0;
  #timer: TimerHandle | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #maintenance: TimerHandle | undefined;
  #generation = 0;

  constructor(deps: CheckoutWatcherDeps, options: Partial<WatcherOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_WATCHER_OPTIONS, ...options };
    this.#log = deps.logger.child({ component: 'watcher' });
    this.#metrics = deps.metrics ?? noMetrics;
    this.#owner = deps.ownerId ?? `watcher-${process.pid}`;
  }

  /** Resume every checkout awaiting payment in the store, then keep polling. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#rescan();
    if (this.#deps.leases) this.#scheduleMaintenance();
    this.#kick();
  }

  /**
   * Stop polling and wait for calls in flight. `releaseLeases: false` leaves the leases to expire,
   * as a killed process would.
   */
  async stop(options: { releaseLeases?: boolean } = {}): Promise<void> {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    this.#maintenance?.cancel();
    this.#maintenance = undefined;
    await Promise.allSettled([...this.#inFlight]);
    if (options.releaseLeases !== false) {
      await Promise.allSettled(
        [...this.#entries.values()].filter((e) => e.leaseHeld).map((e) => this.#releaseLease(e)),
      );
    }
  }

  watch(watch: CheckoutWatch): void {
    const existing = this.#entries.get(watch.requestId);
    if (existing && existing.watch.sessionId === watch.sessionId) return;
    if (existing) this.#drop(existing, false);
    const now = this.#deps.clock.now();
    this.#add(watch, now, now + this.#options.firstCheckMs, 0);
    this.#kick();
  }

  nudge(requestId: string): void {
    const entry = this.#entries.get(requestId);
    if (!entry) return;
    this.#applyNudge(entry, this.#deps.clock.now());
    this.#kick();
  }

  unwatch(requestId: string): void {
    const entry = this.#entries.get(requestId);
    if (entry) this.#drop(entry, true);
  }

  size(): number {
    return this.#entries.size;
  }

  // ------------------------------------------------------------ bookkeeping

  #add(watch: CheckoutWatch, since: number, dueAt: number, nudgedAt: number): Entry {
    const entry: Entry = {
      watch,
      since,
      nudgedAt,
      dueAt,
      rank: RANK_OLD,
      heapIndex: -1,
      failures: 0,
      generation: this.#generation,
      busy: false,
      leaseHeld: false,
      outcome: undefined,
    };
    this.#entries.set(watch.requestId, entry);
    this.#waiting.push(entry);
    this.#metrics.watcherDepth(this.#entries.size);
    return entry;
  }

  #drop(entry: Entry, releaseLease: boolean): void {
    if (this.#entries.get(entry.watch.requestId) === entry) this.#entries.delete(entry.watch.requestId);
    this.#waiting.remove(entry);
    this.#ready.remove(entry);
    this.#metrics.watcherDepth(this.#entries.size);
    if (releaseLease && entry.leaseHeld) void this.#releaseLease(entry);
  }

  #isCurrent(entry: Entry): boolean {
    return this.#entries.get(entry.watch.requestId) === entry;
  }

  #schedule(entry: Entry, dueAt: number): void {
    this.#ready.remove(entry);
    this.#waiting.remove(entry);
    entry.dueAt = dueAt;
    this.#waiting.push(entry);
  }

  #applyNudge(entry: Entry, at: number): void {
    entry.nudgedAt = at;
    if (entry.busy || entry.outcome) return; // the check in progress reschedules with the nudge
    this.#schedule(entry, at + (this.#options.nudgeScheduleMs[0] ?? 0));
  }

  #rank(entry: Entry, now: number): number {
    if (isNudged(entry, now, this.#options)) return RANK_NUDGED;
    return now - entry.since < this.#options.freshForMs ? RANK_FRESH : RANK_OLD;
  }

  // ------------------------------------------------------------ the loop

  #kick(): void {
    if (!this.#running) return;
    // Arm now, not only after the async pass: a clock read right after watch() must see the timer.
    this.#arm();
    void this.#pump().catch((error: unknown) => this.#log.error({ err: error }, 'watcher loop failed'));
  }

  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        await this.#drain();
      } while (this.#pumpAgain && this.#running);
    } finally {
      this.#pumping = false;
      this.#arm();
    }
  }

  async #drain(): Promise<void> {
    const { clock, budget, leases } = this.#deps;
    while (this.#running) {
      const now = clock.now();
      this.#promoteDue(now);
      const entry = this.#ready.peek();
      if (!entry) return;
      if (entry.outcome) {
        this.#ready.remove(entry);
        this.#track(this.#deliver(entry));
        continue;
      }
      if (leases && !entry.leaseHeld) {
        this.#ready.remove(entry);
        await this.#takeLease(entry, now);
        continue;
      }
      const { granted, waitMs } = await budget.tryTake(now);
      if (!granted) {
        this.#budgetFreeAt = now + Math.max(1, waitMs);
        return;
      }
      // The budget is spent on this entry only if it is still waiting for it after the await.
      if (this.#ready.remove(entry)) this.#track(this.#check(entry));
    }
  }

  #promoteDue(now: number): void {
    for (let top = this.#waiting.peek(); top && top.dueAt <= now; top = this.#waiting.peek()) {
      this.#waiting.remove(top);
      top.rank = top.outcome ? RANK_NUDGED : this.#rank(top, now);
      this.#ready.push(top);
    }
  }

  #arm(): void {
    if (!this.#running) return;
    const now = this.#deps.clock.now();
    let at = this.#waiting.peek()?.dueAt ?? Number.POSITIVE_INFINITY;
    if (this.#ready.size > 0) at = Math.min(at, Math.max(now, this.#budgetFreeAt));
    if (at === this.#timerAt && this.#timer) return;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === Number.POSITIVE_INFINITY) return;
    this.#timer = this.#deps.clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#kick();
    }, at - now);
  }

  #track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.#log.error({ err: error }, 'watcher task failed'))
      .finally(() => {
        this.#inFlight.delete(tracked);
        this.#kick();
      });
    this.#inFlight.add(tracked);
  }

  // ------------------------------------------------------------ one check

  async #check(entry: Entry): Promise<void> {
    const { billing, clock } = this.#deps;
    const { watch } = entry;
    const startedAt = clock.now();
    entry.busy = true;
    let outcome: ConfirmOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await billing.confirmCheckout(watch.purpose, watch.sessionId, `confirm-${watch.sessionId}`);
    } catch (error) {
      failure = error;
    } finally {
      entry.busy = false;
    }
    if (!this.#isCurrent(entry) || !this.#running) return;
    const now = clock.now();

    if (failure instanceof BillingRateLimitedError) {
      this.#metrics.billingCall(CONFIRM_ENDPOINT, 'rate_limited');
      this.#log.warn(
        { requestId: watch.requestId, retryAfterMs: failure.retryAfterMs },
        'confirm-checkout rate limited',
      );
      await this.#deps.budget.blockUntil(now + failure.retryAfterMs);
      this.#schedule(entry, now + failure.retryAfterMs);
      return;
    }
    if (failure instanceof BillingUnavailableError) {
      this.#metrics.billingCall(CONFIRM_ENDPOINT, 'error');
      entry.failures += 1;
      const delay = retryDelay(entry.failures, this.#options);
      this.#log.warn({ requestId: watch.requestId, delayMs: delay, err: failure }, 'ModelsLab unreachable; retrying');
      this.#schedule(entry, now + delay);
      return;
    }
    if (failure !== undefined) {
      // An answer we do not know (a new error code, a changed body) on a live session means
      // "not yet": keep watching within the budget.
      this.#metrics.billingCall(CONFIRM_ENDPOINT, 'error');
      this.#log.warn({ requestId: watch.requestId, err: failure }, 'confirm-checkout failed; treating as not paid yet');
      outcome = { status: 'pending', reason: failure instanceof Error ? failure.message : String(failure) };
    } else {
      this.#metrics.billingCall(CONFIRM_ENDPOINT, 'ok');
    }
    entry.failures = 0;
    const result = outcome ?? { status: 'pending', reason: 'no answer' };

    if (result.status === 'pending') {
      if (startedAt >= watch.expiresAt) return this.#finish(entry, { status: 'expired' });
      this.#schedule(entry, nextCheckAt(entry, now, this.#options));
      return;
    }
    return this.#finish(entry, result);
  }

  #finish(entry: Entry, outcome: ConfirmOutcome): Promise<void> {
    entry.outcome = outcome;
    this.#log.info({ requestId: entry.watch.requestId, status: outcome.status }, 'checkout watch finished');
    return this.#deliver(entry);
  }

  /** Hands the outcome to the engine; if it fails, tries again later (no billing call needed). */
  async #deliver(entry: Entry): Promise<void> {
    const outcome = entry.outcome;
    if (!outcome) return;
    entry.busy = true;
    let delivered = false;
    try {
      await this.#deps.sink.onCheckoutOutcome(entry.watch, outcome);
      delivered = true;
    } catch (error) {
      this.#log.error({ requestId: entry.watch.requestId, err: error }, 'engine did not take the checkout outcome');
    } finally {
      entry.busy = false;
    }
    if (!this.#isCurrent(entry)) {
      if (entry.leaseHeld && delivered) await this.#releaseLease(entry);
      return;
    }
    if (delivered) {
      this.#drop(entry, false);
      if (entry.leaseHeld) await this.#releaseLease(entry);
      return;
    }
    entry.failures += 1;
    this.#schedule(entry, this.#deps.clock.now() + retryDelay(entry.failures, this.#options));
  }

  // ------------------------------------------------------------ several processes

  /**
   * Take `watch:<requestId>` before polling. A checkout newly taken over is re-read from the
   * store first: the process that held it may already have finished it.
   */
  async #takeLease(entry: Entry, now: number): Promise<void> {
    const { leases, requests } = this.#deps;
    if (!leases) return;
    const key = leaseKey(entry.watch.requestId);
    entry.busy = true;
    let acquired = false;
    let stillWaiting = true;
    try {
      acquired = await leases.acquire(key, this.#owner, this.#options.leaseTtlMs);
      if (acquired) {
        const request = await requests.get(entry.watch.requestId);
        stillWaiting = watchesFromOpenRequests(request ? [request] : []).some(
          (w) => w.watch.sessionId === entry.watch.sessionId,
        );
      }
    } catch (error) {
      this.#log.warn({ requestId: entry.watch.requestId, err: error }, 'lease store failed');
    } finally {
      entry.busy = false;
    }
    if (!this.#isCurrent(entry)) {
      if (acquired) await leases.release(key, this.#owner).catch(() => {});
      return;
    }
    if (acquired && !stillWaiting) {
      this.#drop(entry, false);
      await leases.release(key, this.#owner).catch(() => {});
      return;
    }
    if (!acquired) {
      this.#schedule(entry, now + this.#options.leaseTtlMs);
      return;
    }
    entry.leaseHeld = true;
    entry.rank = this.#rank(entry, this.#deps.clock.now());
    this.#ready.push(entry);
  }

  async #releaseLease(entry: Entry): Promise<void> {
    entry.leaseHeld = false;
    await this.#deps.leases?.release(leaseKey(entry.watch.requestId), this.#owner).catch(() => {});
  }

  /** Renew held leases every third of their life; every `rescanIntervalMs`, rescan the store. */
  #scheduleMaintenance(): void {
    const period = Math.max(1, Math.floor(this.#options.leaseTtlMs / 3));
    let sinceRescan = 0;
    const tick = () => {
      if (!this.#running) return;
      sinceRescan += period;
      const rescan = sinceRescan >= this.#options.rescanIntervalMs;
      if (rescan) sinceRescan = 0;
      this.#track(this.#maintain(rescan));
      this.#maintenance = this.#deps.clock.setTimer(tick, period);
    };
    this.#maintenance = this.#deps.clock.setTimer(tick, period);
  }

  async #maintain(rescan: boolean): Promise<void> {
    const leases = this.#deps.leases;
    if (!leases) return;
    for (const entry of [...this.#entries.values()]) {
      if (!entry.leaseHeld) continue;
      const kept = await leases.renew(leaseKey(entry.watch.requestId), this.#owner, this.#options.leaseTtlMs);
      if (!kept) {
        entry.leaseHeld = false;
        this.#log.warn({ requestId: entry.watch.requestId }, 'lost the lease on a checkout');
      }
    }
    if (rescan) await this.#rescan();
  }

  /**
   * Adds every checkout awaiting payment in the store that is not watched yet, applies "I've paid"
   * clicks other processes recorded, and forgets checkouts another process has finished.
   */
  async #rescan(): Promise<void> {
    const generation = ++this.#generation;
    const found = watchesFromOpenRequests(await this.#deps.requests.listOpen());
    const now = this.#deps.clock.now();
    for (const { watch, since, paidClickedAt } of found) {
      const existing = this.#entries.get(watch.requestId);
      if (existing && existing.watch.sessionId === watch.sessionId) {
        existing.generation = generation;
        if (paidClickedAt !== undefined && paidClickedAt > existing.nudgedAt) this.#applyNudge(existing, paidClickedAt);
        continue;
      }
      if (existing) this.#drop(existing, true);
      const nudgedAt = paidClickedAt ?? 0;
      this.#add(watch, since, now, nudgedAt).generation = generation;
    }
    for (const entry of [...this.#entries.values()]) {
      const unseen = entry.generation < generation && entry.generation > 0;
      if (unseen && !entry.leaseHeld && !entry.busy && !entry.outcome) this.#drop(entry, false);
    }
    this.#kick();
  }
}

function leaseKey(requestId: string): string {
  return `watch:${requestId}`;
}
