/**
 * The billing-call budget's shape: a sliding log of grant times.
 *
 * ModelsLab counts billing calls in fixed 60 s windows that open at the first call. A token bucket
 * (the old shape: a burst of 3 refilled at 13 a minute) is only right when our windows line up
 * with the server's; in a rolling 60 s it let 16 calls through. A log of when each call was
 * granted is exact: a call is granted only if fewer than `limit` grants lie in the last
 * `windowMs`, so no rolling window (and hence no fixed one) ever holds more than `limit`.
 *
 * `windowMs` is 60 s plus a margin (default 2 s) for what separates our clock from the server's
 * count: the time a request spends on the way, and the skew between hosts sharing one Redis or
 * one sqlite file. Grants "in the future" (a host whose clock runs ahead) count too.
 *
 * The log lives in the store on every backend (memory: this file; sqlite: a table in the same
 * file; Redis: a sorted set and a Lua script), so a restarted process continues the same window.
 */
import type { RateBudget, TakeOptions } from '../core/ports.ts';

/** ModelsLab's window. */
export const SERVER_WINDOW_MS = 60_000;
/** Added to the server's window for clock skew and time on the wire. */
export const DEFAULT_MARGIN_MS = 2_000;

export interface BudgetWindowOptions {
  /** The server's window; default 60 s. Tests shorten it. */
  readonly serverWindowMs?: number;
  readonly marginMs?: number;
}

export interface BudgetShape {
  /** Grants allowed in any `windowMs`. */
  readonly limit: number;
  /** The server's window plus the margin. */
  readonly windowMs: number;
}

export function budgetShape(perWindow: number, options: BudgetWindowOptions = {}): BudgetShape {
  if (!Number.isFinite(perWindow) || perWindow < 1) throw new RangeError(`perMinute must be ≥ 1, got ${perWindow}`);
  const server = options.serverWindowMs ?? SERVER_WINDOW_MS;
  const margin = options.marginMs ?? DEFAULT_MARGIN_MS;
  return { limit: Math.floor(perWindow), windowMs: Math.ceil(server + Math.max(0, margin)) };
}

/**
 * Grants a take may bring the window to: `limit − keep`, with `keep` clamped to `limit − 1` so
 * that a keep at or above the limit means "only from an empty window", never "never".
 */
export function allowedCount(shape: BudgetShape, options?: TakeOptions): number {
  const keep = options?.keep;
  const reserve = keep === undefined || !Number.isFinite(keep) || keep <= 0 ? 0 : Math.floor(keep);
  return shape.limit - Math.min(reserve, shape.limit - 1);
}

/** Grants older than this may be pruned (twice the window: a host whose clock lags still counts them). */
export function pruneBefore(shape: BudgetShape, nowMs: number): number {
  return nowMs - 2 * shape.windowMs;
}

/**
 * The wait until a take at `nowMs` could be granted, from the grant times still in the window
 * (`inWindow`, ascending, each > nowMs − windowMs): the moment enough of the oldest leave it.
 */
export function waitForRoom(inWindow: readonly number[], allowed: number, shape: BudgetShape, nowMs: number): number {
  const leaving = inWindow[inWindow.length - allowed];
  if (leaving === undefined) return 1;
  return Math.max(1, Math.ceil(leaving + shape.windowMs - nowMs));
}

/** The in-process log: one per store, shared by every budget handed out for it. */
export class GrantLog {
  /** Ascending as long as callers' clocks are; inserts keep it sorted. */
  readonly times: number[] = [];
  blockedUntil = 0;

  record(at: number): void {
    let i = this.times.length;
    while (i > 0 && (this.times[i - 1] ?? 0) > at) i--;
    this.times.splice(i, 0, at);
  }

  /** Grants after `sinceMs` (exclusive), ascending; drops those before `pruneMs`. */
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

  async tryTake(nowMs: number, options?: TakeOptions): Promise<{ granted: boolean; waitMs: number }> {
    const log = this.#log;
    if (nowMs < log.blockedUntil) return { granted: false, waitMs: log.blockedUntil - nowMs };
    const inWindow = log.since(nowMs - this.#shape.windowMs, pruneBefore(this.#shape, nowMs));
    const allowed = allowedCount(this.#shape, options);
    if (inWindow.length < allowed) {
      log.record(nowMs);
      return { granted: true, waitMs: 0 };
    }
    return { granted: false, waitMs: waitForRoom(inWindow, allowed, this.#shape, nowMs) };
  }

  async blockUntil(untilMs: number): Promise<void> {
    if (untilMs > this.#log.blockedUntil) this.#log.blockedUntil = untilMs;
  }
}
