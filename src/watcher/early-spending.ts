/**
 * The watcher's side of early checks (the rules are in early-checks.ts): which checkout gets a
 * spare token, when one may next be spent, and the count of recent calls that caps them.
 */
import { earlyCheckAt, RecentCalls } from './early-checks.ts';
import type { WatcherOptions } from './schedule.ts';
import type { Entry, WatchQueue } from './watch-queue.ts';

export class EarlySpending {
  readonly #queue: WatchQueue;
  readonly #options: WatcherOptions;
  readonly #recentCalls: RecentCalls;
  /** With leases, only checkouts whose lease this process holds may be checked. */
  readonly #needsLease: boolean;
  /** The shared budget's size now (learned from ModelsLab's headers), when it says. */
  readonly #budgetLimit: () => number | undefined;

  constructor(
    queue: WatchQueue,
    options: WatcherOptions,
    needsLease: boolean,
    budgetLimit: () => number | undefined = () => undefined,
  ) {
    this.#queue = queue;
    this.#options = options;
    this.#needsLease = needsLease;
    this.#budgetLimit = budgetLimit;
    const size = options.earlyCallsBelowLimit === undefined ? options.earlyCallsPerMinute : options.earlyCallsCeiling;
    this.#recentCalls = new RecentCalls(options.earlyChecks ? size : 0);
  }

  /** Early checks stop once the watcher made this many calls in the last 60 s. */
  #ceiling(): number {
    const below = this.#options.earlyCallsBelowLimit;
    const limit = this.#budgetLimit();
    if (below === undefined || limit === undefined || !Number.isFinite(limit)) return this.#options.earlyCallsPerMinute;
    return Math.min(this.#options.earlyCallsCeiling, Math.max(0, limit - below));
  }

  /** Every confirm call, regular or early, counts against the early-check ceiling. */
  recordCall(at: number): void {
    this.#recentCalls.record(at);
  }

  /** The checkout most overdue for an early check, if one may be made at `now`. */
  candidate(now: number): Entry | undefined {
    if (this.#recentCalls.freeAt(this.#ceiling()) > now) return undefined;
    for (let entry = this.#queue.peekEarly(); entry && entry.earlyAt <= now; entry = this.#queue.peekEarly()) {
      if (!entry.busy && !entry.outcome && (!this.#needsLease || entry.leaseHeld)) return entry;
      this.#queue.withdrawEarly(entry); // its next regular check enrolls it again
    }
    return undefined;
  }

  /**
   * A token was granted for `entry`: true if it is still a candidate (it counts as one of its early
   * checks); false if it was checked, unwatched or rescheduled meanwhile.
   */
  spendOn(entry: Entry): boolean {
    if (!this.#queue.isEarlyCandidate(entry) || entry.busy) return false;
    entry.earlyUsed += 1;
    return true;
  }

  /** When an early check may next be possible, if nothing falls due before. */
  wakeAt(now: number, budgetFreeAt: number): number {
    const top = this.#queue.peekEarly();
    if (!top) return Number.POSITIVE_INFINITY;
    // Never "now": a wake-up that finds nothing to do must not re-arm itself at the same instant.
    return Math.max(now + 1, top.earlyAt, this.#recentCalls.freeAt(this.#ceiling()), budgetFreeAt);
  }

  /** Only after an answer: a link ModelsLab cannot answer for waits for its back-off alone. */
  enroll(entry: Entry): void {
    const at = earlyCheckAt(entry, entry.lastCheckAt, this.#options);
    if (at !== undefined) this.#queue.enrollEarly(entry, at);
  }
}
