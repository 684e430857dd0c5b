/**
 * Fixed 60 s windows per token and limiter, like Laravel's throttle middleware behind the real
 * API: the window opens at the first call and every call in it counts, refused ones included.
 */
import type { Clock } from '../core/shared/ports.ts';

export type LimiterName = 'billing' | 'general';

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Epoch ms when the window resets. */
  readonly resetAt: number;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  readonly #clock: Clock;
  readonly #limits: Record<LimiterName, number>;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(clock: Clock, limits: Record<LimiterName, number>) {
    this.#clock = clock;
    this.#limits = limits;
  }

  take(key: string, limiter: LimiterName): RateDecision {
    const now = this.#clock.now();
    const id = `${limiter}:${key}`;
    let w = this.#windows.get(id);
    if (!w || now >= w.start + WINDOW_MS) {
      w = { start: now, count: 0 };
      this.#windows.set(id, w);
    }
    w.count++;
    const limit = this.#limits[limiter];
    return { allowed: w.count <= limit, limit, remaining: Math.max(0, limit - w.count), resetAt: w.start + WINDOW_MS };
  }

  reset(): void {
    this.#windows.clear();
  }
}

/** Billing mutations share the small budget; reads and everything else the large one. */
export function limiterFor(method: string, apiPath: string): LimiterName {
  if (method === 'GET' || method === 'HEAD') return 'general';
  return /^\/(billing|wallet|subscriptions)(\/|$)/.test(apiPath) ? 'billing' : 'general';
}
