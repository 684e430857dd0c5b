/**
 * Token bucket for billing calls in one process.
 *
 * ModelsLab counts billing calls in fixed 60 s windows. A plain bucket of `perMinute` tokens per
 * minute plus a burst of B could grant perMinute + B − 1 calls inside one window and draw a 429.
 * So the refill rate is (perMinute − B + 1) per minute: a full bucket spent at once plus
 * everything refilled in the next 60 s is at most `perMinute`.
 */
import type { RateBudget, TakeOptions } from '../core/ports.ts';

export const DEFAULT_BURST = 3;
export const WINDOW_MS = 60_000;

export interface BucketShape {
  readonly capacity: number;
  /** Tokens per ms. */
  readonly ratePerMs: number;
}

/**
 * Tokens a `keep` can actually reserve: the bucket never holds more than `capacity`, so after a
 * take at most capacity − 1 remain. Clamped so that keep ≥ burst means "only from a full bucket".
 */
export function reservable(keep: number | undefined, capacity: number): number {
  if (keep === undefined || !Number.isFinite(keep) || keep <= 0) return 0;
  return Math.min(Math.floor(keep), capacity - 1);
}

export function bucketShape(perMinute: number, burst = DEFAULT_BURST): BucketShape {
  if (!Number.isFinite(perMinute) || perMinute < 1) throw new RangeError(`perMinute must be ≥ 1, got ${perMinute}`);
  const capacity = Math.max(1, Math.min(Math.floor(burst), Math.floor(perMinute)));
  return { capacity, ratePerMs: (Math.floor(perMinute) - capacity + 1) / WINDOW_MS };
}

export class MemoryRateBudget implements RateBudget {
  readonly #shape: BucketShape;
  #tokens: number;
  #last: number | undefined;
  #blockedUntil = 0;

  constructor(perMinute: number, burst = DEFAULT_BURST) {
    this.#shape = bucketShape(perMinute, burst);
    this.#tokens = this.#shape.capacity;
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<{ granted: boolean; waitMs: number }> {
    if (nowMs < this.#blockedUntil) return { granted: false, waitMs: this.#blockedUntil - nowMs };
    this.#refill(nowMs);
    const needed = 1 + reservable(options?.keep, this.#shape.capacity);
    if (this.#tokens >= needed) {
      this.#tokens -= 1;
      return { granted: true, waitMs: 0 };
    }
    return { granted: false, waitMs: Math.max(1, Math.ceil((needed - this.#tokens) / this.#shape.ratePerMs)) };
  }

  async blockUntil(untilMs: number): Promise<void> {
    if (untilMs <= this.#blockedUntil) return;
    this.#blockedUntil = untilMs;
    // The server's window restarts at `untilMs`: allow one call then, not a saved-up burst.
    this.#tokens = 1;
    this.#last = untilMs;
  }

  #refill(nowMs: number): void {
    if (this.#last !== undefined && nowMs > this.#last) {
      this.#tokens = Math.min(this.#shape.capacity, this.#tokens + (nowMs - this.#last) * this.#shape.ratePerMs);
    }
    if (this.#last === undefined || nowMs > this.#last) this.#last = nowMs;
  }
}

/**
 * One in-process bucket per rate, handed out again on every call: the watcher and the engine's
 * mutations must spend the same tokens (memory and sqlite stores; Redis shares its own).
 */
export class ProcessBudgets {
  readonly #byRate = new Map<number, RateBudget>();

  get(perMinute: number): RateBudget {
    let budget = this.#byRate.get(perMinute);
    if (!budget) {
      budget = new MemoryRateBudget(perMinute);
      this.#byRate.set(perMinute, budget);
    }
    return budget;
  }
}
