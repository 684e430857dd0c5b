/**
 * The scheduler loop. One timer, armed for the earliest due check or for when the budget has a
 * token again; due checkouts are drained from the queue's ready heap, most urgent first, as fast
 * as the budget allows (see watch-queue.ts and schedule.ts). When nothing is due, tokens the
 * schedule leaves unspent go to early checks (early-spending.ts).
 */
import type { RateBudget, TimerHandle } from '../core/shared/ports.ts';
import type { EarlySpending } from './early-spending.ts';
import { urgencyRank } from './urgency.ts';
import { type Entry, RANK_BACKGROUND } from './watch-queue.ts';
import type { WatcherContext } from './watcher-context.ts';

/** What the loop hands each entry to, once it is its turn. */
export interface LoopWork {
  /** Spends the token the loop took: one confirm-checkout call. */
  check(entry: Entry): Promise<unknown>;
  /** Hands a final outcome the engine has not taken yet to it again (no billing call). */
  deliver(entry: Entry): Promise<void>;
  /** With leases: take the entry's lease before its first check; undefined without leases. */
  takeLease: ((entry: Entry, now: number) => Promise<void>) | undefined;
}

export class PollLoop {
  readonly #context: WatcherContext;
  readonly #budget: RateBudget;
  readonly #early: EarlySpending;
  readonly #work: LoopWork;
  readonly #inFlight = new Set<Promise<void>>();
  #pumping = false;
  #pumpAgain = false;
  #budgetFreeAt = 0;
  /** When an early check's take (which leaves a reserve) may next be granted. */
  #spareFreeAt = 0;
  #timer: TimerHandle | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(context: WatcherContext, budget: RateBudget, early: EarlySpending, work: LoopWork) {
    this.#context = context;
    this.#budget = budget;
    this.#early = early;
    this.#work = work;
  }

  /** Something changed: re-arm the timer and drain what is due. */
  kick(): void {
    if (!this.#context.isRunning()) return;
    // Arm now, not only after the async pass: a clock read right after watch() must see the timer.
    this.#arm();
    void this.#pump().catch((error: unknown) => this.#context.log.error({ err: error }, 'watcher loop failed'));
  }

  /** Runs `work` alongside the loop; stop() waits for it, and its end wakes the loop. */
  track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.#context.log.error({ err: error }, 'watcher task failed'))
      .finally(() => {
        this.#inFlight.delete(tracked);
        this.kick();
      });
    this.#inFlight.add(tracked);
  }

  /** Disarms the timer; the caller has stopped the watcher, so nothing re-arms it. */
  halt(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  /** Resolves once every tracked task has ended, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
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
      } while (this.#pumpAgain && this.#context.isRunning());
    } finally {
      this.#pumping = false;
      this.#arm();
    }
  }

  async #drain(): Promise<void> {
    const { queue, clock, options } = this.#context;
    while (this.#context.isRunning()) {
      const now = clock.now();
      queue.promoteDue(now, (e) => urgencyRank(e, now, options));
      const entry = queue.peekReady();
      if (!entry) {
        if (await this.#spendSpare(now)) continue;
        return;
      }
      if (entry.outcome) {
        queue.takeReady(entry);
        this.track(this.#work.deliver(entry));
        continue;
      }
      if (this.#work.takeLease && !entry.leaseHeld) {
        queue.takeReady(entry);
        await this.#work.takeLease(entry, now);
        continue;
      }
      // Nobody waits for a background session (closed request, superseded link): a spare token
      // goes to an early check of a waited-for link first, and it takes one only if
      // `backgroundKeepTokens` stay for people's checks.
      if (entry.rank === RANK_BACKGROUND && (await this.#spendSpare(now))) continue;
      const keep = entry.rank === RANK_BACKGROUND ? options.backgroundKeepTokens : 0;
      if (!(await this.#takeToken(now, keep))) return;
      // The token is spent on this entry only if it is still waiting for it after the await.
      if (queue.takeReady(entry)) this.track(this.#checked(entry));
    }
  }

  /**
   * Nothing is due: spend a token on an early check, if one is allowed. False when there is
   * nothing to spend it on yet, or no token.
   */
  async #spendSpare(now: number): Promise<boolean> {
    const entry = this.#early.candidate(now);
    if (!entry) return false;
    const { granted, waitMs } = await this.#budget.tryTake(now, { keep: this.#context.options.earlyKeepTokens });
    if (!granted) {
      this.#spareFreeAt = now + Math.max(1, waitMs);
      return false;
    }
    // If it went meanwhile, the token goes to whatever comes next.
    if (this.#early.spendOn(entry)) this.track(this.#checked(entry));
    return true;
  }

  async #checked(entry: Entry): Promise<void> {
    await this.#work.check(entry);
  }

  async #takeToken(now: number, keep: number): Promise<boolean> {
    const { granted, waitMs } = await this.#budget.tryTake(now, keep > 0 ? { keep } : undefined);
    if (!granted) this.#budgetFreeAt = now + Math.max(1, waitMs);
    return granted;
  }

  #arm(): void {
    if (!this.#context.isRunning()) return;
    const { queue, clock } = this.#context;
    const now = clock.now();
    let at = queue.nextDueAt();
    if (queue.readyCount > 0) at = Math.min(at, Math.max(now, this.#budgetFreeAt));
    else at = Math.min(at, this.#early.wakeAt(now, Math.max(this.#budgetFreeAt, this.#spareFreeAt)));
    if (at === this.#timerAt && this.#timer) return;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === Number.POSITIVE_INFINITY) return;
    this.#timer = clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.kick();
    }, at - now);
  }
}
