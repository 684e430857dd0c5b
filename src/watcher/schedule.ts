/**
 * When to check a checkout next. ModelsLab allows about 15 billing calls a minute for the whole
 * account, so the interval grows with the link's age (a quarter of it, 5 s to 20 min): a payer
 * who pays within minutes is seen within seconds, and a link left open for 24 h costs about 90
 * calls instead of 17,000. "I've paid" switches to a short burst of checks. Budget this leaves
 * unused goes to early checks (early-checks.ts). Sessions nobody waits for any more (a closed
 * request's, a superseded link's) are still checked until they can no longer be paid, on a
 * slower schedule and behind every waited-for check (`background*` options).
 */
import type { CheckoutWatch } from '../core/shared/ports.ts';
import { DEFAULT_EARLY_CHECK_OPTIONS, type EarlyCheckOptions } from './early-checks.ts';

/** Early checks from spare budget: see early-checks.ts. */
export interface WatcherOptions extends EarlyCheckOptions {
  /** First check after a link is sent. */
  readonly firstCheckMs: number;
  readonly minIntervalMs: number;
  readonly maxIntervalMs: number;
  /** Next interval = age of the link × this, within [min, max]. */
  readonly backoffFactor: number;
  /** Checks after an "I've paid" click, counted from the click. */
  readonly nudgeScheduleMs: readonly number[];
  /** A link younger than this outranks older ones when the budget is short. */
  readonly freshForMs: number;
  /** The last check runs this long after `expiresAt`, to catch a payment in the last second. */
  readonly finalCheckDelayMs: number;
  /** Back-off after ModelsLab was unreachable, doubled per failure up to `maxRetryMs`. */
  readonly retryMs: number;
  readonly maxRetryMs: number;
  readonly leaseTtlMs: number;
  /** How often to look for checkouts other processes created (only with leases). */
  readonly rescanIntervalMs: number;
  /**
   * Background sessions (closed request, superseded link) are checked this many times less often
   * than a waited-for one of the same age (still within `maxIntervalMs`), get no early checks, and
   * take a budget token only if `backgroundKeepTokens` stay for people's checks.
   */
  readonly backgroundSlowdown: number;
  readonly backgroundKeepTokens: number;
  /** The longest gap between two checks of a background session (a 24 h link: ~30 checks). */
  readonly backgroundMaxIntervalMs: number;

  /**
   * Past `expiresAt`, a session ModelsLab still calls open (clocks differ; Stripe expires sessions
   * a little late) or does not know is marked expired for the request, and checked in the
   * background until ModelsLab says expired, or until this long after `expiresAt`.
   */
  readonly expiryGraceMs: number;
}

export const DEFAULT_WATCHER_OPTIONS: WatcherOptions = {
  ...DEFAULT_EARLY_CHECK_OPTIONS,
  firstCheckMs: 5_000,
  minIntervalMs: 5_000,
  maxIntervalMs: 20 * 60_000,
  backoffFactor: 0.25,
  nudgeScheduleMs: [3_000, 10_000, 30_000, 60_000],
  freshForMs: 2 * 60_000,
  finalCheckDelayMs: 2_000,
  retryMs: 5_000,
  maxRetryMs: 5 * 60_000,
  leaseTtlMs: 30_000,
  rescanIntervalMs: 30_000,
  backgroundSlowdown: 4,
  // As early checks: only from a full bucket, so the next Approve or "I've paid" never waits.
  backgroundKeepTokens: 3,
  backgroundMaxIntervalMs: 60 * 60_000,
  expiryGraceMs: 15 * 60_000,
};

/** The small amount of state the schedule needs per checkout. */
export interface ScheduleState {
  readonly watch: CheckoutWatch;
  /** When the link was created: the age origin. */
  readonly since: number;
  /** Last "I've paid" click, 0 if none. */
  nudgedAt: number;
  /** Nobody waits for it: the slower schedule. */
  background: boolean;
}

/** Due time of the next check after one made at `now`. */
export function nextCheckAt(state: ScheduleState, now: number, options: WatcherOptions): number {
  const { expiresAt } = state.watch;
  const finalCheck = expiresAt + options.finalCheckDelayMs;
  if (now < finalCheck && now >= expiresAt) return finalCheck;
  if (now >= expiresAt) {
    // Within the grace: ModelsLab still called it open (or unknown) after its expiry.
    return Math.max(now, Math.min(expiresAt + options.expiryGraceMs, now + regularInterval(state, now, options)));
  }
  const due = nudgeDue(state, now, options) ?? now + regularInterval(state, now, options);
  return Math.min(due, finalCheck);
}

/** Within the "I've paid" burst, its last check included: such checks go first. */
export function isNudged(state: ScheduleState, now: number, options: WatcherOptions): boolean {
  const last = options.nudgeScheduleMs.at(-1) ?? 0;
  return state.nudgedAt !== 0 && now <= state.nudgedAt + last;
}

/** The next step of the "I've paid" burst that is still ahead of `now`. */
function nudgeDue(state: ScheduleState, now: number, options: WatcherOptions): number | undefined {
  if (state.nudgedAt === 0) return undefined;
  for (const offset of options.nudgeScheduleMs) if (state.nudgedAt + offset > now) return state.nudgedAt + offset;
  return undefined;
}

function regularInterval(state: ScheduleState, now: number, options: WatcherOptions): number {
  const age = Math.max(0, now - state.since);
  const interval = Math.max(options.minIntervalMs, age * options.backoffFactor);
  if (!state.background) return Math.min(options.maxIntervalMs, interval);
  const slowed = interval * Math.max(1, options.backgroundSlowdown);
  return Math.min(Math.max(options.maxIntervalMs, options.backgroundMaxIntervalMs), slowed);
}

export function retryDelay(failures: number, options: WatcherOptions): number {
  return Math.min(options.maxRetryMs, options.retryMs * 2 ** Math.max(0, failures - 1));
}
