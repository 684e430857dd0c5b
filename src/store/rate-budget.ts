/**
 * The billing-call budget's shape: a sliding log of grant times (the guarantee) and a small
 * token bucket (the pacing), both kept by the store.
 *
 * ModelsLab counts billing calls in fixed 60 s windows that open at the first call. The old shape,
 * a token bucket alone (a burst of 3 refilled at 13 a minute), is only right when our windows line
 * up with the server's; in a rolling 60 s it let 16 calls through. A log of when each call was
 * granted is exact: a call is granted only if fewer than `limit` grants lie in the last
 * `windowMs`, so no rolling window (and hence no fixed one) ever holds more than `limit`.
 *
 * `windowMs` is 60 s plus a margin (default 2 s) for what separates our clock from the server's
 * count: the time a request spends on the way, and the skew between hosts sharing one Redis or
 * one sqlite file. Grants "in the future" (a host whose clock runs ahead) count too.
 *
 * The bucket (3 tokens, refilled at `limit` per `windowMs`) paces the calls. Without it the
 * watcher, with 50 checks due, would spend the whole minute in its first second and an Approve
 * or an "I've paid" would wait a minute for the next call; with it a call comes free every few
 * seconds. `keep` (spare-budget work leaves calls for people) counts in both: tokens left in the
 * bucket and calls left in the window.
 *
 * Both live in the store on every backend (memory: this file; sqlite: tables in the same file;
 * Redis: a sorted set, a hash and a Lua script), so a restarted process continues the same window.
 */
import type { RateBudget, TakeOptions, TakeResult } from '../core/shared/ports.ts';

/** ModelsLab's window. */
export const SERVER_WINDOW_MS = 60_000;
/** Added to the server's window for clock skew and time on the wire. */
export const DEFAULT_MARGIN_MS = 2_000;
/** The bucket's size: calls that may go out at once. */
export const DEFAULT_BURST = 3;

export interface BudgetWindowOptions {
  /** The server's window; default 60 s. */
  readonly serverWindowMs?: number;
  readonly marginMs?: number;
  readonly burst?: number;
}

export interface BudgetShape {
  /** Grants allowed in any `windowMs`. */
  readonly limit: number;
  /** The server's window plus the margin. */
  readonly windowMs: number;
  /** Bucket size. */
  readonly capacity: number;
  /** Bucket refill, tokens per ms: `limit` per `windowMs`. */
  readonly ratePerMs: number;
}

export function budgetShape(perWindow: number, options: BudgetWindowOptions = {}): BudgetShape {
  if (!Number.isFinite(perWindow) || perWindow < 1) throw new RangeError(`perMinute must be ≥ 1, got ${perWindow}`);
  const limit = Math.floor(perWindow);
  const server = options.serverWindowMs ?? SERVER_WINDOW_MS;
  const margin = options.marginMs ?? DEFAULT_MARGIN_MS;
  const windowMs = Math.ceil(server + Math.max(0, margin));
  const capacity = Math.max(1, Math.min(limit, Math.floor(options.burst ?? DEFAULT_BURST)));
  return { limit, windowMs, capacity, ratePerMs: limit / windowMs };
}

/** What a take needs: fewer than `inWindow` grants in the window, at least `tokens` in the bucket. */
export interface Needs {
  readonly inWindow: number;
  readonly tokens: number;
}

/**
 * `keep` reserves calls for others, clamped so that a keep at or above a size means "only from
 * a full bucket / an empty window", never "never".
 */
export function needsFor(shape: BudgetShape, options?: TakeOptions): Needs {
  const keep = options?.keep;
  const reserve = keep === undefined || !Number.isFinite(keep) || keep <= 0 ? 0 : Math.floor(keep);
  return {
    inWindow: shape.limit - Math.min(reserve, shape.limit - 1),
    tokens: 1 + Math.min(reserve, shape.capacity - 1),
  };
}

/** Grants older than this may be pruned (twice the window: a host whose clock lags still counts them). */
export function pruneBefore(shape: BudgetShape, nowMs: number): number {
  return nowMs - 2 * shape.windowMs;
}

/** Bucket tokens at `nowMs`; a bucket never seen is full. */
export function refilled(
  shape: BudgetShape,
  tokens: number | undefined,
  last: number | undefined,
  nowMs: number,
): number {
  if (tokens === undefined || last === undefined) return shape.capacity;
  return Math.min(shape.capacity, tokens + Math.max(0, nowMs - last) * shape.ratePerMs);
}

/**
 * The wait until a take at `nowMs` could be granted: until enough of the oldest grants
 * (`inWindow`, ascending, each > nowMs − windowMs) have left the window, and the bucket holds
 * what the take needs.
 */
export function waitFor(
  shape: BudgetShape,
  needs: Needs,
  inWindow: readonly number[],
  tokens: number,
  nowMs: number,
): number {
  let wait = 1;
  const leaving = inWindow[inWindow.length - needs.inWindow];
  if (leaving !== undefined) wait = Math.max(wait, leaving + shape.windowMs - nowMs);
  if (tokens < needs.tokens) wait = Math.max(wait, (needs.tokens - tokens) / shape.ratePerMs);
  return Math.ceil(wait);
}

/** A refusal's wait: the budget's own and a block's, the longer; `blocked` when the block is the reason. */
export function refusal(ownWaitMs: number, blockWaitMs: number): TakeResult {
  if (blockWaitMs > ownWaitMs) return { granted: false, waitMs: Math.ceil(blockWaitMs), blocked: true };
  return { granted: false, waitMs: Math.max(1, Math.ceil(ownWaitMs)) };
}

/** The in-process state: one per store, shared by every budget handed out for it. */
export class GrantLog {
  /** Ascending as long as callers' clocks are; inserts keep it sorted. */
  readonly times: number[] = [];
  tokens: number | undefined;
  last: number | undefined;
  blockedUntil = 0;

  record(at: number): void {
    let i = this.times.length;
    while (i > 0 && (this.times[i - 1] ?? 0) > at) i--;
    this.times.splice(i, 0, at);
  }

  /** Grants after `sinceMs` (exclusive), ascending; drops those at or before `pruneMs`. */
  since(sinceMs: number, pruneMs: number): number[] {
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= pruneMs) drop++;
    if (drop > 0) this.times.splice(0, drop);
    return this.times.filter((t) => t > sinceMs);
  }
}

/** The memory backend's budget (also what watcher tests and benches build directly). */
export class MemoryRateBudget implements RateBudget {
  readonly #shape: BudgetShape;
  readonly #log: GrantLog;

  constructor(perMinute: number, options: BudgetWindowOptions = {}, log: GrantLog = new GrantLog()) {
    this.#shape = budgetShape(perMinute, options);
    this.#log = log;
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<TakeResult> {
    const log = this.#log;
    const shape = this.#shape;
    const inWindow = log.since(nowMs - shape.windowMs, pruneBefore(shape, nowMs));
    const tokens = refilled(shape, log.tokens, log.last, nowMs);
    const needs = needsFor(shape, options);
    const room = inWindow.length < needs.inWindow && tokens >= needs.tokens;
    if (room && nowMs >= log.blockedUntil) {
      log.record(nowMs);
      log.tokens = tokens - 1;
      log.last = Math.max(log.last ?? nowMs, nowMs);
      return { granted: true, waitMs: 0 };
    }
    return refusal(room ? 0 : waitFor(shape, needs, inWindow, tokens, nowMs), log.blockedUntil - nowMs);
  }

  async blockUntil(untilMs: number): Promise<void> {
    if (untilMs > this.#log.blockedUntil) this.#log.blockedUntil = untilMs;
  }
}

/**
 * A view of `budget` whose takes always leave at least `keep` calls for others (a larger `keep`
 * asked for wins). The watcher spends through one that keeps a call for people: its regular
 * checks would otherwise win every race for the next token against an Approve waiting beside it.
 */
export function withReserve(budget: RateBudget, keep: number): RateBudget {
  return {
    tryTake: (nowMs, options) => budget.tryTake(nowMs, { keep: Math.max(keep, options?.keep ?? 0) }),
    blockUntil: (untilMs) => budget.blockUntil(untilMs),
  };
}
