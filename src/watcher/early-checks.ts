/**
 * Work-conserving early checks. The schedule (schedule.ts) leaves budget unspent whenever nothing
 * is due; with 200 links open at once it used about 8 of 15 calls a minute while payers waited
 * minutes. When the budget grants a call and nothing is due, the watcher spends it on the
 * checkout that is most overdue for an early check: the one whose `earlyAt` (last check + a gap
 * that grows with the link's age) passed longest ago. With links of one age that is simply the one
 * checked longest ago; younger links and ones whose payer clicked "I've paid" get shorter gaps, so
 * they come first, because that is where payments are likely.
 *
 * Bounds, so that spare budget never turns into cost (all options):
 * - `earlyCallsPerMinute`: no early check once the watcher made this many calls (of any kind) in
 *   the last 60 s. ModelsLab's limit (15/min) also covers payment-link creation and other billing
 *   calls the budget does not see; 12 leaves 3 a minute for them and for "I've paid" bursts.
 * - `earlyKeepTokens` (3): an early check takes a token from the shared budget (Redis: every
 *   process) only if at least this many remain after it, so spare-budget checks, in any number of
 *   processes, never spend what an Approve or "I've paid" needs next. The bucket holds 3 at most,
 *   so 3 means "only from a full bucket", leaving 2 for people. Regular and nudged checks take
 *   without a reserve.
 * - `earlyMinGapMs` (45 s): never an early check sooner than this after the previous check of the
 *   same link: a payer on Stripe's page needs about that long anyway, and it keeps a handful of
 *   links from soaking up the whole spare budget.
 * - `earlyGapFactor` × age (2 %, between the min gap and `earlyMaxGapMs`): the chance that a link
 *   is paid within the next minute falls with its age, so spare calls go to young links first. It
 *   is kept small: a larger factor left budget unspent at the end of the 200-link burst (10 %:
 *   no-click p50 290 s; 2 %: 192 s), where the few links left were allowed a check only every
 *   10 min each while the budget idled.
 * - An allowance earned with age: `earlyChecksUpFront` (10) at once, one more every
 *   `earlyCheckEarnedEveryMs` (5 min), never more than `earlyChecksPerLink` (36) in a link's life.
 *   A link nobody pays costs at most 36 calls more than the schedule's ~100 in 24 h (measured:
 *   118 instead of 97, as early checks also push the regular ones back), and a lone link, which has
 *   the whole spare budget to itself, spreads them over its first ~2 h, when payers pay, instead
 *   of burning them in its first half hour. With 30 the cap ran out at ~100 min for 50 links open
 *   at once and their p95 rose from 185 s to 1045 s.
 */

export interface EarlyCheckOptions {
  /** Spend budget the schedule leaves unused on early checks. */
  readonly earlyChecks: boolean;
  /** No early check once the watcher made this many confirm calls in the last 60 s. */
  readonly earlyCallsPerMinute: number;
  /**
   * Set: the ceiling follows the budget's learned size instead (its limit minus this many, for
   * payment links and "I've paid"), never above `earlyCallsCeiling`. Unset: `earlyCallsPerMinute`.
   */
  readonly earlyCallsBelowLimit?: number;
  /** The most early-check ceiling a learned limit may give (the ring of recent calls is this long). */
  readonly earlyCallsCeiling: number;
  /** An early check takes a token only if this many stay in the shared budget after it. */
  readonly earlyKeepTokens: number;
  readonly earlyMinGapMs: number;
  readonly earlyMaxGapMs: number;
  /** Gap before a link's next early check = its age × this, within [min, max]. */
  readonly earlyGapFactor: number;
  /** Early checks one link may get in its life. */
  readonly earlyChecksPerLink: number;
  /** Of those, how many it may have at once; the rest are earned one per `earlyCheckEarnedEveryMs` of age. */
  readonly earlyChecksUpFront: number;
  readonly earlyCheckEarnedEveryMs: number;
  /** After an "I've paid" click, the min gap applies for this long (the payment may be processing). */
  readonly earlyNudgedForMs: number;
}

export const DEFAULT_EARLY_CHECK_OPTIONS: EarlyCheckOptions = {
  earlyChecks: true,
  earlyCallsPerMinute: 12,
  earlyCallsCeiling: 120,
  earlyKeepTokens: 3,
  earlyMinGapMs: 45_000,
  earlyMaxGapMs: 15 * 60_000,
  earlyGapFactor: 0.02,
  earlyChecksPerLink: 36,
  earlyChecksUpFront: 10,
  earlyCheckEarnedEveryMs: 5 * 60_000,
  earlyNudgedForMs: 10 * 60_000,
};

export interface EarlyCheckState {
  /** When the link was created. */
  readonly since: number;
  readonly nudgedAt: number;
  readonly earlyUsed: number;
}

/** When a link checked at `checkedAt` may get an early check; undefined when it may not. */
export function earlyCheckAt(
  state: EarlyCheckState,
  checkedAt: number,
  options: EarlyCheckOptions,
): number | undefined {
  if (!options.earlyChecks || state.earlyUsed >= options.earlyChecksPerLink) return undefined;
  const nudged = state.nudgedAt !== 0 && checkedAt - state.nudgedAt <= options.earlyNudgedForMs;
  const byAge = Math.max(0, checkedAt - state.since) * options.earlyGapFactor;
  const gap = nudged ? options.earlyMinGapMs : Math.min(options.earlyMaxGapMs, Math.max(options.earlyMinGapMs, byAge));
  const earned = Math.max(0, state.earlyUsed + 1 - options.earlyChecksUpFront);
  return Math.max(checkedAt + gap, state.since + earned * options.earlyCheckEarnedEveryMs);
}

const WINDOW_MS = 60_000;

/** The watcher's own confirm calls in the last 60 s: a ring of the latest `size` start times. */
export class RecentCalls {
  readonly #times: number[];
  #next = 0;

  constructor(size: number) {
    this.#times = new Array<number>(Math.max(0, Math.floor(size))).fill(Number.NEGATIVE_INFINITY);
  }

  record(at: number): void {
    if (this.#times.length === 0) return;
    this.#times[this.#next] = at;
    this.#next = (this.#next + 1) % this.#times.length;
  }

  /** From when one more call keeps the count in the last 60 s under `limit` (default: the ring's size). */
  freeAt(limit = this.#times.length): number {
    const size = this.#times.length;
    const n = Math.min(size, Math.floor(limit));
    if (n <= 0) return Number.POSITIVE_INFINITY;
    // The n-th most recent call: one more keeps n in the window once it has left.
    const nth = this.#times[(this.#next - n + size) % size];
    return nth === undefined ? Number.POSITIVE_INFINITY : nth + WINDOW_MS;
  }
}
