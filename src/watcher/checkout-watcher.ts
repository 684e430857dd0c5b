/**
 * Polls confirm-checkout for every checkout awaiting payment, under one shared budget of billing
 * calls, until each is paid or expired, and tells the engine the final outcome.
 *
 * One timer, armed for the earliest due check or for when the budget has a token again; due
 * checkouts are drained from the queue's ready heap, most urgent first, as fast as the budget
 * allows (see watch-queue.ts and schedule.ts). When nothing is due, tokens the schedule leaves
 * unspent go to early checks, within per-link bounds (early-checks.ts).
 */
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
import { decide } from './confirm-decision.ts';
import { earlyCheckAt, RecentCalls } from './early-checks.ts';
import { watchesFromOpenRequests } from './resume.ts';
import { DEFAULT_WATCHER_OPTIONS, isNudged, nextCheckAt, retryDelay, type WatcherOptions } from './schedule.ts';
import { WatchLeases } from './watch-leases.ts';
import { type Entry, RANK_FRESH, RANK_NUDGED, RANK_OLD, WatchQueue } from './watch-queue.ts';

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

const CONFIRM_ENDPOINT = 'confirm-checkout';
const RENEW_BATCH = 100;

export class CheckoutWatcherImpl implements CheckoutWatcher {
  readonly #deps: CheckoutWatcherDeps;
  readonly #options: WatcherOptions;
  readonly #log: Logger;
  readonly #metrics: Metrics;
  readonly #leases: WatchLeases | undefined;
  readonly #queue = new WatchQueue();
  readonly #recentCalls: RecentCalls;
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
    this.#recentCalls = new RecentCalls(this.#options.earlyChecks ? this.#options.earlyCallsPerMinute : 0);
    this.#log = deps.logger.child({ component: 'watcher' });
    this.#metrics = deps.metrics ?? noMetrics;
    const owner = deps.ownerId ?? `watcher-${process.pid}`;
    this.#leases = deps.leases
      ? new WatchLeases(deps.leases, deps.requests, owner, this.#options.leaseTtlMs, this.#log)
      : undefined;
  }

  /** Resume every checkout awaiting payment in the store, then keep polling. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#rescan();
    if (this.#leases) this.#scheduleMaintenance();
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
      await Promise.allSettled(this.#queue.all().map((e) => this.#releaseLease(e)));
    }
  }

  watch(watch: CheckoutWatch): void {
    const existing = this.#queue.get(watch.requestId);
    if (existing && existing.watch.sessionId === watch.sessionId) return;
    if (existing) this.#drop(existing);
    const now = this.#deps.clock.now();
    this.#queue.add(watch, now, now + this.#options.firstCheckMs, 0, this.#generation);
    this.#metrics.watcherDepth(this.#queue.size);
    this.#kick();
  }

  nudge(requestId: string): void {
    const entry = this.#queue.get(requestId);
    if (!entry) return;
    this.#applyNudge(entry, this.#deps.clock.now());
    this.#kick();
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
    this.#metrics.watcherDepth(this.#queue.size);
    void this.#releaseLease(entry);
  }

  #applyNudge(entry: Entry, at: number): void {
    entry.nudgedAt = at;
    if (entry.busy || entry.outcome) return; // the check in progress reschedules with the nudge
    this.#queue.schedule(entry, at + (this.#options.nudgeScheduleMs[0] ?? 0));
  }

  #rank(entry: Entry, now: number): number {
    if (entry.outcome || isNudged(entry, now, this.#options)) return RANK_NUDGED;
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
    while (this.#running) {
      const now = this.#deps.clock.now();
      this.#queue.promoteDue(now, (e) => this.#rank(e, now));
      const entry = this.#queue.peekReady();
      if (!entry) {
        if (await this.#spendSpare(now)) continue;
        return;
      }
      if (entry.outcome) {
        this.#queue.takeReady(entry);
        this.#track(this.#deliver(entry));
        continue;
      }
      if (this.#leases && !entry.leaseHeld) {
        this.#queue.takeReady(entry);
        await this.#takeLease(this.#leases, entry, now);
        continue;
      }
      const { granted, waitMs } = await this.#deps.budget.tryTake(now);
      if (!granted) {
        this.#budgetFreeAt = now + Math.max(1, waitMs);
        return;
      }
      // The token is spent on this entry only if it is still waiting for it after the await.
      if (this.#queue.takeReady(entry)) this.#track(this.#check(entry));
    }
  }

  /**
   * Nothing is due: spend a token on an early check, if one is allowed (early-checks.ts). False
   * when there is nothing to spend it on yet, or no token.
   */
  async #spendSpare(now: number): Promise<boolean> {
    const entry = this.#earlyCandidate(now);
    if (!entry) return false;
    const { granted, waitMs } = await this.#deps.budget.tryTake(now);
    if (!granted) {
      this.#budgetFreeAt = now + Math.max(1, waitMs);
      return false;
    }
    // Checked, unwatched or rescheduled meanwhile: the token goes to whatever comes next.
    if (this.#queue.isEarlyCandidate(entry) && !entry.busy) {
      entry.earlyUsed += 1;
      this.#track(this.#check(entry));
    }
    return true;
  }

  #earlyCandidate(now: number): Entry | undefined {
    if (this.#recentCalls.freeAt() > now) return undefined;
    for (let entry = this.#queue.peekEarly(); entry && entry.earlyAt <= now; entry = this.#queue.peekEarly()) {
      if (!entry.busy && !entry.outcome && (!this.#leases || entry.leaseHeld)) return entry;
      this.#queue.withdrawEarly(entry); // its next regular check enrolls it again
    }
    return undefined;
  }

  /** When an early check may next be possible, if nothing falls due before. */
  #earlyWakeAt(now: number): number {
    const top = this.#queue.peekEarly();
    if (!top) return Number.POSITIVE_INFINITY;
    // Never "now": a wake-up that finds nothing to do must not re-arm itself at the same instant.
    return Math.max(now + 1, top.earlyAt, this.#recentCalls.freeAt(), this.#budgetFreeAt);
  }

  #arm(): void {
    if (!this.#running) return;
    const now = this.#deps.clock.now();
    let at = this.#queue.nextDueAt();
    if (this.#queue.readyCount > 0) at = Math.min(at, Math.max(now, this.#budgetFreeAt));
    else at = Math.min(at, this.#earlyWakeAt(now));
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
    entry.lastCheckAt = startedAt;
    this.#recentCalls.record(startedAt);
    // An early check comes from the early heap while the entry still waits for its regular one.
    this.#queue.park(entry);
    this.#queue.withdrawEarly(entry);
    let answer: { outcome: ConfirmOutcome } | { failure: unknown };
    try {
      answer = { outcome: await billing.confirmCheckout(watch.purpose, watch.sessionId, `confirm-${watch.sessionId}`) };
    } catch (failure) {
      answer = { failure };
    } finally {
      entry.busy = false;
    }
    if (!this.#queue.isCurrent(entry) || !this.#running) return;
    const now = clock.now();
    const decision = decide(answer, startedAt, watch.expiresAt);
    const log = { requestId: watch.requestId };

    switch (decision.kind) {
      case 'rate_limited':
        this.#metrics.billingCall(CONFIRM_ENDPOINT, 'rate_limited');
        this.#log.warn({ ...log, retryAfterMs: decision.waitMs }, 'confirm-checkout rate limited');
        await this.#deps.budget.blockUntil(now + decision.waitMs);
        this.#queue.schedule(entry, now + decision.waitMs);
        return;
      case 'unavailable': {
        this.#metrics.billingCall(CONFIRM_ENDPOINT, 'error');
        entry.failures += 1;
        const delayMs = retryDelay(entry.failures, this.#options);
        this.#log.warn({ ...log, delayMs, err: decision.error }, 'ModelsLab unreachable; retrying');
        this.#queue.schedule(entry, now + delayMs);
        return;
      }
      case 'again':
        this.#metrics.billingCall(CONFIRM_ENDPOINT, decision.unknown === undefined ? 'ok' : 'error');
        if (decision.unknown !== undefined) {
          this.#log.warn(
            { ...log, err: decision.unknown },
            'unknown confirm-checkout answer; treating as not paid yet',
          );
        }
        entry.failures = 0;
        this.#queue.schedule(entry, nextCheckAt(entry, now, this.#options));
        this.#enrollEarly(entry);
        return;
      case 'final':
        this.#metrics.billingCall(CONFIRM_ENDPOINT, 'failure' in answer ? 'error' : 'ok');
        entry.failures = 0;
        entry.outcome = decision.outcome;
        this.#log.info({ ...log, status: decision.outcome.status }, 'checkout watch finished');
        return this.#deliver(entry);
    }
  }

  /** Only after an answer: a link ModelsLab cannot answer for waits for its back-off alone. */
  #enrollEarly(entry: Entry): void {
    const at = earlyCheckAt(entry, entry.lastCheckAt, this.#options);
    if (at !== undefined) this.#queue.enrollEarly(entry, at);
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
    if (delivered) {
      if (this.#queue.isCurrent(entry)) this.#drop(entry);
      else await this.#releaseLease(entry);
      return;
    }
    if (!this.#queue.isCurrent(entry)) return;
    entry.failures += 1;
    this.#queue.schedule(entry, this.#deps.clock.now() + retryDelay(entry.failures, this.#options));
  }

  // ------------------------------------------------------------ several processes

  async #takeLease(leases: WatchLeases, entry: Entry, now: number): Promise<void> {
    entry.busy = true;
    const result = await leases.take(entry.watch).finally(() => {
      entry.busy = false;
    });
    if (!this.#queue.isCurrent(entry)) {
      if (result === 'held') await leases.release(entry.watch.requestId);
    } else if (result === 'gone') {
      this.#queue.delete(entry);
      this.#metrics.watcherDepth(this.#queue.size);
    } else if (result === 'busy') {
      this.#queue.schedule(entry, now + this.#options.leaseTtlMs);
    } else {
      entry.leaseHeld = true;
      this.#queue.pushReady(entry, this.#rank(entry, this.#deps.clock.now()));
    }
  }

  async #releaseLease(entry: Entry): Promise<void> {
    if (!entry.leaseHeld) return;
    entry.leaseHeld = false;
    await this.#leases?.release(entry.watch.requestId);
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
    const leases = this.#leases;
    if (!leases) return;
    const held = this.#queue.all().filter((e) => e.leaseHeld);
    // In batches: thousands of round trips one after another would outlast the lease itself.
    for (let i = 0; i < held.length; i += RENEW_BATCH) {
      const batch = held.slice(i, i + RENEW_BATCH);
      const kept = await Promise.all(batch.map((e) => leases.renew(e.watch.requestId)));
      batch.forEach((entry, j) => {
        if (kept[j]) return;
        entry.leaseHeld = false;
        this.#log.warn({ requestId: entry.watch.requestId }, 'lost the lease on a checkout');
      });
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
      const existing = this.#queue.get(watch.requestId);
      if (existing && existing.watch.sessionId === watch.sessionId) {
        existing.generation = generation;
        if (paidClickedAt !== undefined && paidClickedAt > existing.nudgedAt) this.#applyNudge(existing, paidClickedAt);
        continue;
      }
      if (existing) this.#drop(existing);
      this.#queue.add(watch, since, now, paidClickedAt ?? 0, generation);
    }
    for (const entry of this.#queue.all()) {
      // Generation 0: added by watch() before the first scan; the store may lag behind it.
      const unseen = entry.generation > 0 && entry.generation < generation;
      if (unseen && !entry.leaseHeld && !entry.busy && !entry.outcome) this.#queue.delete(entry);
    }
    this.#metrics.watcherDepth(this.#queue.size);
    this.#kick();
  }
}
